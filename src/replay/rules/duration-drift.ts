import { percentile, total } from '../histogram.js';
import { defineReplayRule, fieldPath, seconds } from './define.js';

export default defineReplayRule<{ factor: number; minCases: number }>({
  meta: {
    id: 'duration-drift',
    category: 'replay',
    defaultSeverity: 'warning',
    description: "The measured typical time of a step (median time since the event before it) is far from its declared `duration`.",
    rationale:
      "Declared durations feed the journey's figures: expected time to resolution, path-too-long, silent-wait. When they are far from what customers live, every one of those figures is wrong, and the workshop discusses a journey that is faster or slower than the real one.",
    fix: 'Update `duration` to the measured median, or find out why the step takes so much longer (or shorter) than designed.',
    messages: {
      slower: "'{{step}}' takes {{median}} as lived (median of {{count}}), {{ratio}}× the declared {{duration}}",
      faster: "'{{step}}' takes {{median}} as lived (median of {{count}}), {{ratio}}× faster than the declared {{duration}}",
    },
    optionsSchema: {
      type: 'object',
      properties: { factor: { type: 'number', exclusiveMinimum: 1 }, minCases: { type: 'integer', minimum: 1 } },
      additionalProperties: false,
    },
    defaultOptions: { factor: 2, minCases: 10 },
    optionDocs: { factor: 'how many times longer (or shorter) than declared the median may be', minCases: 'fewest measured times that make a finding' },
  },
  check({ journey, lived, options, report }) {
    for (const step of journey.steps) {
      if (step.duration === undefined || step.duration <= 0) continue;
      const times = lived.arrivalTimes[step.index]!;
      const count = total(times);
      if (count < options.minCases) continue;
      const median = percentile(times, 50)!;
      const declared = step.duration * 60;
      const ratio = median / declared;
      if (ratio <= options.factor && ratio >= 1 / options.factor) continue;
      const slower = ratio > 1;
      report({
        path: fieldPath(step, 'duration'),
        step,
        messageId: slower ? 'slower' : 'faster',
        data: { step: step.id, median: seconds(median), count, ratio: Number((slower ? ratio : 1 / ratio).toFixed(1)), duration: seconds(declared) },
      });
    }
  },
});
