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
