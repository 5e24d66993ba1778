/**
 * A list of `size` numbers to be filled in (zeros until then), with no spare capacity. Lists grown by `push`
 * reserve 17 slots at the first element; graphs of 100,000 steps hold several such lists per step, mostly of
 * one or two entries, so exact sizes save tens of megabytes.
 */
export function exactList(size: number): number[] {
  if (size === 0) return [];
  if (size === 1) return [0];
  if (size === 2) return [0, 0];
  return new Array<number>(size).fill(0);
}

/**
 * The entry at `index` of a list the model sized for it (one entry per step, per edge, per component), for an index
 * taken from the same model. A miss is a bug in the model, never bad input, so it throws rather than return undefined.
 */
export function entryAt<T>(list: ArrayLike<T>, index: number): T {
  const entry = list[index];
  if (entry === undefined) throw new Error(`internal error: index ${index} outside a list of ${list.length}`);
  return entry;
}

/**
 * The list at `index` of per-node lists (successors, predecessors, component members), for a node of the same graph.
 * Separate from `entryAt` so that its element reads see one kind of array and stay fast where graphs are walked.
 */
export function listAt<List extends readonly number[]>(lists: readonly List[], index: number): List {
  const list = lists[index];
  if (list === undefined) throw new Error(`internal error: node ${index} outside a graph of ${lists.length}`);
  return list;
}
