import type { Journey } from '../../../src/model/journey.js';

/**
 * Graph algorithms over a journey. All are linear in steps + edges: rules ask path
 * questions through these (reachability, strongly connected components, dataflow),
 * never by enumerating paths, which explodes on branching journeys.
 */

/** Adjacency as arrays of step indices (unknown targets dropped), built once per journey. */
export interface Adjacency {
  successors: number[][];
  predecessors: number[][];
}

export function adjacency(journey: Journey): Adjacency {
  const successors: number[][] = journey.steps.map(() => []);
  const predecessors: number[][] = journey.steps.map(() => []);
  for (const edge of journey.edges) {
    if (edge.to < 0) continue;
    successors[edge.from]!.push(edge.to);
    predecessors[edge.to]!.push(edge.from);
  }
  return { successors, predecessors };
}

/** Marks every node reachable from `sources` along `next` (breadth-first). */
export function reachableFrom(sources: Iterable<number>, next: readonly (readonly number[])[]): Uint8Array {
  const seen = new Uint8Array(next.length);
  const queue: number[] = [];
  for (const source of sources) {
    if (source >= 0 && source < next.length && !seen[source]) {
      seen[source] = 1;
      queue.push(source);
    }
  }
  for (let head = 0; head < queue.length; head++) {
    for (const target of next[queue[head]!]!) {
      if (!seen[target]) {
        seen[target] = 1;
        queue.push(target);
      }
    }
  }
  return seen;
}

export interface Components {
  /** Component id of each node. */
  componentOf: Int32Array;
  /** Members of each component; components are numbered in reverse topological order (sinks first). */
  members: number[][];
}

/** Tarjan's strongly connected components, iterative so 100,000-step journeys cannot overflow the stack. */
export function stronglyConnectedComponents(next: readonly (readonly number[])[]): Components {
  const count = next.length;
  const index = new Int32Array(count).fill(-1);
  const low = new Int32Array(count);
  const onStack = new Uint8Array(count);
  const componentOf = new Int32Array(count).fill(-1);
  const members: number[][] = [];
  const stack: number[] = [];
  const callStack: number[] = [];
  const edgeCursor = new Int32Array(count);
  let counter = 0;

  for (let root = 0; root < count; root++) {
    if (index[root] !== -1) continue;
    callStack.push(root);
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (callStack.length > 0) {
      const node = callStack[callStack.length - 1]!;
      const targets = next[node]!;
      if (edgeCursor[node]! < targets.length) {
        const target = targets[edgeCursor[node]!++]!;
        if (index[target] === -1) {
          index[target] = low[target] = counter++;
          stack.push(target);
          onStack[target] = 1;
          callStack.push(target);
        } else if (onStack[target]) {
          low[node] = Math.min(low[node]!, index[target]!);
        }
        continue;
      }
      callStack.pop();
      const parent = callStack[callStack.length - 1];
      if (parent !== undefined) low[parent] = Math.min(low[parent]!, low[node]!);
      if (low[node] === index[node]) {
        const component: number[] = [];
        let member: number;
        do {
          member = stack.pop()!;
          onStack[member] = 0;
          componentOf[member] = members.length;
          component.push(member);
        } while (member !== node);
        members.push(component);
      }
    }
  }
  return { componentOf, members };
}

/** True when the component has a cycle: more than one member, or a step that leads to itself. */
export function isCyclic(components: Components, component: number, next: readonly (readonly number[])[]): boolean {
  const nodes = components.members[component]!;
  if (nodes.length > 1) return true;
  const only = nodes[0]!;
  return next[only]!.includes(only);
}

/** Cached analyses of one journey, computed on first use and shared by all rules. */
export interface JourneyAnalysis {
  readonly adjacency: Adjacency;
  /** Steps reachable from the start step. */
  readonly reachable: Uint8Array;
  /** Indices of `end` steps. */
  readonly ends: number[];
  /** Steps from which some `end` step can be reached. */
  readonly canReachEnd: Uint8Array;
  readonly components: Components;
}

/**
 * The lazily computed analyses. A class, not an object literal with getters: every literal with its own getter
 * closures gets a hidden class of its own, which lives in V8's old space and keeps the journey alive through young
 * collections, so that auditing a repository promoted every journey to the old generation. Holds no reference to
 * the journey either, so the WeakMap entry below never keeps its own key alive.
 */
class LazyAnalysis implements JourneyAnalysis {
  #reachable: Uint8Array | undefined;
  #canReachEnd: Uint8Array | undefined;
  #components: Components | undefined;

  constructor(
    readonly adjacency: Adjacency,
    readonly ends: number[],
    private readonly start: number,
  ) {}

  get reachable(): Uint8Array {
    return (this.#reachable ??= reachableFrom(this.start >= 0 ? [this.start] : [], this.adjacency.successors));
  }

  get canReachEnd(): Uint8Array {
    return (this.#canReachEnd ??= reachableFrom(this.ends, this.adjacency.predecessors));
  }

  get components(): Components {
    return (this.#components ??= stronglyConnectedComponents(this.adjacency.successors));
  }
}

const cache = new WeakMap<Journey, JourneyAnalysis>();

export function analyse(journey: Journey): JourneyAnalysis {
  const cached = cache.get(journey);
  if (cached) return cached;
  const ends = journey.steps.filter((step) => step.kind === 'end').map((step) => step.index);
  const analysis = new LazyAnalysis(adjacency(journey), ends, journey.start);
  cache.set(journey, analysis);
  return analysis;
}
