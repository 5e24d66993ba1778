import { isCyclic } from '../../../src/model/graph.js';
import { analyse, flowRanks } from './analysis-of.js';
import type { Journey, Step } from '../../../src/model/journey.js';

/**
 * Path questions answered without enumerating paths: breadth-first shortest paths, Dijkstra over
 * step durations, longest paths and "most changes" along paths on the condensation (the DAG of
 * strongly connected components, where a loop is one node). Every function is linear in
 * steps + edges, or O((steps + edges) log steps) for Dijkstra.
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

const condensationCache = new WeakMap<Journey, Condensation>();

export function condensation(journey: Journey): Condensation {
  const cached = condensationCache.get(journey);
  if (cached) return cached;
  const analysis = analyse(journey);
  const { componentOf, members } = analysis.components;
  const next = analysis.adjacency.successors;
  const count = members.length;
  const successors: number[][] = Array.from({ length: count }, () => []);
  const predecessors: number[][] = Array.from({ length: count }, () => []);
  const lastSeen = new Int32Array(count).fill(-1);
  const cyclic = new Uint8Array(count);
  for (let component = 0; component < count; component++) {
    if (isCyclic(analysis.components, component, next)) cyclic[component] = 1;
    for (const node of members[component]!) {
      for (const target of next[node]!) {
        const other = componentOf[target]!;
        if (other === component || lastSeen[other] === component) continue;
        lastSeen[other] = component;
        successors[component]!.push(other);
        predecessors[other]!.push(component);
      }
    }
  }
  const result: Condensation = { componentOf, members, successors, predecessors, cyclic };
  condensationCache.set(journey, result);
  return result;
}

/** Breadth-first distances (in edges) from the start step; -1 where the start does not lead. */
function distancesFromStart(journey: Journey): Int32Array {
  const next = analyse(journey).adjacency.successors;
  const distance = new Int32Array(journey.steps.length).fill(-1);
  if (journey.start < 0) return distance;
  const queue = [journey.start];
  distance[journey.start] = 0;
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    for (const target of next[node]!) {
      if (distance[target] !== -1) continue;
      distance[target] = distance[node]! + 1;
      queue.push(target);
    }
  }
  return distance;
}

export interface ShortestWay {
  /** Steps on the way, start and target included. */
  steps: number;
  target: number;
}

/** The way from the start to a target step with the fewest steps (breadth-first), or undefined. */
export function fewestStepsTo(journey: Journey, isTarget: (step: Step) => boolean): ShortestWay | undefined {
  const distance = distancesFromStart(journey);
  let best: ShortestWay | undefined;
  for (const step of journey.steps) {
    const d = distance[step.index]!;
    if (d < 0 || !isTarget(step)) continue;
    if (!best || d + 1 < best.steps) best = { steps: d + 1, target: step.index };
  }
  return best;
}

/**
 * The most steps on a way from the start to a target step, counted on the condensation: a loop is
 * one node that contributes each of its steps once, so loops cannot make the figure infinite.
 * Undefined when no target can be reached.
 */
export function mostStepsTo(journey: Journey, isTarget: (step: Step) => boolean): number | undefined {
  if (journey.start < 0) return undefined;
  const dag = condensation(journey);
  const count = dag.members.length;
  const best = new Float64Array(count).fill(-Infinity);
  // Sinks first: every successor component has a lower id and is already final.
  for (let component = 0; component < count; component++) {
    const own = dag.members[component]!.length;
    let value = dag.members[component]!.some((node) => isTarget(journey.steps[node]!)) ? own : -Infinity;
    for (const successor of dag.successors[component]!) value = Math.max(value, own + best[successor]!);
    best[component] = value;
  }
  const result = best[dag.componentOf[journey.start]!]!;
  return Number.isFinite(result) ? result : undefined;
}

/** One way of arriving somewhere: changes counted so far and the last key seen, linked to the way before. */
interface ChangeTrail {
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
function componentFlowRanks(journey: Journey, dag: Condensation): Uint32Array {
  const ranks = flowRanks(journey);
  const componentRanks = new Uint32Array(dag.members.length).fill(0xffffffff);
  for (let node = 0; node < ranks.length; node++) {
    const component = dag.componentOf[node]!;
    if (ranks[node]! < componentRanks[component]!) componentRanks[component] = ranks[node]!;
  }
  return componentRanks;
}

/**
 * Keeps the two best trails with distinct keys: enough to price a change against any next key.
 * Ties go to the trail from the component the flow meets first (`componentRanks`); trails of one
 * component keep the order they came in (the sort is stable). Neither depends on the order of the file.
 */
function topTwo(candidates: ChangeTrail[], componentRanks: Uint32Array): ChangeTrail[] {
  candidates.sort((a, b) => b.count - a.count || componentRanks[a.component]! - componentRanks[b.component]!);
  const first = candidates[0];
  if (!first) return [];
  const second = candidates.find((trail) => trail.key !== first.key);
  return second ? [first, second] : [first];
}

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
 */
export function changesAlongPaths(journey: Journey, keyOf: (step: Step) => string | undefined): ChangesAlongPaths {
  const analysis = analyse(journey);
  const dag = condensation(journey);
  const count = dag.members.length;
  const countIn = new Int32Array(count).fill(-1);
  const trailsOut: (ChangeTrail[] | undefined)[] = new Array(count);
  const onCompletePath = new Uint8Array(count);
  let worst = 0;
  let worstTrail: ChangeTrail | null = null;
  const startComponent = journey.start >= 0 ? dag.componentOf[journey.start]! : -1;
  const componentRanks = componentFlowRanks(journey, dag);

  for (let component = count - 1; component >= 0; component--) {
    const incoming: ChangeTrail[] = [];
    let reached = component === startComponent;
    for (const predecessor of dag.predecessors[component]!) {
      const trails = trailsOut[predecessor];
      if (!trails) continue;
      reached = true;
      incoming.push(...trails);
    }
    if (!reached) continue;
    const representative = dag.members[component]![0]!;
    if (analysis.reachable[representative] && analysis.canReachEnd[representative]) onCompletePath[component] = 1;
    const inTrails = topTwo(incoming, componentRanks);
    countIn[component] = inTrails[0]?.count ?? 0;
    const keys = componentKeys(journey, dag.members[component]!, keyOf);
    if (keys.length === 0) {
      // No key here: the ways pass through unchanged (an empty list means no key seen yet).
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

/** Distinct keys of a component's steps, in flow order of their first step (model/flow-order.ts). */
function componentKeys(journey: Journey, members: readonly number[], keyOf: (step: Step) => string | undefined): string[] {
  const ranks = members.length > 1 ? flowRanks(journey) : undefined;
  const ordered = ranks ? [...members].sort((a, b) => ranks[a]! - ranks[b]!) : members;
  const keys: string[] = [];
  for (const node of ordered) {
    const key = keyOf(journey.steps[node]!);
    if (key !== undefined && !keys.includes(key)) keys.push(key);
  }
  return keys;
}

/**
 * For groups of steps (all reachable from the start), finds for each member an EARLIER member of its
 * group on a way to it, or none.
 *
 * Exact detection, near-linear: a forward "may" dataflow over the condensation in topological order
 * with one bit per group (groups in chunks of 2,048, so memory stays at 256 bytes per component):
 * IN[c] = OR over predecessors p of (IN[p] | GEN[p]). A member has an earlier member on the way when
 * its group's bit is in IN of its component, or when a loop it belongs to holds another member (then
 * the one closest to the start, then in flow order). Cost: O((steps + edges) x groups / 32).
 *
 * Naming the earlier member walks upstream from the member's component: when predecessors hold members,
 * the one closest to the start is named; otherwise the walk goes on through the predecessor first in flow
 * order whose IN holds the group's bit, for at most `maxWalk` components (answers are memoised per group). Past that
 * the member is returned with -1: it does repeat an earlier member, which is too far up to name cheaply.
 */
export function earlierMembersOfGroups(journey: Journey, groups: ReadonlyArray<readonly number[]>, distance: Int32Array, maxWalk = 64): Array<[member: number, earlier: number]> {
  const dag = condensation(journey);
  const count = dag.members.length;
  const earlier: Array<[number, number]> = [];
  // Ties go to flow order and the component the flow meets first, never to the order of the file.
  const ranks = flowRanks(journey);
  const componentRanks = componentFlowRanks(journey, dag);
  const closer = (a: number, b: number) => distance[a]! - distance[b]! || ranks[a]! - ranks[b]!;
  const chunk = 2048;
  for (let first = 0; first < groups.length; first += chunk) {
    const chunkGroups = groups.slice(first, first + chunk);
    const words = Math.ceil(chunkGroups.length / 32);
    const generated = new Uint32Array(count * words);
    const incoming = new Uint32Array(count * words);
    // Per group: component -> its member closest to the start.
    const bestInComponent = chunkGroups.map((group, bit) => {
      const best = new Map<number, number>();
      for (const member of group) {
        const component = dag.componentOf[member]!;
        generated[component * words + (bit >>> 5)]! |= 1 << (bit & 31);
        const known = best.get(component);
        if (known === undefined || closer(member, known) < 0) best.set(component, member);
      }
      return best;
    });
    // Components are numbered sinks first: from the highest number down is topological order.
    for (let component = count - 1; component >= 0; component--) {
      const base = component * words;
      for (const predecessor of dag.predecessors[component]!) {
        const from = predecessor * words;
        for (let word = 0; word < words; word++) incoming[base + word]! |= incoming[from + word]! | generated[from + word]!;
      }
    }
    const holds = (array: Uint32Array, component: number, bit: number) => ((array[component * words + (bit >>> 5)]! >>> (bit & 31)) & 1) === 1;
    chunkGroups.forEach((group, bit) => {
      const best = bestInComponent[bit]!;
      const found = new Map<number, number>();
      const upstreamMember = (start: number): number => {
        const walked: number[] = [];
        let component = start;
        let answer = -1;
        while (answer < 0) {
          const memo = found.get(component);
          if (memo !== undefined) {
            answer = memo;
            break;
          }
          walked.push(component);
          // IN holds the bit, so some predecessor's OUT does: a member there, or a way further up.
          // Of the predecessors holding a member, the member closest to the start; else walk on.
          let next = -1;
          for (const predecessor of dag.predecessors[component]!) {
            if (holds(generated, predecessor, bit)) {
              const candidate = best.get(predecessor)!;
              if (answer < 0 || closer(candidate, answer) < 0) answer = candidate;
            } else if (holds(incoming, predecessor, bit) && (next < 0 || componentRanks[predecessor]! < componentRanks[next]!)) next = predecessor;
          }
          if (answer >= 0) break;
          // next < 0 cannot happen while IN is consistent; stop rather than walk off the graph.
          if (next < 0 || walked.length >= maxWalk) break;
          component = next;
        }
        for (const visited of walked) found.set(visited, answer);
        return answer;
      };
      for (const member of group) {
        const component = dag.componentOf[member]!;
        if (holds(incoming, component, bit)) earlier.push([member, upstreamMember(component)]);
        else if (best.get(component) !== member) earlier.push([member, best.get(component)!]);
      }
    });
  }
  return earlier;
}
