import { countAbove, percentile, total } from '../histogram.js';
import { defineReplayRule, fieldPath, percent, seconds } from './define.js';

export default defineReplayRule<{ percentile: number; minCases: number }>({
  meta: {
    id: 'sla-breach',
    category: 'replay',
    defaultSeverity: 'error',
    description: "The measured response time of a step (its 90th percentile by default) is longer than the step's `sla`.",
    rationale:
      "An `sla` is a promise made to the customer. When one customer in ten waits longer than promised, the promise is broken for many people every day, and they call to chase it (repeat contacts), lose trust, or leave. Medians hide this: a promise is kept for the slow cases or not at all.",
    fix: 'Make the promise true (staff, automation, fewer hand-offs before the step) or make it honest (a longer `sla` and the message that announces it).',
    messages: {
      breach: "'{{step}}' promises {{sla}}, but as lived its p{{percentile}} is {{measured}} (median {{median}}; {{over}} of {{count}} {{what}} over the promise)",
    },
    optionsSchema: {
      type: 'object',
      properties: { percentile: { type: 'number', exclusiveMinimum: 0, maximum: 100 }, minCases: { type: 'integer', minimum: 1 } },
      additionalProperties: false,
    },
    defaultOptions: { percentile: 90, minCases: 5 },
    optionDocs: { percentile: 'the percentile of measured times compared with the promise', minCases: 'fewest measured times that make a finding' },
  },
  check({ journey, lived, options, report }) {
    for (const step of journey.steps) {
      if (step.sla === undefined) continue;
      // A customer's contact is answered by whatever the company does next; a company step is measured from the event before it.
      const customer = step.actor === 'customer';
      const times = customer ? lived.responseTimes[step.index]! : lived.arrivalTimes[step.index]!;
      const count = total(times);
      if (count < options.minCases) continue;
      const measured = percentile(times, options.percentile)!;
      const promised = step.sla * 60;
      // Only times certainly longer than the promise count (a histogram bucket is 5% wide): the promise is broken when
      // more than (100 - percentile)% of them are.
      const over = countAbove(times, promised);
      if (over / count <= 1 - options.percentile / 100) continue;
      report({
        path: fieldPath(step, 'sla'),
        step,
        messageId: 'breach',
        data: {
          step: step.id,
          sla: seconds(promised),
          percentile: options.percentile,
          measured: seconds(measured),
          median: seconds(percentile(times, 50)),
          over: percent(over / count),
          count,
          what: customer ? 'answers' : 'arrivals',
        },
      });
    }
  },
});
