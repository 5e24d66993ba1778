import { flowRanks } from '../model/flow-order.js';
import { defineRule } from './define.js';

export default defineRule({
  meta: {
    id: 'missing-end',
    category: 'broken',
    defaultSeverity: 'error',
    description: 'No `end` step can be reached from the start.',
    rationale:
      'A journey that never ends is one where nobody has decided what "done" means for the customer: when is the refund paid, ' +
      'the complaint closed, the order delivered? Without an explicit end and outcome the team cannot measure resolution, and ' +
      'the customer cannot tell whether to wait or to call again.',
    fix:
      'Add a step with `kind: end` and an `outcome` (resolved, unresolved, abandoned, escalated) and lead the last steps of ' +
      'every path to it; if end steps exist, connect them to the path the customer actually takes from the start.',
    messages: {
      noEndStep: 'the journey has no `end` step at all: no customer path finishes with an outcome',
      noReachableEnd: "end step {{ends}} exists but cannot be reached from the start step '{{start}}': no customer path finishes with an outcome",
      noReachableEnds: "end steps {{ends}} exist but none can be reached from the start step '{{start}}': no customer path finishes with an outcome",
    },
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
    defaultOptions: {},
  },
  check({ journey, analysis, report }) {
    // In flow order (by id where the start reaches none), so the message does not depend on the order of the file.
    const ranks = flowRanks(journey);
    const ends = [...analysis.ends].sort((a, b) => ranks[a]! - ranks[b]!).map((index) => journey.steps[index]!);
    if (ends.length === 0) {
      report({ path: [], messageId: 'noEndStep' });
      return;
    }
    // Without a usable start the reference check already reports the `start` field.
    const start = journey.steps[journey.start];
    if (!start || ends.some((end) => analysis.reachable[end.index])) return;
    report({
      path: [],
      messageId: ends.length === 1 ? 'noReachableEnd' : 'noReachableEnds',
      data: {
        ends: ends.slice(0, 8).map((end) => `'${end.id}'`).join(', ') + (ends.length > 8 ? ` and ${ends.length - 8} more` : ''),
        start: start.id,
      },
      relatedSteps: ends,
    });
  },
});
