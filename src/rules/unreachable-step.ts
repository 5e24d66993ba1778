import { defineRule } from './define.js';

export default defineRule({
  meta: {
    id: 'unreachable-step',
    category: 'broken',
    defaultSeverity: 'error',
    description: 'A step no path from the start reaches.',
    rationale:
      'A step nobody can reach is a promise on paper: the team believes the customer gets this service, but the journey ' +
      'never leads there. Usually a missing `next`, a renamed step, or a channel that was planned and never connected.',
    fix: 'Connect the step with a `next` from the step that should lead to it, or delete it if it is obsolete.',
    messages: {
      unreachable: "step '{{step}}' cannot be reached from the start step '{{start}}'",
      noStart: "step '{{step}}' cannot be reached: the journey has no valid start step",
    },
    priority: { fixScope: 'quick', effort: 1 },
  },
  check({ journey, analysis, report }) {
    const start = journey.steps[journey.start];
    for (const step of journey.steps) {
      if (analysis.reachable[step.index]) continue;
      report(
        start
          ? { path: step.path, messageId: 'unreachable', data: { step: step.id, start: start.id } }
          : { path: step.path, messageId: 'noStart', data: { step: step.id } },
      );
    }
  },
});
