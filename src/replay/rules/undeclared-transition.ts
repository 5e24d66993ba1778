import { percentile } from '../histogram.js';
import { defineReplayRule, fieldPath, percent, seconds } from './define.js';

export default defineReplayRule<{ minCases: number }>({
  meta: {
    id: 'undeclared-transition',
    category: 'replay',
    defaultSeverity: 'warning',
    description: 'Cases go from one step to another although the journey has no such way (nor one through unrecorded steps).',
    rationale:
      'When customers go from A to B and the journey has no way from A to B, either the journey is wrong (the company accepts that way and nobody wrote it down, so nobody audits it) or the process leaks (customers are sent somewhere nobody designed: back to the start, to another department, out of the channel).',
    fix: 'If the way is legitimate, add it to the `next` of the step it leaves from (with its share as `probability`); if it is not, fix the process so cases stay on the journey.',
    messages: {
      transition: "{{cases}} cases ({{share}}) go from '{{from}}' to '{{to}}' (median {{median}}), a way the journey does not have",
      start: "{{cases}} cases ({{share}}) begin at '{{to}}'; the journey begins at '{{start}}' and has no way from there to it",
    },
    optionsSchema: { type: 'object', properties: { minCases: { type: 'integer', minimum: 1 } }, additionalProperties: false },
    defaultOptions: { minCases: 5 },
    optionDocs: { minCases: 'fewest cases that make a deviation worth a finding' },
  },
  check({ journey, lived, options, report }) {
    for (const deviation of lived.deviations) {
      if (deviation.skipped.length > 0 || deviation.cases < options.minCases) continue;
      const to = journey.steps[deviation.to]!;
      const share = percent(deviation.cases / lived.cases);
      if (deviation.from === -1) {
        report({ path: to.path, step: to, messageId: 'start', data: { cases: deviation.cases, share, to: to.id, start: journey.steps[journey.start]?.id ?? '(none)' } });
        continue;
      }
      const from = journey.steps[deviation.from]!;
      report({
        path: from.out.length > 0 ? fieldPath(from, 'next') : from.path,
        step: from,
        relatedSteps: [to],
        messageId: 'transition',
        data: { cases: deviation.cases, share, from: from.id, to: to.id, median: seconds(percentile(deviation.times, 50)) },
      });
    }
  },
});
