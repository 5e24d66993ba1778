import type { JourneyAnalysis } from './analysis.js';
import { isCyclic } from './graph.js';
import type { Step } from './journey.js';
import { exactList, listAt } from './lists.js';

/**
 * Path questions answered without enumerating paths: breadth-first shortest paths, Dijkstra over
 * step durations, longest paths and "most changes" along paths on the condensation (the DAG of
 * strongly connected components, where a loop is one node). Every function is linear in
 * steps + edges, or O((steps + edges) log steps) for Dijkstra.
 *
 * `computeCondensation`, `computeChanges` and `earlierMembersOfGroups` are measured kernels (see their comments); the
 * rest is plain code.
 */

/** The DAG of strongly connected components. Component ids are reverse topological: an edge goes from a higher id to a lower one. */
export interface Condensation {
  componentOf: Int32Array;
  members: number[][];
  /** Distinct successor components of each component (no self edges). */
  successors: number[][];
  predecessors: number[][];
  /** 1 when the component contains a loop. */
  cyclic: Uint8Array;
}

// Hot in W3 (100,000 steps): two indexed passes over the edges fill lists of exact size, no allocation per step.
/* eslint-disable @typescript-eslint/no-non-null-assertion -- indices are steps and components of this journey */
/** Computes the condensation; read it as `JourneyAnalysis.condensation`, which keeps it. */
export function computeCondensation(analysis: JourneyAnalysis): Condensation {
  const { componentOf, members } = analysis.components;
  const next = analysis.adjacency.successors;
  const count = members.length;
  const cyclic = new Uint8Array(count);
  // Two passes over the edges between components: count, then fill lists of exactly that size in the same order.
  const outDegree = new Int32Array(count);
  const inDegree = new Int32Array(count);
  const lastSeen = new Int32Array(count);
  const successors: number[][] = new Array(count);
  const predecessors: number[][] = new Array(count);
  for (let pass = 0; pass < 2; pass++) {
    lastSeen.fill(-1);
    for (let component = 0; component < count; component++) {
      if (pass === 0 && isCyclic(analysis.components, component, next)) cyclic[component] = 1;
      for (let nodeAt = 0, nodeList = members[component]!; nodeAt < nodeList.length; nodeAt++) {
        const node = nodeList[nodeAt]!;
        for (let targetAt = 0, targetList = next[node]!; targetAt < targetList.length; targetAt++) {
          const target = targetList[targetAt]!;
          const other = componentOf[target]!;
          if (other === component || lastSeen[other] === component) continue;
          lastSeen[other] = component;
          if (pass === 0) {
            outDegree[component]!++;
            inDegree[other]!++;
          } else {
            successors[component]![outDegree[component]!++] = other;
            predecessors[other]![inDegree[other]!++] = component;
          }
        }
      }
    }
    if (pass === 0) {
      for (let component = 0; component < count; component++) {
        successors[component] = exactList(outDegree[component]!);
        predecessors[component] = exactList(inDegree[component]!);
      }
      outDegree.fill(0);
      inDegree.fill(0);
    }
  }
  return { componentOf, members, successors, predecessors, cyclic };
}
/* eslint-enable @typescript-eslint/no-non-null-assertion */

/** Breadth-first distances (in edges) from the start step; -1 where the start does not lead. Read it as `JourneyAnalysis.distancesFromStart`. */
export function computeDistancesFromStart(analysis: JourneyAnalysis): Int32Array {
  const { journey } = analysis;
  const next = analysis.adjacency.successors;
  const distance = new Int32Array(journey.steps.length).fill(-1);
  if (journey.start < 0) return distance;
  const queue = [journey.start];
  distance[journey.start] = 0;
  // Breadth-first: the loop also visits the steps pushed while it runs.
  for (const node of queue) {
    const further = (distance[node] ?? -1) + 1;
    for (const target of listAt(next, node)) {
      if (distance[target] !== -1) continue;
      distance[target] = further;
      queue.push(target);
    }
  }
  return distance;
}

export interface ShortestWay {
  /** Steps on the way, start and target included. */
  steps: number;
  target: number;
  /** The steps of that way, from the start to the target. */
  path: number[];
}

/** The way from the start to a target step with the fewest steps (breadth-first), or undefined. */
export function fewestStepsTo(analysis: JourneyAnalysis, isTarget: (step: Step) => boolean): ShortestWay | undefined {
  const { journey } = analysis;
  const distance = analysis.distancesFromStart;
  let best: ShortestWay | undefined;
  for (const step of journey.steps) {
    const d = distance[step.index] ?? -1;
    if (d < 0 || !isTarget(step)) continue;
    if (!best || d + 1 < best.steps) best = { steps: d + 1, target: step.index, path: [] };
  }
  if (best) {
    // Back from the target, one predecessor a step closer to the start each time: O(length x in-degree).
    const { predecessors } = analysis.adjacency;
    const path = [best.target];
    for (let node = best.target; (distance[node] ?? -1) > 0; ) {
      const closer = (distance[node] ?? -1) - 1;
      const previous = listAt(predecessors, node).find((predecessor) => distance[predecessor] === closer);
      // A step at distance d > 0 was reached from one at d - 1.
      if (previous === undefined) throw new Error(`internal error: no predecessor of step ${node} at distance ${closer}`);
      node = previous;
      path.push(node);
    }
    best.path = path.reverse();
  }
  return best;
}

/** A binary min-heap of (priority, node) pairs; stale entries are skipped by the caller (lazy deletion). */
export class MinHeap {
  readonly #entries: Array<{ priority: number; node: number }> = [];

  get size(): number {
    return this.#entries.length;
  }

  push(priority: number, node: number): void {
    const entries = this.#entries;
    const entry = { priority, node };
    let position = entries.length;
    entries.push(entry);
    while (position > 0) {
      const parentPosition = (position - 1) >> 1;
      const parent = entries[parentPosition];
      if (parent === undefined || parent.priority <= priority) break;
      entries[position] = parent;
      position = parentPosition;
    }
    entries[position] = entry;
  }

  /** Removes and returns the entry with the lowest priority. */
  pop(): { priority: number; node: number } | undefined {
    const entries = this.#entries;
    const [top] = entries;
    const last = entries.pop();
    if (top === undefined || last === undefined) return undefined;
    if (entries.length > 0) {
      // The last entry sinks from the root to its place.
      let position = 0;
      for (;;) {
        let childPosition = 2 * position + 1;
        let child = entries[childPosition];
        if (child === undefined) break;
        const right = entries[childPosition + 1];
        if (right !== undefined && right.priority < child.priority) {
          child = right;
          childPosition++;
        }
        if (child.priority >= last.priority) break;
        entries[position] = child;
        position = childPosition;
      }
      entries[position] = last;
    }
    return top;
  }
}

export interface FastestWay {
  /** Sum of the step weights on the way, start and target included. */
  total: number;
  target: number;
  /** Steps on that way. */
  steps: number;
  /** The steps of that way, from the start to the target. */
  path: number[];
}

/**
 * Dijkstra from the start step with a non-negative weight per step (its duration): the way to a
 * target step with the least total weight. Ties go to fewer steps, then to the earlier target.
 */
export function fastestWayTo(analysis: JourneyAnalysis, weight: (step: Step) => number, isTarget: (step: Step) => boolean): FastestWay | undefined {
  const { journey } = analysis;
  if (journey.start < 0) return undefined;
  const next = analysis.adjacency.successors;
  const count = journey.steps.length;
  const total = new Float64Array(count).fill(Infinity);
  const steps = new Int32Array(count);
  const done = new Uint8Array(count);
  const parent = new Int32Array(count).fill(-1);
  const heap = new MinHeap();
  const startWeight = weight(analysis.step(journey.start));
  total[journey.start] = startWeight;
  steps[journey.start] = 1;
  heap.push(startWeight, journey.start);
  let best: FastestWay | undefined;
  for (let entry = heap.pop(); entry !== undefined; entry = heap.pop()) {
    const { priority, node } = entry;
    if (done[node] || priority > (total[node] ?? Infinity)) continue;
    done[node] = 1;
    if (best && priority > best.total) break;
    const stepsHere = steps[node] ?? 0;
    if (isTarget(analysis.step(node))) {
      if (!best || priority < best.total || stepsHere < best.steps) best = { total: priority, target: node, steps: stepsHere, path: [] };
      continue;
    }
    for (const target of listAt(next, node)) {
      if (done[target]) continue;
      const candidate = priority + weight(analysis.step(target));
      const known = total[target] ?? Infinity;
      if (candidate < known || (candidate === known && stepsHere + 1 < (steps[target] ?? 0))) {
        total[target] = candidate;
        steps[target] = stepsHere + 1;
        parent[target] = node;
        heap.push(candidate, target);
      }
    }
  }
  if (best) {
    const path: number[] = [];
    for (let node = best.target; node >= 0; node = parent[node] ?? -1) path.push(node);
    best.path = path.reverse();
  }
  return best;
}

/**
 * The most steps on a way from the start to a target step, counted on the condensation: a loop is
 * one node that contributes each of its steps once, so loops cannot make the figure infinite.
 * Undefined when no target can be reached.
 */
export function mostStepsTo(analysis: JourneyAnalysis, isTarget: (step: Step) => boolean): number | undefined {
  const { journey } = analysis;
  if (journey.start < 0) return undefined;
  const dag = analysis.condensation;
  const count = dag.members.length;
  const best = new Float64Array(count).fill(-Infinity);
  // Sinks first: every successor component has a lower id and is already final.
  dag.members.forEach((members, component) => {
    const own = members.length;
    let value = members.some((node) => isTarget(analysis.step(node))) ? own : -Infinity;
    for (const successor of listAt(dag.successors, component)) value = Math.max(value, own + (best[successor] ?? -Infinity));
    best[component] = value;
  });
  const result = best[dag.componentOf[journey.start] ?? -1] ?? -Infinity;
  return Number.isFinite(result) ? result : undefined;
}

/** One way of arriving somewhere: changes counted so far and the last key seen, linked to the way before. */
export interface ChangeTrail {
  count: number;
  key: string;
  component: number;
  /** The trail this one continued; null at the first keyed component. */
  previous: ChangeTrail | null;
}

export interface ChangesAlongPaths {
  condensation: Condensation;
  /** Components on a way from the start to an end step. */
  onCompletePath: Uint8Array;
  /** Most changes on any way arriving at each component (0 when none; -1 when unreachable). */
  countIn: Int32Array;
  /** Up to two trails leaving each component, with distinct last keys, most changes first. */
  trailsOut: (ChangeTrail[] | undefined)[];
  /** Most changes on any way from the start to an end step. */
  worst: number;
  worstTrail: ChangeTrail | null;
}

/** Each component's place in the flow: the smallest flow rank (model/flow-order.ts) of its members. */
export function computeComponentFlowRanks(analysis: JourneyAnalysis): Uint32Array {
  const dag = analysis.condensation;
  const ranks = analysis.flowRanks;
  const componentRanks = new Uint32Array(dag.members.length).fill(0xffffffff);
  ranks.forEach((rank, node) => {
    const component = dag.componentOf[node] ?? -1;
    if (rank < (componentRanks[component] ?? 0)) componentRanks[component] = rank;
  });
  return componentRanks;
}

/**
 * Keeps the two best trails with distinct keys: enough to price a change against any next key.
 * Ties go to the trail from the component the flow meets first (`componentRanks`); trails of one
 * component keep the order they came in (the sort is stable). Neither depends on the order of the file.
 */
function topTwo(candidates: ChangeTrail[], componentRanks: Uint32Array): ChangeTrail[] {
  candidates.sort((a, b) => b.count - a.count || (componentRanks[a.component] ?? 0) - (componentRanks[b.component] ?? 0));
  const first = candidates[0];
  if (!first) return [];
  const second = candidates.find((trail) => trail.key !== first.key);
  return second ? [first, second] : [first];
}

const noTrails: ChangeTrail[] = [];

// Hot in W2 and W3 (20,000 and 100,000 steps): indexed loops, run once per component before the function is optimised.
/* eslint-disable @typescript-eslint/no-non-null-assertion -- indices are components of the condensation */
/**
 * Most changes of a step key (owner, channel, ...) along ways from the start, where steps without
 * a key keep the last one. Linear dynamic programming over the condensation in topological order,
 * keeping per component only the two best trails with distinct last keys (the best way into a
 * step with key k is the best trail ending in k or the best ending in anything else, plus one).
 *
 * A loop (a cyclic component) is treated as the set of its keys, each visited once: arriving with
 * last key k, passing through a loop whose steps carry the keys S costs |S| changes, one fewer when
 * k is in S or no key was seen yet; the loop may be left with any of its keys (leaving with k
 * itself after visiting the others costs one more). Going round a loop again never adds changes.
 *
 * The analysis keeps the owner changes and the customer's channel changes (`JourneyAnalysis.ownerChanges`,
 * `customerChannelChanges`); other keys are computed on each call.
 */
export function computeChanges(analysis: JourneyAnalysis, keyOf: (step: Step) => string | undefined): ChangesAlongPaths {
  const { journey } = analysis;
  const dag = analysis.condensation;
  const count = dag.members.length;
  const countIn = new Int32Array(count).fill(-1);
  const trailsOut: (ChangeTrail[] | undefined)[] = new Array(count);
  const onCompletePath = new Uint8Array(count);
  let worst = 0;
  let worstTrail: ChangeTrail | null = null;
  const startComponent = journey.start >= 0 ? dag.componentOf[journey.start]! : -1;
  const componentRanks = analysis.componentFlowRanks;
  // More changes, or as many from a component the flow meets first: ties never depend on the order of the file.
  const better = (a: ChangeTrail, b: ChangeTrail) => a.count > b.count || (a.count === b.count && componentRanks[a.component]! < componentRanks[b.component]!);

  for (let component = count - 1; component >= 0; component--) {
    const predecessors = dag.predecessors[component]!;
    // The two best arriving trails with distinct keys, as topTwo() picks them: the best, then the best among other keys.
    let reached = component === startComponent;
    // Indexed loops: this runs once per component, often before the function is optimised.
    let first: ChangeTrail | undefined;
    for (let at = 0; at < predecessors.length; at++) {
      const trails = trailsOut[predecessors[at]!];
      if (!trails) continue;
      reached = true;
      for (let position = 0; position < trails.length; position++) {
        const trail = trails[position]!;
        if (!first || better(trail, first)) first = trail;
      }
    }
    if (!reached) continue;
    let second: ChangeTrail | undefined;
    if (first) {
      for (let at = 0; at < predecessors.length; at++) {
        const trails = trailsOut[predecessors[at]!] ?? noTrails;
        for (let position = 0; position < trails.length; position++) {
          const trail = trails[position]!;
          if (trail.key !== first.key && (!second || better(trail, second))) second = trail;
        }
      }
    }
    const members = dag.members[component]!;
    const representative = members[0]!;
    if (analysis.reachable[representative] && analysis.canReachEnd[representative]) onCompletePath[component] = 1;
    countIn[component] = first?.count ?? 0;
    if (members.length === 1) {
      const key = keyOf(journey.steps[representative]!);
      if (key === undefined) {
        // No key here: the ways pass through unchanged (an empty list means no key seen yet).
        trailsOut[component] = first ? (second ? [first, second] : [first]) : [];
      } else {
        // One key: a change unless it continues the key or is the first; the first arrival wins ties.
        let best: ChangeTrail | null = first ?? null;
        let changes = first ? first.count + (first.key === key ? 0 : 1) : 0;
        if (second && second.count + (second.key === key ? 0 : 1) > changes) {
          best = second;
          changes = second.count + (second.key === key ? 0 : 1);
        }
        trailsOut[component] = [{ count: changes, key, component, previous: best }];
      }
    } else {
      const inTrails = first ? (second ? [first, second] : [first]) : [];
      const keys = componentKeys(analysis, members, keyOf);
      if (keys.length === 0) {
        trailsOut[component] = inTrails;
      } else {
        const arrivals: (ChangeTrail | null)[] = inTrails.length > 0 ? inTrails : [null];
        const candidates: ChangeTrail[] = [];
        // On ties the loop is left with its last key in flow order, so trails read in flow order.
        for (const exitKey of [...keys].reverse()) {
          let best: ChangeTrail | undefined;
          for (const arrival of arrivals) {
            const lastKey = arrival?.key;
            const before = arrival?.count ?? 0;
            const sameOrFirst = lastKey === undefined || keys.includes(lastKey);
            let changes = before + keys.length - (sameOrFirst ? 1 : 0);
            if (keys.length > 1 && exitKey === lastKey) changes++;
            if (!best || changes > best.count) best = { count: changes, key: exitKey, component, previous: arrival };
          }
          candidates.push(best!);
        }
        trailsOut[component] = topTwo(candidates, componentRanks);
      }
    }
    if (onCompletePath[component]) {
      const top = trailsOut[component]![0];
      if (top && top.count > worst) {
        worst = top.count;
        worstTrail = top;
      }
    }
  }
  return { condensation: dag, onCompletePath, countIn, trailsOut, worst, worstTrail };
}
/* eslint-enable @typescript-eslint/no-non-null-assertion */

/** Distinct keys of a component's steps, in flow order of their first step (model/flow-order.ts). */
function componentKeys(analysis: JourneyAnalysis, members: readonly number[], keyOf: (step: Step) => string | undefined): string[] {
  const ordered = members.length > 1 ? analysis.inFlowOrder(members) : members.map((node) => analysis.step(node));
  const keys: string[] = [];
  for (const step of ordered) {
    const key = keyOf(step);
    if (key !== undefined && !keys.includes(key)) keys.push(key);
  }
  return keys;
}

/**
 * The keys a trail went through, in order, with no repeats next to each other: for a loop, the key
 * it was entered with (when the loop has it), the loop's other keys in flow order, and the key
 * it was left with.
 */
export function trailKeys(analysis: JourneyAnalysis, trail: ChangeTrail, keyOf: (step: Step) => string | undefined): { keys: string[]; segments: Array<{ component: number; from: number }> } {
  const dag = analysis.condensation;
  const chain: ChangeTrail[] = [];
  for (let current: ChangeTrail | null = trail; current; current = current.previous) chain.push(current);
  chain.reverse();
  const keys: string[] = [];
  const segments: Array<{ component: number; from: number }> = [];
  for (const link of chain) {
    const componentKeyList = componentKeys(analysis, listAt(dag.members, link.component), keyOf);
    const entered = keys[keys.length - 1];
    const segment: string[] = [];
    if (entered !== undefined && componentKeyList.includes(entered)) segment.push(entered);
    for (const key of componentKeyList) if (key !== link.key && !segment.includes(key)) segment.push(key);
    segment.push(link.key);
    segments.push({ component: link.component, from: keys.length });
    for (const key of segment) if (keys[keys.length - 1] !== key) keys.push(key);
  }
  return { keys, segments };
}

// Hot in W1 (duplicate-step on 500 journeys): bit-parallel passes over flat typed arrays that stay in the processor's cache.
/* eslint-disable @typescript-eslint/no-non-null-assertion -- indices are steps, components and positions counted above */
/**
 * For groups of steps (all reachable from the start), finds for each member an EARLIER member of its
 * group on a way to it, or none.
 *
 * Exact detection, near-linear: a forward "may" dataflow over the condensation in topological order
 * with one bit per group, 32 groups at a time in one word per component, so that the words of one
 * pass (and the walks below, which read them) stay in the processor's cache even for 100,000 steps:
 * IN[c] = OR over predecessors p of (IN[p] | GEN[p]). A member has an earlier member on the way when
 * its group's bit is in IN of its component, or when a loop it belongs to holds another member (then
 * the one closest to the start, then in flow order). Cost: O((steps + edges) x groups / 32).
 *
 * Naming the earlier member walks upstream from the member's component: when predecessors hold members,
 * the one closest to the start is named; otherwise the walk goes on through the predecessor first in flow
 * order whose IN holds the group's bit, for at most `maxWalk` components (answers are memoised per group). Past that
 * the member is returned with -1: it does repeat an earlier member, which is too far up to name cheaply.
 */
export function earlierMembersOfGroups(analysis: JourneyAnalysis, groups: ReadonlyArray<readonly number[]>, distance: Int32Array, maxWalk = 64): Array<[member: number, earlier: number]> {
  const dag = analysis.condensation;
  const count = dag.members.length;
  const componentOf = dag.componentOf;
  const earlier: Array<[number, number]> = [];
  if (groups.length === 0) return earlier;
  // Ties go to flow order and the component the flow meets first, never to the order of the file.
  const ranks = analysis.flowRanks;
  const componentRanks = analysis.componentFlowRanks;
  const closer = (a: number, b: number) => distance[a]! - distance[b]! || ranks[a]! - ranks[b]!;
  // Predecessor lists flattened (same order): the passes below read them once per 32 groups.
  const predecessorStart = new Int32Array(count + 1);
  for (let component = 0; component < count; component++) predecessorStart[component + 1] = predecessorStart[component]! + dag.predecessors[component]!.length;
  const predecessorList = new Int32Array(predecessorStart[count]!);
  for (let component = 0, at = 0; component < count; component++) {
    const predecessors = dag.predecessors[component]!;
    for (let position = 0; position < predecessors.length; position++) predecessorList[at++] = predecessors[position]!;
  }
  // One word per component for 32 groups at a time: GEN and IN of the dataflow. Per group, the member closest to
  // the start in each component and the memoised walk answers, each valid where its stamp is the group's.
  const generated = new Int32Array(count);
  const incoming = new Int32Array(count);
  const best = new Int32Array(count);
  const bestStamp = new Int32Array(count);
  const found = new Int32Array(count);
  const foundStamp = new Int32Array(count);
  const walked = new Int32Array(Math.max(1, maxWalk));
  for (let first = 0; first < groups.length; first += 32) {
    const last = Math.min(groups.length, first + 32);
    generated.fill(0);
    for (let group = first; group < last; group++) {
      const mask = 1 << (group - first);
      for (let memberAt = 0, memberList = groups[group]!; memberAt < memberList.length; memberAt++) {
        const member = memberList[memberAt]!;
        generated[componentOf[member]!]! |= mask;
      }
    }
    // Components are numbered sinks first: from the highest number down is topological order.
    for (let component = count - 1; component >= 0; component--) {
      let bits = 0;
      for (let at = predecessorStart[component]!, end = predecessorStart[component + 1]!; at < end; at++) {
        const predecessor = predecessorList[at]!;
        bits |= incoming[predecessor]! | generated[predecessor]!;
      }
      incoming[component] = bits;
    }
    for (let group = first; group < last; group++) {
      const members = groups[group]!;
      const stamp = group + 1;
      const shift = group - first;
      for (let memberAt = 0, memberList = members; memberAt < memberList.length; memberAt++) {
        const member = memberList[memberAt]!;
        const component = componentOf[member]!;
        if (bestStamp[component] !== stamp || closer(member, best[component]!) < 0) {
          bestStamp[component] = stamp;
          best[component] = member;
        }
      }
      for (let memberAt = 0, memberList = members; memberAt < memberList.length; memberAt++) {
        const member = memberList[memberAt]!;
        const start = componentOf[member]!;
        if (((incoming[start]! >>> shift) & 1) === 0) {
          if (best[start] !== member) earlier.push([member, best[start]!]);
          continue;
        }
        // IN holds the bit, so some predecessor's OUT does: a member there, or a way further up. Of the
        // predecessors holding a member, the member closest to the start; else walk on through the predecessor
        // first in flow order whose IN holds the bit, for at most maxWalk components (answers memoised per group).
        let walkedCount = 0;
        let component = start;
        let answer = -1;
        for (;;) {
          if (foundStamp[component] === stamp) {
            answer = found[component]!;
            break;
          }
          walked[walkedCount++] = component;
          let next = -1;
          for (let at = predecessorStart[component]!, end = predecessorStart[component + 1]!; at < end; at++) {
            const predecessor = predecessorList[at]!;
            if (bestStamp[predecessor] === stamp) {
              const candidate = best[predecessor]!;
              if (answer < 0 || closer(candidate, answer) < 0) answer = candidate;
            } else if (((incoming[predecessor]! >>> shift) & 1) === 1 && (next < 0 || componentRanks[predecessor]! < componentRanks[next]!)) next = predecessor;
          }
          if (answer >= 0) break;
          // next < 0 cannot happen while IN is consistent; stop rather than walk off the graph.
          if (next < 0 || walkedCount >= maxWalk) break;
          component = next;
        }
        for (let position = 0; position < walkedCount; position++) {
          foundStamp[walked[position]!] = stamp;
          found[walked[position]!] = answer;
        }
        earlier.push([member, answer]);
      }
    }
  }
  return earlier;
}
/* eslint-enable @typescript-eslint/no-non-null-assertion */
