import { describe, expect, it } from 'vitest';
import { analyse } from '../src/model/analysis.js';
import { adjacency, isCyclic, reachableFrom, stronglyConnectedComponents, type Components } from '../src/model/graph.js';
import { buildJourney } from '../src/model/journey.js';

/** Components as sorted member lists, sorted, so assertions do not depend on numbering. */
function membership(components: Components): number[][] {
  return components.members.map((members) => [...members].sort((a, b) => a - b)).sort((a, b) => a[0]! - b[0]!);
}

function chain(length: number): number[][] {
  return Array.from({ length }, (_, node) => (node + 1 < length ? [node + 1] : []));
}

function ring(length: number): number[][] {
  return Array.from({ length }, (_, node) => [(node + 1) % length]);
}

describe('stronglyConnectedComponents', () => {
  it('finds two cycles joined by a bridge, a self-loop and lone nodes', () => {
    // 0 -> 1 -> 2 -> 0 (cycle), 2 -> 3, 3 -> 4 -> 3 (cycle), 4 -> 5, 5 -> 5 (self-loop), 6 alone
    const next = [[1], [2], [0, 3], [4], [3, 5], [5], []];
    const components = stronglyConnectedComponents(next);
    expect(membership(components)).toEqual([[0, 1, 2], [3, 4], [5], [6]]);
    expect(components.componentOf[0]).toBe(components.componentOf[2]);
    expect(components.componentOf[3]).not.toBe(components.componentOf[2]);
    const cyclic = components.members.map((_, component) => isCyclic(components, component, next));
    expect(membership({ componentOf: components.componentOf, members: components.members.filter((_, component) => cyclic[component]) })).toEqual([
      [0, 1, 2],
      [3, 4],
      [5],
    ]);
  });

  it('numbers components sinks first (reverse topological order)', () => {
    const next = [[1], [2], []];
    const components = stronglyConnectedComponents(next);
    expect(components.members).toEqual([[2], [1], [0]]);
  });

  it('does not treat a single node without a self-loop as a cycle', () => {
    const next = [[1], []];
    const components = stronglyConnectedComponents(next);
    expect(components.members.map((_, component) => isCyclic(components, component, next))).toEqual([false, false]);
  });

  it('handles a 100,000-node chain without overflowing the stack', () => {
    const next = chain(100_000);
    const components = stronglyConnectedComponents(next);
    expect(components.members.length).toBe(100_000);
    // Sinks first: the last node of the chain is component 0, the first node the last component.
    expect(components.componentOf[99_999]).toBe(0);
    expect(components.componentOf[0]).toBe(99_999);
  });

  it('finds a 100,000-node cycle as one component', () => {
    const next = ring(100_000);
    const components = stronglyConnectedComponents(next);
    expect(components.members.length).toBe(1);
    expect(components.members[0]!.length).toBe(100_000);
    expect(isCyclic(components, 0, next)).toBe(true);
  });
});

describe('reachableFrom', () => {
  it('marks exactly the nodes reachable from the sources, following a loop once', () => {
    const next = [[1], [2], [1], [4], []];
    expect([...reachableFrom([0], next)]).toEqual([1, 1, 1, 0, 0]);
    expect([...reachableFrom([3], next)]).toEqual([0, 0, 0, 1, 1]);
    expect([...reachableFrom([0, 3], next)]).toEqual([1, 1, 1, 1, 1]);
  });

  it('ignores sources out of range and handles no sources', () => {
    expect([...reachableFrom([-1, 7], [[], []])]).toEqual([0, 0]);
    expect([...reachableFrom([], [[], []])]).toEqual([0, 0]);
  });

  it('walks a 100,000-node chain backwards along predecessors', () => {
    const graph = { successors: chain(100_000) };
    const predecessors: number[][] = graph.successors.map(() => []);
    graph.successors.forEach((targets, node) => targets.forEach((target) => predecessors[target]!.push(node)));
    const seen = reachableFrom([99_999], predecessors);
    expect(seen.every((flag) => flag === 1)).toBe(true);
  });
});

describe('analyse', () => {
  const journey = buildJourney({
    journey: 'sample',
    steps: [
      { id: 'start', next: [{ to: 'loop-a', when: 'x' }, { to: 'finish', when: 'y' }] },
      { id: 'loop-a', next: 'loop-b' },
      { id: 'loop-b', next: ['loop-a', 'missing'] },
      { id: 'finish', kind: 'end' },
      { id: 'orphan', next: 'finish' },
    ],
  });

  it('drops unknown targets from the adjacency', () => {
    expect(adjacency(journey).successors).toEqual([[1, 3], [2], [1], [], [3]]);
    expect(adjacency(journey).predecessors).toEqual([[], [0, 2], [1], [0, 4], []]);
  });

  it('answers reachability from the start and towards the ends', () => {
    const analysis = analyse(journey);
    expect(analysis.ends).toEqual([3]);
    expect([...analysis.reachable]).toEqual([1, 1, 1, 1, 0]);
    expect([...analysis.canReachEnd]).toEqual([1, 0, 0, 1, 1]);
    expect(analysis.reachable).toBe(analysis.reachable);
  });

  it('computes lazily through getters shared by every analysis, not getters of its own', () => {
    // Getters of an object literal would give each analysis a hidden class of its own, which V8 keeps in the old
    // generation: the journey would then survive every young collection while a repository is audited.
    const other = analyse(buildJourney({ journey: 'other', steps: [{ id: 'only', kind: 'end' }] }));
    const analysis = analyse(journey);
    for (const name of ['reachable', 'canReachEnd', 'components']) {
      expect(Object.getOwnPropertyDescriptor(analysis, name), name).toBeUndefined();
      expect(Object.getPrototypeOf(analysis)).toBe(Object.getPrototypeOf(other));
    }
    expect([...other.reachable]).toEqual([1]);
    expect(analysis.components.members.length).toBe(4);
  });
});
