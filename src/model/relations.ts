import type { JourneyAnalysis } from './analysis.js';
import { resolvedOutcome } from './capabilities.js';
import { entryAt } from './lists.js';

/**
 * Graph relations between sets of steps, for rules that select steps by where they lie ("reachable from a refund",
 * "within 2 steps of a chatbot step") or assert it ("an approval lies on every way to an end"). Every function is
 * linear in steps + edges: one search from all the marked steps at once, or one pass over the condensation, never one
 * search per step and never an enumeration of paths. Sets of steps are Uint8Array marks by step index.
 */

/** Breadth-first search from every marked step at once; `maxSteps` bounds the depth. Sources themselves are not marked
 * unless another source leads to them: "reachable from" means one or more edges away. */
function searchFrom(sources: Uint8Array, next: readonly (readonly number[])[], maxSteps = Infinity, blocked?: Uint8Array): Uint8Array {
  const count = next.length;
  const depth = new Int32Array(count).fill(-1);
  const found = new Uint8Array(count);
  const queue: number[] = [];
  for (let step = 0; step < count; step++) {
    if (sources[step]) {
      depth[step] = 0;
      queue.push(step);
    }
  }
  // Breadth-first: the loop also visits the steps pushed while it runs.
  for (const node of queue) {
    const nodeDepth = entryAt(depth, node);
    if (nodeDepth >= maxSteps) continue;
    for (const target of entryAt(next, node)) {
      if (blocked?.[target]) continue;
      found[target] = 1;
      if (depth[target] !== -1) continue;
      depth[target] = nodeDepth + 1;
      queue.push(target);
    }
  }
  return found;
}

/** Steps one or more edges after some marked step (within `maxSteps` edges when given). */
export function stepsAfter(analysis: JourneyAnalysis, marked: Uint8Array, maxSteps = Infinity): Uint8Array {
  return searchFrom(marked, analysis.adjacency.successors, maxSteps);
}

/** Steps one or more edges before some marked step (within `maxSteps` edges when given). */
export function stepsBefore(analysis: JourneyAnalysis, marked: Uint8Array, maxSteps = Infinity): Uint8Array {
  return searchFrom(marked, analysis.adjacency.predecessors, maxSteps);
}

/**
 * Steps from which some `end` step can be reached without passing a marked step (the step itself not counted):
 * the steps where "a marked step lies on every way to an end" fails. One backward search from the ends that never
 * enters a marked step.
 */
export function canEndAvoiding(analysis: JourneyAnalysis, marked: Uint8Array): Uint8Array {
  const { journey } = analysis;
  const predecessors = analysis.adjacency.predecessors;
  const count = journey.steps.length;
  // `free[s]`: an end is reachable from the unmarked step s through unmarked steps only.
  const free = new Uint8Array(count);
  const queue: number[] = [];
  for (const end of analysis.ends) {
    if (marked[end]) continue;
    free[end] = 1;
    queue.push(end);
  }
  // Breadth-first: the loop also visits the steps pushed while it runs.
  for (const node of queue) {
    for (const source of entryAt(predecessors, node)) {
      // What lies before a marked step passes it on this way: the search does not go through it.
      if (free[source] || marked[source]) continue;
      free[source] = 1;
      queue.push(source);
    }
  }
  // A marked step has passed one already; an unmarked end has nothing left to pass.
  const result = new Uint8Array(count);
  for (let step = 0; step < count; step++) if (!marked[step] && free[step]) result[step] = 1;
  return result;
}

/**
 * Steps that lie on every way from the start to a `resolved` end: the dominators of a virtual exit that every resolved
 * end leads to (Cooper, Harvey and Kennedy's iterative algorithm over reverse postorder, near-linear on journeys).
 * Empty when the start reaches no resolved end.
 */
export function onEveryWayToResolution(analysis: JourneyAnalysis): Uint8Array {
  const { journey } = analysis;
  const count = journey.steps.length;
  const result = new Uint8Array(count);
  if (journey.start < 0) return result;
  const exit = count;
  const successors: number[][] = analysis.adjacency.successors.map((list) => [...list]);
  successors.push([]);
  const predecessors: number[][] = analysis.adjacency.predecessors.map((list) => [...list]);
  predecessors.push([]);
  for (const end of analysis.ends) {
    if (analysis.step(end).outcome !== resolvedOutcome) continue;
    entryAt(successors, end).push(exit);
    entryAt(predecessors, exit).push(end);
  }
  // Reverse postorder from the start, iteratively.
  const order: number[] = [];
  const visited = new Uint8Array(count + 1);
  const stack: Array<[number, number]> = [[journey.start, 0]];
  visited[journey.start] = 1;
  for (let top = stack.at(-1); top !== undefined; top = stack.at(-1)) {
    const [node, cursor] = top;
    const target = entryAt(successors, node)[cursor];
    if (target !== undefined) {
      top[1]++;
      if (!visited[target]) {
        visited[target] = 1;
        stack.push([target, 0]);
      }
    } else {
      stack.pop();
      order.push(node);
    }
  }
  if (!visited[exit]) return result;
  order.reverse();
  const rank = new Int32Array(count + 1).fill(-1);
  order.forEach((node, position) => (rank[node] = position));
  const dominator = new Int32Array(count + 1).fill(-1);
  dominator[journey.start] = journey.start;
  const rankOf = (node: number) => entryAt(rank, node);
  const dominatorOf = (node: number) => entryAt(dominator, node);
  const intersect = (a: number, b: number) => {
    while (a !== b) {
      while (rankOf(a) > rankOf(b)) a = dominatorOf(a);
      while (rankOf(b) > rankOf(a)) b = dominatorOf(b);
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const node of order) {
      if (node === journey.start) continue;
      let candidate = -1;
      for (const predecessor of entryAt(predecessors, node)) {
        if (dominator[predecessor] === -1) continue;
        candidate = candidate === -1 ? predecessor : intersect(predecessor, candidate);
      }
      if (candidate !== -1 && dominator[node] !== candidate) {
        dominator[node] = candidate;
        changed = true;
      }
    }
  }
  for (let node = dominatorOf(exit); ; node = dominatorOf(node)) {
    result[node] = 1;
    if (node === journey.start) break;
  }
  return result;
}

/**
 * For each step reachable from the start, the most marked steps on a way from the start up to and including it,
 * counted on the condensation so a loop counts each of its marked steps once (loops cannot make the count infinite).
 * -1 for steps the start does not reach. One pass in topological order.
 */
export interface MarkedCounts {
  /** Most marked steps up to and including each step's loop (or the step); -1 where the start does not lead. */
  upTo: Int32Array;
  /** Most marked steps strictly before each step's loop (or the step); -1 where the start does not lead. */
  before: Int32Array;
}

export function mostMarkedUpTo(analysis: JourneyAnalysis, marked: Uint8Array): MarkedCounts {
  const { journey } = analysis;
  const result = new Int32Array(journey.steps.length).fill(-1);
  const beforeOf = new Int32Array(journey.steps.length).fill(-1);
  if (journey.start < 0) return { upTo: result, before: beforeOf };
  const dag = analysis.condensation;
  const componentCount = dag.members.length;
  const best = new Int32Array(componentCount).fill(-1);
  const startComponent = entryAt(dag.componentOf, journey.start);
  // Component ids are reverse topological: the highest id comes first.
  for (let component = componentCount - 1; component >= 0; component--) {
    let before = component === startComponent ? 0 : -1;
    for (const predecessor of entryAt(dag.predecessors, component)) before = Math.max(before, entryAt(best, predecessor));
    if (before < 0) continue;
    const members = entryAt(dag.members, component);
    const own = members.filter((member) => marked[member]).length;
    best[component] = before + own;
    for (const member of members) {
      result[member] = before + own;
      beforeOf[member] = before;
    }
  }
  return { upTo: result, before: beforeOf };
}
