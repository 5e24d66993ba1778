import type { Edge } from '../model/journey.js';
import { defineRule } from './define.js';

interface Options {
  failureWords: string[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Matches a failure word at the start of a word, so 'fail' finds "payment failed" and "failure" but not "unfailing". */
function failureMatcher(words: readonly string[]): RegExp | undefined {
  const stems = words.map((word) => word.trim()).filter((word) => word !== '');
  if (stems.length === 0) return undefined;
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${stems.map(escapeRegExp).join('|')})`, 'iu');
}

export default defineRule<Options, 'noFailureBranch'>({
  meta: {
    id: 'fail-point-unhandled',
    category: 'broken',
    defaultSeverity: 'error',
    description: 'A `can-fail` step without a failure branch.',
    rationale:
      'Payments are declined, identity checks fail, deliveries miss. When the journey only draws the happy path, the customer ' +
      'who hits the failure is on their own: the web page shows an error with no next step, the agent has no script, and the ' +
      'customer calls back to find out what happened.',
    fix:
      'Add a branch for the failure under `next`, with a `when` that names it ("card declined", "verification failed") or ' +
      '`failure: true`, leading to a recovery step (retry, another method, a person) or an `end` that says what happens.',
    messages: {
      noFailureBranch: "step '{{step}}' can fail but has no failure branch: a customer whose attempt fails has nowhere to go",
    },
    priority: { fixScope: 'quick', effort: 1 },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        failureWords: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          description: 'Words (or word beginnings) in a branch `when` that make it the failure branch.',
        },
      },
    },
    defaultOptions: { failureWords: ['fail', 'error', 'declined', 'rejected', 'timeout', 'unavailable'] },
    reads: 'step',
    optionDocs: {
      failureWords:
        'A branch is the failure branch when its `when` contains one of these at the start of a word, case-insensitively ' +
        '("fail" matches "payment failed" and "Failure"), or when it sets `failure: true`.',
    },
  },
  check({ journey, analysis, options, report }) {
    const matcher = failureMatcher(options.failureWords);
    const isFailureBranch = (edge: Edge): boolean => edge.failure || (edge.when !== undefined && matcher !== undefined && matcher.test(edge.when));
    for (const step of journey.steps) {
      if (!step.canFail) continue;
      if (analysis.branches(step).some(isFailureBranch)) continue;
      report({ path: step.path, messageId: 'noFailureBranch', data: { step: step.id } });
    }
  },
});
