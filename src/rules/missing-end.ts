import { defineRule } from './define.js';
import { listSteps } from './messages.js';

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
    priority: { fixScope: 'structural', effort: 1 },
  },
  check({ journey, analysis, report }) {
    // In flow order (by id where the start reaches none), so the message does not depend on the order of the file.
    const ends = analysis.inFlowOrder(analysis.ends);
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
        ends: listSteps(ends, 8),
        start: start.id,
      },
      relatedSteps: ends,
    });
  },
});
