import { waysAsLived } from '../replay.js';
import { defineReplayRule, percent } from './define.js';

export default defineReplayRule<{ minFitness: number; topVariants: number }>({
  meta: {
    id: 'fitness',
    category: 'replay',
    defaultSeverity: 'info',
    description: 'Fewer cases of the log follow the journey than expected: the share that fits, the share of moves that match, and the most common ways as lived.',
    rationale:
      'A journey file says how the company means customers to go; its systems record how they actually go. When few cases follow the journey, either the journey describes a process nobody runs (and every audit of it is an audit of fiction) or the process leaks. The share of matching moves tells which: a high share with few fitting cases means small, local deviations; a low one means the journey and the process have drifted apart.',
    fix: 'Read the most common ways as lived and the undeclared-transition and skipped-step findings: declare the ways the company accepts (add `next` branches, map the activities to steps) and fix the process where customers go where they should not.',
    messages: {
      fitness: '{{fitting}} of {{cases}} cases ({{share}}) follow the journey; {{moveShare}} of {{moves}} moves match it; most common as lived: {{variants}}',
      empty: 'the log has no usable event (no row with a case id, an activity and a time): nothing to replay',
    },
    optionsSchema: {
      type: 'object',
      properties: { minFitness: { type: 'number', minimum: 0, maximum: 1 }, topVariants: { type: 'integer', minimum: 1 } },
      additionalProperties: false,
    },
    defaultOptions: { minFitness: 1, topVariants: 3 },
    optionDocs: {
      minFitness: 'share of cases that must follow the journey (1: every case; a log where all cases fit reports nothing)',
      topVariants: 'how many of the most common variants the message names',
    },
  },
  check({ lived, options, report }) {
    if (lived.cases === 0) {
      report({ path: [], messageId: 'empty' });
      return;
    }
    if (lived.fittingCases / lived.cases >= options.minFitness) return;
    const variants = waysAsLived(lived)
      .slice(0, options.topVariants)
      .map((variant) => `${variant.visits.join(' → ') || '(no mapped step)'} (${percent(variant.cases / lived.cases)}${variant.fits ? '' : ', deviates'})`)
      .join('; ');
    report({
      path: [],
      messageId: 'fitness',
      data: {
        fitting: lived.fittingCases,
        cases: lived.cases,
        share: percent(lived.fittingCases / lived.cases),
        moveShare: percent(lived.moves === 0 ? 0 : lived.matchingMoves / lived.moves),
        moves: lived.moves,
        variants,
      },
    });
  },
});
