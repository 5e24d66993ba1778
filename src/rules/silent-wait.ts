import type { Step } from '../model/journey.js';
import { formatDuration, parseDuration } from '../util/text.js';
import { defineRule } from './define.js';

interface Options {
  maxSilence: string;
}

/** Same pattern as durations in the journey schema, so a bad option is a config error, not a silent default. */
const durationPattern = '^[0-9]{1,9}(\\.[0-9]{1,3})?(s|m|h|d|w)$';

export default defineRule<Options, 'silent'>({
  meta: {
    id: 'silent-wait',
    category: 'broken',
    defaultSeverity: 'warning',
    description: 'A long `wait` or `approval` during which nobody tells the customer anything.',
    rationale:
      'Waiting is bearable when the customer knows what is happening and until when; silence is what makes them call to ask. ' +
      'Every "where is my refund?" call is the cost of a wait nobody announced. A message at the start of a long wait (what ' +
      'happens, how long it takes) or at its end removes most of those calls.',
    fix:
      'Add a `message` to the wait step (the notice the customer gets), or a `kind: message` step (or a step with a `message`) ' +
      'right before or after it that tells the customer what happens and how long it takes. Only the steps right before and ' +
      'right after the wait count: a message sent earlier in the journey is not news about this wait. A wait without a ' +
      '`duration` is not judged; add one to have it checked.',
    messages: {
      silent:
        "{{kind}} step '{{step}}' takes {{duration}}, longer than {{maxSilence}}, and nobody tells the customer anything: no `message` on it or on a step right before or after it",
    },
    priority: { fixScope: 'quick', effort: 2 },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        maxSilence: {
          type: 'string',
          pattern: durationPattern,
          description: 'Longest wait without a message to the customer, as a duration (30m, 4h, 1d, 1w).',
        },
      },
    },
    defaultOptions: { maxSilence: '1d' },
    optionDocs: {
      maxSilence:
        'Longest `duration` a `wait` or `approval` step may have without telling the customer (strictly longer is flagged). ' +
        'A wait without a `duration` is not flagged: its length is unknown.',
    },
  },
  check({ journey, analysis, options, report }) {
    const maxSilence = parseDuration(options.maxSilence) ?? 24 * 60;
    // A step tells the customer something when it carries a `message` or is itself a message step.
    const tellsCustomer = (step: Step): boolean => step.message !== undefined || step.kind === 'message';
    for (const step of journey.steps) {
      if (step.kind !== 'wait' && step.kind !== 'approval') continue;
      if (step.duration === undefined || step.duration <= maxSilence || step.message !== undefined) continue;
      // Only the steps right before and right after the wait count as telling the customer during it.
      if (analysis.predecessorsOf(step).some(tellsCustomer) || analysis.successorsOf(step).some(tellsCustomer)) continue;
      report({
        path: step.path,
        messageId: 'silent',
        data: { kind: step.kind, step: step.id, duration: formatDuration(step.duration), maxSilence: formatDuration(maxSilence) },
      });
    }
  },
});
