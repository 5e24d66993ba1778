import { isCyclic } from '../model/graph.js';
import { defineRule } from './define.js';
import { stepLabel, stepsClause } from './messages.js';

/** Longest loop spelled out step by step in a message; longer loops are abbreviated. */
const maxNamedSteps = 8;

export default defineRule({
  meta: {
    id: 'trap-loop',
    category: 'broken',
    defaultSeverity: 'error',
    description: 'A loop the customer can enter but never leave for an end.',
    rationale:
      'A loop without an exit is the customer asked to "try again" forever: re-upload the document, call back later, answer the ' +
      'same menu again. Loops are fine when there is a way out (accepted, escalated, given up); without one the journey never ' +
      'finishes and the customer gives up on the company rather than on the step. Each trapped loop (a strongly connected ' +
      'set of steps, or a step that leads to itself) is reported once, at its first step in the file, with all its steps ' +
      'attached; loops no path from the start reaches are left to unreachable-step.',
    fix:
      'Give the loop an exit: a branch from one of its steps towards an `end` (for example an escalation to a person after the ' +
      'second failed attempt, or an `end` with `outcome: abandoned`).',
    messages: {
      loop: 'steps {{loop}} form a loop with no way out to an end: the customer goes round in circles{{others}}',
      selfLoop: "step '{{step}}' leads only back to itself, with no way out to an end: the customer goes round in circles",
    },
    priority: { fixScope: 'structural', effort: 3 },
  },
  check({ analysis, report }) {
    const { components, canReachEnd, reachable } = analysis;
    const { successors } = analysis.adjacency;
    // All steps of a component reach the same steps, so one member answers for the whole component.
    components.members.forEach((members, component) => {
      // The member the customer meets first (flow order, whatever the order of the file).
      const step = analysis.firstInFlow(members);
      if (!step || !reachable[step.index] || canReachEnd[step.index] || !isCyclic(components, component, successors)) return;
      const relatedSteps = analysis.inFlowOrder(members);
      if (members.length === 1) {
        report({ path: step.path, messageId: 'selfLoop', data: { step: step.id }, relatedSteps });
        return;
      }
      const loop = analysis.shortestLoopThrough(step);
      const onLoop = new Set(loop);
      const others = relatedSteps.filter((member) => !onLoop.has(member));
      report({
        path: step.path,
        messageId: 'loop',
        data: { loop: describeLoop(loop.map(stepLabel)), others: others.length === 0 ? '' : `; ${stepsClause(others, maxNamedSteps, maxNamedSteps - 1)} caught in it too` },
        relatedSteps,
      });
    });
  },
});

/** The loop's steps joined by arrows; a long loop shows its first three and last two steps and its length. */
function describeLoop(names: readonly string[]): string {
  if (names.length <= maxNamedSteps) return names.join(' -> ');
  return `${names.slice(0, 3).join(' -> ')} -> ... -> ${names.slice(-2).join(' -> ')} (${names.length - 1} steps)`;
}
