import { stepAt } from '../model/journey.js';
import { createHinter } from '../util/suggest.js';
import { defineRule } from './define.js';

export default defineRule({
  meta: {
    id: 'unknown-step',
    category: 'broken',
    defaultSeverity: 'error',
    description: 'A `next` names a step that does not exist.',
    rationale:
      'A branch that leads nowhere is a customer left standing at the counter: the process says "then we do X" and X was renamed, ' +
      'removed or never written down. Every other check of the journey is blind past this point.',
    fix: 'Point `next` at an existing step id (check for typos and renamed steps) or add the missing step.',
    messages: {
      unknown: "step '{{from}}' continues to '{{target}}', which is not a step of this journey{{hint}}",
    },
    priority: { fixScope: 'quick', effort: 1 },
    reads: 'step',
  },
  check({ journey, report }) {
    // Built once per journey: hints for every unknown target must not cost steps × targets.
    let hint: ((word: string) => string) | undefined;
    for (const edge of journey.edges) {
      if (edge.to >= 0) continue;
      const from = stepAt(journey, edge.from);
      report({
        path: edge.targetPath,
        step: from,
        messageId: 'unknown',
        data: { from: from.id, target: edge.target, hint: (hint ??= createHinter(journey.stepIndexById.keys()))(edge.target) },
      });
    }
  },
});
