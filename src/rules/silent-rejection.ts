import { tellsTheCustomer } from '../model/step-facts.js';
import { defineRule } from './define.js';

interface SilentRejectionOptions {
  outcomes: string[];
}

export default defineRule<SilentRejectionOptions>({
  meta: {
    id: 'silent-rejection',
    category: 'broken',
    defaultSeverity: 'warning',
    description: 'The customer is turned away (refused, rejected, unresolved, cancelled) without being told why or what next.',
    rationale:
      'A refusal the customer is not told about is worse than the refusal: they wait for an answer that never comes, call to ' +
      'ask, and learn the outcome from a bank statement or a missing parcel. Being told why, and what they can do next (another ' +
      'product, an appeal, a person to talk to), is what makes a "no" acceptable. Flagged: an `end` the start can reach whose ' +
      '`outcome` is not one of `outcomes` (by default `resolved` and `abandoned`: the customer got what they came for, or left ' +
      'of their own accord), with no `message` on it and a step right before it that shows none either (a `kind: message` step ' +
      'counts as telling). Ends without an `outcome` are left alone.',
    fix:
      'Tell the customer: put a `message` on the end step or on the step right before it (the letter, e-mail or script that ' +
      'gives the reason and the next step), or a `kind: message` step in front of the end.',
    priority: { fixScope: 'quick', effort: 2 },
    messages: {
      silent:
        "end '{{step}}' turns the customer away ({{outcome}}) without telling them why or what next: no `message` on it or on step '{{before}}' right before it",
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { outcomes: { type: 'array', items: { type: 'string' }, uniqueItems: true } },
    },
    defaultOptions: { outcomes: ['resolved', 'abandoned'] },
    optionDocs: { outcomes: 'End outcomes that need no explanation to the customer.' },
  },
  check({ journey, analysis, options, report }) {
    const quiet = new Set(options.outcomes);
    for (const step of journey.steps) {
      if (step.kind !== 'end' || step.outcome === undefined || quiet.has(step.outcome) || !analysis.reachable[step.index]) continue;
      if (tellsTheCustomer(step)) continue;
      // The first way in (in flow order, so that reordering the file changes nothing) on which nobody tells the
      // customer anything; an end that leads back to itself is no way in.
      const waysIn = analysis.predecessorsOf(step).filter((previous) => previous !== step && analysis.reachable[previous.index]);
      const before = analysis.inFlowOrder(waysIn.map((previous) => previous.index)).find((previous) => !tellsTheCustomer(previous));
      if (!before) continue;
      report({ path: step.path, messageId: 'silent', data: { step: step.id, outcome: step.outcome, before: before.id }, relatedSteps: [before] });
    }
  },
});
