import type { Step } from './journey.js';

/** Loops spelled out for messages (trap-loop, chase-loop). */

/** Longest loop spelled out step by step in a message; longer loops are abbreviated. */
export const maxNamedSteps = 8;

/**
 * The shortest way round the loop through `first`, found by a breadth-first search that stays
 * inside the component: linear in the component's steps and edges.
 */
export function shortestLoopThrough(first: number, componentOf: Int32Array, successors: readonly (readonly number[])[]): number[] {
  const component = componentOf[first]!;
  const parent = new Map<number, number>();
  const queue = [first];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    for (const target of successors[node]!) {
      if (componentOf[target] !== component) continue;
      if (target === first) {
        // Walk back from the closing edge, then turn round: first -> ... -> node -> first.
        const loop = [first];
        for (let back = node; back !== first; back = parent.get(back)!) loop.push(back);
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

export function describeLoop(loop: readonly Step[]): string {
  const names = loop.map((step) => `'${step.id}'`);
  if (names.length <= maxNamedSteps) return names.join(' -> ');
  return `${names.slice(0, 3).join(' -> ')} -> ... -> ${names.slice(-2).join(' -> ')} (${loop.length - 1} steps)`;
}

