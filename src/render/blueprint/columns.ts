import type { ColumnAssignment } from './layout.js';
import type { Blueprint } from './model.js';
import { layoutOptions, loadElk, type ElkLayouter, type ElkNode } from './elk.js';
import { elkThread } from './elk-thread.js';

/**
 * Columns from the Eclipse Layout Kernel (elkjs), layered algorithm: the steps go in in flow order,
 * without the edges that close loops (found here by a depth-first search from the start), and ELK's
 * longest-path layering puts each step in the first column after all the steps that lead to it.
 * Parallel branches share columns; steps that share one keep their flow order.
 * The rows are not ELK's: they are the blueprint's fixed bands, placed by layout.ts. elkjs is an optional
 * dependency, loaded only for `--view blueprint`: in the worker thread of elk-thread.ts when the command
 * started it, otherwise here, in this thread, on the first layout.
 */

export { MissingLayoutLibrary } from './elk.js';

let layouter: Promise<ElkLayouter> | undefined;

/**
 * The edges that close a loop: depth-first from the start (then from each step not yet visited, in flow
 * order), an edge to a step still on the depth-first stack goes back. Linear. ELK lays out the journey
 * without them, so every other arrow points forward, and they are drawn as loops.
 */
export function findBackEdges(blueprint: Blueprint): Uint8Array {
  const count = blueprint.nodes.length;
  const outgoing: number[][] = Array.from({ length: count }, () => []);
  // Undeclared ways (`replay`) do not move the boxes: the blueprint keeps the journey's declared layout.
  blueprint.edges.forEach((edge, index) => {
    if (edge.mark !== 'undeclared') outgoing[edge.from]!.push(index);
  });
  const state = new Uint8Array(count); // 0 new, 1 on the stack, 2 done
  const back = new Uint8Array(blueprint.edges.length);
  const stack: Array<{ node: number; next: number }> = [];
  // Nodes are in flow order, so the start comes first.
  for (let root = 0; root < count; root++) {
    if (state[root] !== 0) continue;
    state[root] = 1;
    stack.push({ node: root, next: 0 });
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const edges = outgoing[top.node]!;
      if (top.next === edges.length) {
        state[top.node] = 2;
        stack.pop();
        continue;
      }
      const edgeIndex = edges[top.next++]!;
      const target = blueprint.edges[edgeIndex]!.to;
      if (state[target] === 1) back[edgeIndex] = 1;
      else if (state[target] === 0) {
        state[target] = 1;
        stack.push({ node: target, next: 0 });
      }
    }
  }
  return back;
}

export async function assignColumns(blueprint: Blueprint): Promise<ColumnAssignment> {
  layouter ??= Promise.resolve().then(() => elkThread() ?? loadElk());
  const elk = await layouter.catch((error: unknown) => {
    layouter = undefined;
    throw error;
  });
  const back = findBackEdges(blueprint);
  const graph: ElkNode = {
    id: 'journey',
    layoutOptions,
    children: blueprint.nodes.map((_node, index) => ({ id: `n${index}`, width: 100, height: 40 })),
    edges: blueprint.edges.flatMap((edge, index) => (back[index] || edge.mark === 'undeclared' ? [] : [{ id: `e${index}`, sources: [`n${edge.from}`], targets: [`n${edge.to}`] }])),
  };
  const result = await elk.layout(graph);
  const count = blueprint.nodes.length;
  const xs = new Float64Array(count);
  const ys = new Float64Array(count);
  for (const child of result.children ?? []) {
    const index = Number(child.id.slice(1));
    xs[index] = child.x ?? 0;
    ys[index] = child.y ?? 0;
  }
  // Every node of one layer has the same x (they all have the same width): distinct x values are the columns.
  const layerXs = [...new Set(xs)].sort((a, b) => a - b);
  const columnOfX = new Map(layerXs.map((x, column) => [x, column]));
  const column = new Int32Array(count);
  for (let index = 0; index < count; index++) column[index] = columnOfX.get(xs[index]!)!;
  const byOrder = Array.from({ length: count }, (_unused, index) => index).sort((a, b) => column[a]! - column[b]! || ys[a]! - ys[b]! || a - b);
  const order = new Int32Array(count);
  byOrder.forEach((index, position) => (order[index] = position));
  return { column, order };
}
