import { contactSteps, firstContactResolution } from '../lived-metrics.js';
import { defineReplayRule, percent, seconds } from './define.js';

export default defineReplayRule<{ maxShare: number; minCases: number }>({
  meta: {
    id: 'repeat-contact',
    category: 'replay',
    defaultSeverity: 'warning',
    description: 'Too many cases contact the company again through the same step within the repeat window (first-contact resolution too low).',
    rationale:
      'A customer who has to call, write or come back again was not helped the first time: repeat contacts are the most direct measure of failure demand, cost the company a second handling and the customer a second effort. First-contact resolution per capability and channel shows where.',
    fix: 'Look at what the first contact leaves open (a missing answer, a promise with no follow-up, a hand-off without news) and close it at the first contact; `metrics --log` shows first-contact resolution per capability and channel.',
    messages: {
      repeat: "{{repeated}} of {{cases}} cases ({{share}}) contact again through '{{step}}' within {{window}}: first-contact resolution {{fcr}}{{byChannel}}",
    },
    optionsSchema: {
      type: 'object',
      properties: { maxShare: { type: 'number', minimum: 0, maximum: 1 }, minCases: { type: 'integer', minimum: 1 } },
      additionalProperties: false,
    },
    defaultOptions: { maxShare: 0.1, minCases: 10 },
    optionDocs: {
      maxShare: 'largest accepted share of cases with a repeat contact (0.1: one case in ten)',
      minCases: 'fewest cases with the contact that make a finding',
    },
  },
  check({ journey, lived, options, report }) {
    for (const step of contactSteps(journey, lived)) {
      const rows = firstContactResolution(lived, [step.index]);
      const cases = rows.reduce((sum, row) => sum + row.cases, 0);
      const repeated = rows.reduce((sum, row) => sum + row.repeated, 0);
      if (cases < options.minCases || repeated / cases <= options.maxShare) continue;
      const byChannel = rows.length > 1 ? ` (${rows.map((row) => `${row.channel}: ${percent(1 - row.repeated / row.cases)}`).join(', ')})` : '';
      report({
        path: step.path,
        step,
        messageId: 'repeat',
        data: { repeated, cases, share: percent(repeated / cases), step: step.id, window: seconds(lived.aggregates.summary.repeatWindow), fcr: percent(1 - repeated / cases), byChannel },
      });
    }
  },
});
