import type { Journey, Step } from '../model/journey.js';
import { defineRule } from './define.js';

/** Kinds that do something by themselves: decide, approve, wait for a reason, tell, finish. */
const kindsWithContent = new Set(['decision', 'approval', 'wait', 'message', 'end']);

function onlyForwards(step: Step): boolean {
  return (
    step.actor !== 'customer' &&
    !kindsWithContent.has(step.kind) &&
    step.collects.length === 0 &&
    step.uses.length === 0 &&
    step.requires.length === 0 &&
    step.message === undefined &&
    step.fee === undefined &&
    step.sla === undefined &&
    !step.canFail
  );
}

function singleNext(journey: Journey, step: Step): Step | undefined {
  if (step.in.length !== 1 || step.out.length !== 1) return undefined;
  const to = journey.edges[step.out[0]!]!.to;
  return to >= 0 && to !== step.index ? journey.steps[to] : undefined;
}

export default defineRule({
  meta: {
    id: 'pass-through-step',
    category: 'redundant',
    defaultSeverity: 'warning',
    description: 'A company step that collects nothing, says nothing, decides nothing and only forwards the customer.',
    rationale:
      'A step with one way in and one way out that adds nothing is a queue: the case waits in another inbox and the ' +
      'customer waits with it. Handoffs and waiting for nothing are what customers name when they describe a journey as ' +
      'hard work (Dixon, Toman and DeLisi, The Effortless Experience). Flagged: a non-customer step with exactly one way ' +
      'in and one out, no `collects`, `uses`, `requires`, `message`, `fee`, `sla` or `can-fail`, not a decision, approval, ' +
      'wait, message or end, that is either a pure forward (`kind: handoff`) or owned by the same department as the next step.',
    fix: 'Remove the step and connect its predecessor straight to the next step, or write down what it really does (the data it checks, the system it updates).',
    messages: {
      sameOwner: "step '{{step}}' only forwards to '{{next}}', which the same department ({{owner}}) owns: remove it or say what it does",
      handoff: "step '{{step}}' is a pure handoff to '{{next}}' that adds nothing for the customer: connect the steps directly",
    },
    priority: { fixScope: 'quick', effort: 1 },
  },
  check({ journey, report }) {
    for (const step of journey.steps) {
      const next = singleNext(journey, step);
      if (!next || !onlyForwards(step)) continue;
      if (step.kind === 'handoff') {
        report({ path: step.path, messageId: 'handoff', data: { step: step.id, next: next.id }, relatedSteps: [next] });
      } else if (step.owner !== undefined && step.owner === next.owner) {
        report({ path: step.path, messageId: 'sameOwner', data: { step: step.id, next: next.id, owner: step.owner }, relatedSteps: [next] });
      }
    }
  },
});
