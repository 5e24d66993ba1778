import { analyse } from './graph.js';
import type { Journey } from './journey.js';

const cache = new WeakMap<Journey, Uint32Array>();

/**
 * Each step's place in the flow: breadth-first from the start along `next` in written order, then the
 * steps the start does not reach, by id. Unlike the order of the steps in the file, moving steps around
 * does not change it, so rules that must pick "the first" of several steps pick by this rank and their
 * findings (and fingerprints) stay the same when a file is reordered. Linear, computed once per journey.
 */
export function flowRanks(journey: Journey): Uint32Array {
  const cached = cache.get(journey);
  if (cached) return cached;
  const { successors } = analyse(journey).adjacency;
  const count = journey.steps.length;
  const seen = new Uint8Array(count);
  const order: number[] = [];
  if (journey.start >= 0) {
    seen[journey.start] = 1;
    order.push(journey.start);
  }
  for (let head = 0; head < order.length; head++) {
    for (const target of successors[order[head]!]!) {
      if (seen[target]) continue;
      seen[target] = 1;
      order.push(target);
    }
  }
  const unreached = journey.steps.filter((step) => !seen[step.index]).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const step of unreached) order.push(step.index);
  const ranks = new Uint32Array(count);
  for (let rank = 0; rank < order.length; rank++) ranks[order[rank]!] = rank;
  cache.set(journey, ranks);
  return ranks;
}
