import type { Step } from '../../model/journey.js';
import { defineReplayRule, percent } from './define.js';

export default defineReplayRule<{ minCases: number }>({
  meta: {
    id: 'skipped-step',
    category: 'replay',
    defaultSeverity: 'warning',
    description: 'Cases pass over a recorded step that the journey has on every way between the steps they go from and to.',
    rationale:
      'A step the journey puts between A and C that cases leave out is a check not made, a confirmation not sent or an approval not asked: the customer may be better off (the step was needless) or worse off (a promise was not kept). Either way the journey and the process disagree.',
    fix: 'If the step is needless, give the journey a way around it (a `next` branch from the step before); if it is required, find out why cases skip it.',
    messages: {
      skipped: "{{cases}} cases ({{share}}) pass over '{{step}}'{{how}}",
    },
    optionsSchema: { type: 'object', properties: { minCases: { type: 'integer', minimum: 1 } }, additionalProperties: false },
    defaultOptions: { minCases: 5 },
    optionDocs: { minCases: 'fewest cases passing over a step that make a finding' },
  },
  check({ journey, lived, options, report }) {
    // One finding per skipped step, naming the most common way around it.
    const byStep = new Map<number, { cases: number; ways: number; from: number; to: number; best: number }>();
    for (const deviation of lived.deviations) {
      for (const skipped of deviation.skipped) {
        const entry = byStep.get(skipped) ?? { cases: 0, ways: 0, from: deviation.from, to: deviation.to, best: 0 };
        entry.cases += deviation.cases;
        entry.ways++;
        if (deviation.cases > entry.best) Object.assign(entry, { best: deviation.cases, from: deviation.from, to: deviation.to });
        byStep.set(skipped, entry);
      }
    }
    for (const [index, entry] of [...byStep].sort((a, b) => a[0] - b[0])) {
      if (entry.cases < options.minCases) continue;
      const step: Step = journey.steps[index]!;
      const from = entry.from === -1 ? 'the start' : journey.steps[entry.from]!.id;
      report({
        path: step.path,
        messageId: 'skipped',
        data: {
          cases: entry.cases,
          share: percent(entry.cases / lived.cases),
          step: step.id,
          how: `${entry.ways > 1 ? ', most often' : ''} going from '${from}' to '${journey.steps[entry.to]!.id}'`,
        },
      });
    }
  },
});
