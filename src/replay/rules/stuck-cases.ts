import { countAbove } from '../histogram.js';
import { parseDuration } from '../../util/text.js';
import { cases, defineReplayRule, seconds } from './define.js';

export default defineReplayRule<{ after?: string; minCases: number }>({
  meta: {
    id: 'stuck-cases',
    category: 'replay',
    defaultSeverity: 'error',
    description: "Cases that stopped at a step with no way to an end and have had no news for longer than the journey's longest promise.",
    rationale:
      "A case with no event for longer than anything the journey promises is a customer left without news: nobody is working on it, nobody told them, and the next thing that happens is usually a complaint. These cases are invisible in averages because they never finish.",
    fix: 'Close or chase the stuck cases, and give the step where they stop a timeout branch with a message to the customer (see silent-wait).',
    messages: {
      stuck: "{{count}} stopped at '{{step}}' without reaching an end, with no event for more than {{after}} ({{basis}})",
      stuckUnknown: "{{count}} with no recorded step stopped at activity '{{activity}}', with no event for more than {{after}} ({{basis}})",
    },
    optionsSchema: {
      type: 'object',
      properties: { after: { type: 'string', pattern: '^\\d+(\\.\\d+)?\\s*(s|m|h|d|w)$' }, minCases: { type: 'integer', minimum: 1 } },
      additionalProperties: false,
    },
    defaultOptions: { minCases: 1 },
    optionDocs: {
      after: "idle time after which an open case is stuck (default: the journey's longest `sla`, else 30d)",
      minCases: 'fewest stuck cases at a step that make a finding',
    },
  },
  check({ journey, lived, options, report }) {
    const longestSla = Math.max(0, ...journey.steps.map((step) => step.sla ?? 0));
    const chosen = options.after === undefined ? undefined : parseDuration(options.after);
    const limitMinutes = chosen ?? (longestSla > 0 ? longestSla : 30 * 24 * 60);
    const basis = chosen !== undefined ? 'the stuck-cases option' : longestSla > 0 ? 'the longest promise' : 'no promise in the journey: 30 days';
    const stuckAt = new Map<number, number>();
    const stuckAtUnknown = new Map<string, number>();
    for (const variant of lived.variants) {
      if (variant.end >= 0) continue;
      const idle = lived.aggregates.caseIdle.get(variant.key);
      const count = idle === undefined ? 0 : countAbove(idle, limitMinutes * 60);
      if (count === 0) continue;
      if (variant.last >= 0) stuckAt.set(variant.last, (stuckAt.get(variant.last) ?? 0) + count);
      else if (variant.lastActivity !== undefined) stuckAtUnknown.set(variant.lastActivity, (stuckAtUnknown.get(variant.lastActivity) ?? 0) + count);
    }
    for (const [activity, count] of [...stuckAtUnknown].sort((a, b) => a[0].localeCompare(b[0]))) {
      if (count >= options.minCases) report({ path: [], messageId: 'stuckUnknown', data: { count: cases(count), activity, after: seconds(limitMinutes * 60), basis } });
    }
    for (const [index, count] of [...stuckAt].sort((a, b) => a[0] - b[0])) {
      if (count < options.minCases) continue;
      const step = journey.steps[index]!;
      report({ path: step.path, step, messageId: 'stuck', data: { count: cases(count), step: step.id, after: seconds(limitMinutes * 60), basis } });
    }
  },
});
