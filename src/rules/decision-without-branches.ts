import type { Edge } from '../model/journey.js';
import { defineRule } from './define.js';

interface Options {
  flagSameTarget: boolean;
}

/** A branch is labelled when it says, in words, when the customer takes it. */
/** The branch's `when` label, trimmed; undefined when it has none or only spaces. */
function labelOf(edge: Edge): string | undefined {
  const label = edge.when?.trim();
  return label === '' ? undefined : label;
}

export default defineRule<Options, 'noBranches' | 'oneBranch' | 'sameTarget'>({
  meta: {
    id: 'decision-without-branches',
    category: 'broken',
    defaultSeverity: 'error',
    description: 'A `decision` step with fewer than two labelled branches, or whose branches all lead to the same step.',
    rationale:
      'A decision is where the journey adapts to the customer: approved or not, in stock or not, under warranty or not. When ' +
      'the outcomes are not written down as labelled branches, staff improvise, channels decide differently, and the customer ' +
      'whose case does not fit the one branch drawn has no defined path. A decision whose branches all go to the same place ' +
      'decides nothing and only adds a step.',
    fix:
      'Write each outcome as a branch under `next` with `to` and a `when` saying when it applies (at least two), or change ' +
      '`kind` if the step does not really decide anything.',
    messages: {
      noBranches: "decision step '{{step}}' has no labelled branches: write at least two `next` branches with a `when` for its outcomes",
      oneBranch: "decision step '{{step}}' has only one labelled branch ('{{when}}'): write a `next` branch with a `when` for every other outcome",
      sameTarget: "decision step '{{step}}' sends every branch to '{{target}}': it decides nothing",
    },
    priority: { fixScope: 'quick', effort: 1 },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        flagSameTarget: { type: 'boolean', description: 'Also flag a decision whose branches all lead to the same step.' },
      },
    },
    defaultOptions: { flagSameTarget: true },
    reads: 'step',
    optionDocs: {
      flagSameTarget: 'Also flag a decision with two or more labelled branches that all lead to the same step (it decides nothing).',
    },
  },
  check({ journey, analysis, options, report }) {
    for (const step of journey.steps) {
      if (step.kind !== 'decision') continue;
      const branches = analysis.branches(step);
      const [onlyLabel, ...otherLabels] = branches.map(labelOf).filter((label) => label !== undefined);
      const [firstBranch] = branches;
      if (onlyLabel === undefined) {
        report({ path: step.path, messageId: 'noBranches', data: { step: step.id } });
      } else if (otherLabels.length === 0) {
        report({ path: step.path, messageId: 'oneBranch', data: { step: step.id, when: onlyLabel } });
      } else if (options.flagSameTarget && firstBranch && branches.every((branch) => branch.target === firstBranch.target)) {
        // Compared by the name written in `next`, so branches to a missing step are judged too.
        const target = firstBranch.to >= 0 ? analysis.step(firstBranch.to) : undefined;
        report({ path: step.path, messageId: 'sameTarget', data: { step: step.id, target: firstBranch.target }, ...(target ? { relatedSteps: [target] } : {}) });
      }
    }
  },
});
