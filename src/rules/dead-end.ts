import { defineRule } from './define.js';

export default defineRule({
  meta: {
    id: 'dead-end',
    category: 'broken',
    defaultSeverity: 'error',
    description: 'A step that is not an `end` but has no way on.',
    rationale:
      'When a step has nowhere to go, the customer is left waiting for something that never happens: the form was sent, ' +
      'the call was logged, and nobody owns what comes next. Every journey path must finish in an explicit end with an outcome.',
    fix: 'Add a `next` to the step that should follow, or make it `kind: end` with an `outcome` if the journey really finishes here.',
    messages: {
      deadEnd: "step '{{step}}' has no `next` and is not an end step: the customer is left waiting here",
    },
    priority: { fixScope: 'quick', effort: 1 },
  },
  check({ journey, report }) {
    for (const step of journey.steps) {
      // Steps whose `next` names only unknown steps are reported by unknown-step, not here.
      if (step.kind === 'end' || step.out.length > 0) continue;
      report({ path: step.path, messageId: 'deadEnd', data: { step: step.id } });
    }
  },
});
