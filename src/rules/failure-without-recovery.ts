import type { Edge } from '../model/journey.js';
import { isPerson, isResolvedEnd } from '../model/step-facts.js';
import { wordMatcher } from '../model/wording.js';
import { defineRule } from './define.js';

interface FailureWithoutRecoveryOptions {
  failureWords: string[];
}

export default defineRule<FailureWithoutRecoveryOptions>({
  meta: {
    id: 'failure-without-recovery',
    category: 'broken',
    defaultSeverity: 'warning',
    description: 'After a failure branch, the customer can reach neither a resolution nor a person.',
    rationale:
      'Failures happen: a card is declined, a document is unreadable, a slot is taken. What decides whether the customer stays ' +
      'is what happens next. When the failure branch leads only to an unresolved end, one failed card payment loses the ' +
      'customer everything they did so far, with nobody to turn to. Flagged: a branch the start can reach that is a failure ' +
      'branch (it sets `failure: true`, or it leaves a `can-fail` step and its `when` mentions a failure word, as for ' +
      'fail-point-unhandled; a decision\'s "rejected" branch is a refusal, which silent-rejection judges) after which no ' +
      '`resolved` end and no agent step can be reached. A failure branch leaving an agent step is left alone: the customer ' +
      'meets the failure with a person.',
    fix:
      'Give the failure a way back: a retry or another method that can still resolve (another card, another slot), or a ' +
      'person (an agent step) who can sort it out.',
    priority: { fixScope: 'structural', effort: 3 },
    messages: {
      noRecovery:
        "after '{{when}}' at step '{{step}}' the customer is sent to '{{target}}'{{outcome}}, from where neither a resolution nor a person can be reached",
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { failureWords: { type: 'array', items: { type: 'string', minLength: 1 } } },
    },
    defaultOptions: { failureWords: ['fail', 'error', 'declined', 'rejected', 'timeout', 'unavailable'] },
    optionDocs: {
      failureWords: 'Words (or word beginnings) in a branch `when` that make it a failure branch; `failure: true` always does.',
    },
  },
  check({ journey, analysis, options, report }) {
    const matcher = wordMatcher(options.failureWords);
    // The spec's failure-branch reading: `failure: true`, or a failure word in the `when` of a `can-fail` step's branch. A
    // decision's "rejected" or "declined" branch is a refusal (silent-rejection's concern), not a failure.
    const isFailureBranch = (edge: Edge) =>
      edge.failure || (analysis.step(edge.from).canFail && edge.when !== undefined && matcher !== undefined && matcher.test(edge.when));
    const recovers = analysis.canReachThrough(
      journey.steps.filter((step) => isResolvedEnd(step) || isPerson(step)),
      () => true,
    );
    for (const edge of journey.edges) {
      if (edge.to < 0 || !analysis.reachable[edge.from] || !isFailureBranch(edge) || recovers[edge.to]) continue;
      const from = analysis.step(edge.from);
      // A failure met with an agent is met with a person, who can explain it and say what else can be done.
      if (isPerson(from)) continue;
      const target = analysis.step(edge.to);
      report({
        path: edge.path,
        step: from,
        messageId: 'noRecovery',
        data: { when: edge.when ?? 'failure', step: from.id, target: target.id, outcome: target.kind === 'end' && target.outcome ? ` (${target.outcome})` : '' },
        relatedSteps: [target],
      });
    }
  },
});
