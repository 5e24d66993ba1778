import type { JourneyAnalysis } from './analysis.js';
import { listAt } from './lists.js';

/**
 * Each step's place in the flow: breadth-first from the start along `next` in written order, then the
 * steps the start does not reach, by id. Unlike the order of the steps in the file, moving steps around
 * does not change it, so rules that must pick "the first" of several steps pick by this rank and their
 * findings (and fingerprints) stay the same when a file is reordered. Linear; the analysis keeps the result.
 */
export function computeFlowRanks(analysis: JourneyAnalysis): Uint32Array {
  const { journey } = analysis;
  const { successors } = analysis.adjacency;
  const count = journey.steps.length;
  const seen = new Uint8Array(count);
  const order: number[] = [];
  if (journey.start >= 0) {
    seen[journey.start] = 1;
    order.push(journey.start);
  }
  // Breadth-first: the loop also visits the steps pushed while it runs.
  for (const node of order) {
    for (const target of listAt(successors, node)) {
      if (seen[target]) continue;
      seen[target] = 1;
      order.push(target);
    }
  }
  const unreached = journey.steps.filter((step) => !seen[step.index]).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const step of unreached) order.push(step.index);
  const ranks = new Uint32Array(count);
  order.forEach((node, rank) => (ranks[node] = rank));
  return ranks;
}
