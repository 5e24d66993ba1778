/**
 * The path to the first place where plain data refers back to a collection that contains it, or
 * undefined when the data is a tree (or a DAG: shared, non-recursive aliases are fine). YAML can
 * build such data with an alias inside its own anchor (`a: &x [*x]`); validators and rules would
 * recurse forever on it. Iterative, and linear in the number of distinct collections.
 */
export function findCycle(data: unknown): (string | number)[] | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const onPath = new Set<object>();
  const finished = new Set<object>();
  type Frame = { node: object; keys: (string | number)[]; next: number; segment: string | number | undefined };
  const frameFor = (node: object, segment: string | number | undefined): Frame => ({
    node,
    keys: Array.isArray(node) ? node.map((_, index) => index) : Object.keys(node),
    next: 0,
    segment,
  });
  const stack: Frame[] = [frameFor(data, undefined)];
  onPath.add(data);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.next >= frame.keys.length) {
      stack.pop();
      onPath.delete(frame.node);
      finished.add(frame.node);
      continue;
    }
    const key = frame.keys[frame.next++]!;
    const child: unknown = (frame.node as Record<string | number, unknown>)[key];
    if (typeof child !== 'object' || child === null || finished.has(child)) continue;
    if (onPath.has(child)) {
      return [...stack.slice(1).map((entry) => entry.segment!), key];
    }
    onPath.add(child);
    stack.push(frameFor(child, key));
  }
  return undefined;
}
