import { edgeAt, stepAt, type Journey, type Step } from '../model/journey.js';
import { defineRule } from './define.js';

/** Kinds that do something by themselves: decide, approve, wait for a reason, tell, finish. */
const kindsWithContent = new Set(['decision', 'approval', 'wait', 'message', 'end']);
const backOfficeActors = new Set(['backstage', 'system', 'partner']);

interface PassThroughStepOptions {
  backOffice: boolean;
}

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
    step.duration === undefined &&
    !step.canFail
  );
}

function singleNext(journey: Journey, step: Step): Step | undefined {
  const [edgeIndex, ...otherEdges] = step.out;
  if (step.in.length !== 1 || edgeIndex === undefined || otherEdges.length > 0) return undefined;
  const { to } = edgeAt(journey, edgeIndex);
  return to >= 0 && to !== step.index ? stepAt(journey, to) : undefined;
}

export default defineRule<PassThroughStepOptions>({
  meta: {
    id: 'pass-through-step',
    category: 'redundant',
    defaultSeverity: 'warning',
    description: 'A hand-off or front-line step that collects nothing, says nothing, decides nothing and only passes the customer on.',
    rationale:
      'A step with one way in and one way out that adds nothing is a queue: the case waits in another inbox and the ' +
      'customer waits with it. Handoffs and waiting for nothing are what customers name when they describe a journey as ' +
      'hard work (Dixon, Toman and DeLisi, The Effortless Experience). Flagged: a `kind: handoff` step, or a front-line ' +
      '(agent) step that passes the customer to another owner or channel (the next step is one the customer meets: a ' +
      'customer or agent step, or one showing a `message`), with exactly one way in and one out and no ' +
      '`collects`, `uses`, `requires`, `message`, `fee`, `sla`, `duration` or `can-fail`. Back-office steps (backstage, ' +
      'system, partner) are left alone by default: process models name their work (pick, pack, check, cancel a booking) ' +
      'without listing what it touches.',
    fix: 'Remove the step and connect its predecessor straight to the next step, or write down what it really does (the data it checks, the system it updates, the time it takes).',
    messages: {
      passesOn: "step '{{step}}' only passes the customer on to '{{next}}' ({{to}}): it collects, says and decides nothing; connect the steps directly or say what it does",
      handoff: "step '{{step}}' is a pure handoff to '{{next}}' that adds nothing for the customer: connect the steps directly",
    },
    priority: { fixScope: 'quick', effort: 1 },
    optionsSchema: { type: 'object', additionalProperties: false, properties: { backOffice: { type: 'boolean' } } },
    defaultOptions: { backOffice: false },
    optionDocs: {
      backOffice:
        'Also flag back-office steps (backstage, system, partner) that record nothing they touch and forward to a step of the same department.',
    },
  },
  check({ journey, options, report }) {
    for (const step of journey.steps) {
      const next = singleNext(journey, step);
      if (!next || !onlyForwards(step)) continue;
      const backOffice = step.actor !== undefined && backOfficeActors.has(step.actor);
      if (backOffice) {
        if (options.backOffice && (step.kind === 'handoff' || (step.owner !== undefined && step.owner === next.owner))) {
          report({ path: step.path, messageId: 'handoff', data: { step: step.id, next: next.id }, relatedSteps: [next] });
        }
        continue;
      }
      if (step.kind === 'handoff') {
        report({ path: step.path, messageId: 'handoff', data: { step: step.id, next: next.id }, relatedSteps: [next] });
        continue;
      }
      if (step.actor !== 'agent') continue;
      // The customer is passed on only to a step they meet: handing the order to the kitchen is work, not a transfer.
      const customerMeetsNext = next.actor === 'customer' || next.actor === 'agent' || next.message !== undefined || next.kind === 'end';
      if (!customerMeetsNext || next.kind === 'end') continue;
      const to: string[] = [];
      if (next.owner !== undefined && next.owner !== step.owner) to.push(`owner ${next.owner}`);
      if (next.channel !== undefined && step.channel !== undefined && next.channel !== step.channel) to.push(`${next.channel} channel`);
      if (to.length === 0) continue;
      report({ path: step.path, messageId: 'passesOn', data: { step: step.id, next: next.id, to: to.join(', ') }, relatedSteps: [next] });
    }
  },
});
