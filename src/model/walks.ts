import type { JourneyAnalysis } from './analysis.js';
import { resolvedOutcome } from './capabilities.js';
import type { Step } from './journey.js';
import { listAt } from './lists.js';

/**
 * Breadth-first walks with a purpose, each linear in the steps and edges it visits. The analysis exposes them
 * (model/analysis.ts); rules ask it instead of walking the graph themselves.
 */

/**
 * The shortest way round the loop through `first`, found by a breadth-first search that stays
 * inside the component: linear in the component's steps and edges. [first, ..., first].
 */
export function shortestLoopThrough(analysis: JourneyAnalysis, first: number): number[] {
  const { componentOf } = analysis.components;
  const { successors } = analysis.adjacency;
  const component = componentOf[first];
  const parent = new Map<number, number>();
  const queue = [first];
  // Breadth-first: the loop also visits the steps pushed while it runs.
  for (const node of queue) {
    for (const target of listAt(successors, node)) {
      if (componentOf[target] !== component) continue;
      if (target === first) {
        // Walk back from the closing edge, then turn round: first -> ... -> node -> first. Every step on the way back
        // but `first` was reached from a parent.
        const loop = [first];
        for (let back: number | undefined = node; back !== undefined && back !== first; back = parent.get(back)) loop.push(back);
        loop.push(first);
        return loop.reverse();
      }
      if (!parent.has(target)) {
        parent.set(target, node);
        queue.push(target);
      }
    }
  }
  return [first, first];
}

/** Groups of `members` connected by edges in either direction (through members only), each in flow order. */
export function weaklyConnectedGroups(analysis: JourneyAnalysis, members: readonly Step[]): Step[][] {
  const { journey } = analysis;
  const { successors, predecessors } = analysis.adjacency;
  const isMember = new Uint8Array(journey.steps.length);
  for (const step of members) isMember[step.index] = 1;
  const grouped = new Uint8Array(journey.steps.length);
  const groups: Step[][] = [];
  for (const step of members) {
    if (grouped[step.index]) continue;
    const group = [step.index];
    grouped[step.index] = 1;
    for (const node of group) {
      for (const neighbour of [...listAt(successors, node), ...listAt(predecessors, node)]) {
        if (isMember[neighbour] && !grouped[neighbour]) {
          grouped[neighbour] = 1;
          group.push(neighbour);
        }
      }
    }
    groups.push(analysis.inFlowOrder(group));
  }
  return groups;
}

/**
 * For the steps reached from `sources` by at least one edge, the source each was first reached from, breadth-first
 * from all sources at once (sources in the given order); in the order the steps were reached.
 */
export function firstSourceReaching(analysis: JourneyAnalysis, sources: readonly Step[]): Array<{ step: Step; source: Step }> {
  const { successors } = analysis.adjacency;
  // The source each reached step was first reached from (-1: not reached yet), and the steps in the order reached.
  const origin = new Int32Array(analysis.journey.steps.length).fill(-1);
  const queue: number[] = [];
  for (const source of sources) {
    for (const target of listAt(successors, source.index)) {
      if (origin[target] !== -1) continue;
      origin[target] = source.index;
      queue.push(target);
    }
  }
  // Breadth-first: the loop also visits the steps pushed while it runs.
  for (const current of queue) {
    const source = origin[current] ?? -1;
    for (const target of listAt(successors, current)) {
      if (origin[target] !== -1) continue;
      origin[target] = source;
      queue.push(target);
    }
  }
  return queue.map((index) => ({ step: analysis.step(index), source: analysis.step(origin[index] ?? -1) }));
}

/**
 * Breadth-first from `entries` through the steps `stays` accepts: the first step met that it does not accept and that
 * still leads to a resolved end (every way to a resolution passes one such step); undefined when a resolved end is
 * reached without leaving, or when no such step exists.
 */
export function firstStepLeaving(analysis: JourneyAnalysis, entries: readonly Step[], stays: (step: Step) => boolean): Step | undefined {
  const { journey, canResolve } = analysis;
  const { successors } = analysis.adjacency;
  const seen = new Uint8Array(journey.steps.length);
  const queue: number[] = [];
  let firstExit: Step | undefined;
  for (const entry of entries) {
    if (!seen[entry.index]) {
      seen[entry.index] = 1;
      queue.push(entry.index);
    }
  }
  // Breadth-first: the loop also visits the steps pushed while it runs.
  for (const index of queue) {
    const current = analysis.step(index);
    if (current.kind === 'end' && current.outcome === resolvedOutcome) return undefined;
    for (const target of listAt(successors, current.index)) {
      if (seen[target]) continue;
      seen[target] = 1;
      const step = analysis.step(target);
      if (stays(step)) queue.push(target);
      else if (firstExit === undefined && canResolve[target]) firstExit = step;
    }
  }
  return firstExit;
}

/**
 * Hand-offs between departments: for each reachable step with an owner, the owners of the nearest owned steps
 * before it (looking through customer and unowned steps), once per pair of steps. One backward search per owned
 * step stops at the first owned steps, so each search is local.
 */
export function findOwnerHandoffs(analysis: JourneyAnalysis): Array<[from: string, to: string]> {
  const { journey, reachable } = analysis;
  const { predecessors } = analysis.adjacency;
  const handoffs: Array<[string, string]> = [];
  for (const step of journey.steps) {
    if (step.owner === undefined || !reachable[step.index]) continue;
    const seen = new Set<number>([step.index]);
    const queue = [...listAt(predecessors, step.index)];
    const previousOwners = new Set<string>();
    for (let index = queue.pop(); index !== undefined; index = queue.pop()) {
      if (seen.has(index)) continue;
      seen.add(index);
      const before = analysis.step(index);
      if (before.owner !== undefined) previousOwners.add(before.owner);
      else queue.push(...listAt(predecessors, index));
    }
    for (const owner of previousOwners) if (owner !== step.owner) handoffs.push([owner, step.owner]);
  }
  return handoffs;
}
