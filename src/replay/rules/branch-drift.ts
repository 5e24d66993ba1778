import { defineReplayRule, percent } from './define.js';

export default defineReplayRule<{ maxDifference: number; minCases: number }>({
  meta: {
    id: 'branch-drift',
    category: 'replay',
    defaultSeverity: 'warning',
    description: "The observed share of a branch is far from its declared `probability`.",
    rationale:
      "Branch probabilities weigh the journey's expected time and effort and tell a workshop where customers go. A failure branch declared at 5% that one case in three takes is a broken step hiding behind an optimistic number.",
    fix: 'Set `probability` to the observed share, or fix what sends more (or fewer) customers down the branch than designed.',
    messages: {
      drift: "{{observed}} of the {{total}} cases leaving '{{from}}' go to '{{to}}'; the journey declares {{declared}}",
    },
    optionsSchema: {
      type: 'object',
      properties: { maxDifference: { type: 'number', exclusiveMinimum: 0, maximum: 1 }, minCases: { type: 'integer', minimum: 1 } },
      additionalProperties: false,
    },
    defaultOptions: { maxDifference: 0.15, minCases: 20 },
    optionDocs: { maxDifference: 'largest accepted difference between observed share and probability (0.15: 15 points)', minCases: 'fewest cases leaving the step that make a finding' },
  },
  check({ journey, lived, options, report }) {
    for (const step of journey.steps) {
      const branches = step.out.map((index) => journey.edges[index]!).filter((edge) => edge.to >= 0);
      if (!branches.some((edge) => edge.probability !== undefined)) continue;
      const leaving = branches.reduce((sum, edge) => sum + lived.edgeFlow[edge.index]!, 0);
      if (leaving < options.minCases) continue;
      for (const edge of branches) {
        if (edge.probability === undefined) continue;
        const observed = lived.edgeFlow[edge.index]! / leaving;
        if (Math.abs(observed - edge.probability) <= options.maxDifference) continue;
        report({
          path: [...edge.path, 'probability'],
          step,
          relatedSteps: [journey.steps[edge.to]!],
          messageId: 'drift',
          data: { observed: percent(observed), total: leaving, from: step.id, to: edge.target, declared: percent(edge.probability) },
        });
      }
    }
  },
});
