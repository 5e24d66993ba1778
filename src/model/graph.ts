import type { Journey } from './journey.js';
import { exactList, listAt } from './lists.js';

/**
 * Graph algorithms over a journey. All are linear in steps + edges: the journey analysis
 * (model/analysis.ts) answers path questions through these (reachability, strongly connected
 * components, dataflow), never by enumerating paths, which explodes on branching journeys.
 *
 * `adjacency` and `stronglyConnectedComponents` are measured kernels (see their comments); the rest is plain code.
 */

/** Adjacency as arrays of step indices (unknown targets dropped), built once per journey. */
export interface Adjacency {
  successors: number[][];
  predecessors: number[][];
}

// Hot in W3 (100,000 steps): indexed loops over typed arrays fill lists of exact size, which save tens of megabytes.
/* eslint-disable @typescript-eslint/no-non-null-assertion -- indices come from the journey's own edges and counts */
export function adjacency(journey: Journey): Adjacency {
  // Lists at their exact size (counted first), filled in edge order.
  const count = journey.steps.length;
  const outDegree = new Int32Array(count);
  const inDegree = new Int32Array(count);
  for (let edgeAt = 0, edgeList = journey.edges; edgeAt < edgeList.length; edgeAt++) {
    const edge = edgeList[edgeAt]!;
    if (edge.to < 0) continue;
    outDegree[edge.from]!++;
    inDegree[edge.to]!++;
  }
  const successors: number[][] = new Array(count);
  const predecessors: number[][] = new Array(count);
  for (let step = 0; step < count; step++) {
    successors[step] = exactList(outDegree[step]!);
    predecessors[step] = exactList(inDegree[step]!);
  }
  outDegree.fill(0);
  inDegree.fill(0);
  for (let edgeAt = 0, edgeList = journey.edges; edgeAt < edgeList.length; edgeAt++) {
    const edge = edgeList[edgeAt]!;
    if (edge.to < 0) continue;
    successors[edge.from]![outDegree[edge.from]!++] = edge.to;
    predecessors[edge.to]![inDegree[edge.to]!++] = edge.from;
  }
  return { successors, predecessors };
}
/* eslint-enable @typescript-eslint/no-non-null-assertion */

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
  // Breadth-first: the loop also visits the nodes pushed while it runs.
  for (const node of queue) {
    for (const target of listAt(next, node)) {
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
// Hot in W3 (100,000 steps): indexed loops over typed arrays, no allocation per step.
/* eslint-disable @typescript-eslint/no-non-null-assertion -- every index is a node of `next` or a position in a stack */
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
        // The stack down to `node`, popped in that order into a list of exactly that size.
        let bottom = stack.length - 1;
        while (stack[bottom] !== node) bottom--;
        const component = exactList(stack.length - bottom);
        for (let position = 0; position < component.length; position++) {
          const member = stack[stack.length - 1 - position]!;
          onStack[member] = 0;
          componentOf[member] = members.length;
          component[position] = member;
        }
        stack.length = bottom;
        members.push(component);
      }
    }
  }
  return { componentOf, members };
}
/* eslint-enable @typescript-eslint/no-non-null-assertion */

/** True when the component has a cycle: more than one member, or a step that leads to itself. */
export function isCyclic(components: Components, component: number, next: readonly (readonly number[])[]): boolean {
  const members = listAt(components.members, component);
  if (members.length > 1) return true;
  const only = members[0];
  return only !== undefined && listAt(next, only).includes(only);
}
