import { describe, expect, it } from 'vitest';
import type { Step } from '../../src/model/journey.js';
import { analyse } from '../../src/model/analysis.js';
import {
  computeChanges,
  earlierMembersOfGroups,
  fastestWayTo,
  fewestStepsTo,
  MinHeap,
  mostStepsTo,
  trailKeys,
} from '../../src/model/paths.js';
import { ids, journeyOf } from './journey-of.js';

const resolved = (step: Step) => step.kind === 'end' && step.outcome === 'resolved';

const twoRoutes = journeyOf(`
journey: two-routes
steps:
  - {id: start, duration: 1h, next: [slow, quick-1]}
  - {id: slow, duration: 5d, next: done}
  - {id: quick-1, duration: 1d, next: quick-2}
  - {id: quick-2, duration: 1d, next: done}
  - {id: done, kind: end, outcome: resolved}
`);

const loop = journeyOf(`
journey: loop
steps:
  - {id: s, next: [l1, other]}
  - {id: l1, next: l2}
  - {id: l2, next: [l1, e]}
  - {id: e, kind: end, outcome: resolved}
  - {id: other, kind: end, outcome: resolved}
`);

describe('condensation', () => {
  it('numbers components so every edge goes from a higher id to a lower one, and marks loops', () => {
    const dag = analyse(loop).condensation;
    const component = (id: string) => dag.componentOf[loop.stepIndexById.get(id)!]!;
    expect(component('l1')).toBe(component('l2'));
    expect(component('s')).toBeGreaterThan(component('l1'));
    expect(component('l1')).toBeGreaterThan(component('e'));
    expect(dag.cyclic[component('l1')]).toBe(1);
    expect(dag.cyclic[component('s')]).toBe(0);
    expect(dag.successors[component('s')]!.sort()).toEqual([component('l1'), component('other')].sort());
  });
});

describe('shortest, fastest and longest ways', () => {
  it('counts steps breadth-first, start and end included', () => {
    expect(fewestStepsTo(analyse(twoRoutes), resolved)).toEqual({ steps: 3, target: 4 });
    expect([...analyse(twoRoutes).distancesFromStart]).toEqual([0, 1, 1, 2, 2]);
  });

  it('sums durations with Dijkstra and takes the faster way even with more steps', () => {
    expect(fastestWayTo(analyse(twoRoutes), (step) => step.duration ?? 0, resolved)).toEqual({ total: 60 + 2 * 1440, target: 4, steps: 4 });
  });

  it('counts the longest way on the condensation: a loop adds each of its steps once', () => {
    expect(mostStepsTo(analyse(loop), resolved)).toBe(4);
    expect(mostStepsTo(analyse(twoRoutes), resolved)).toBe(4);
    expect(mostStepsTo(analyse(journeyOf('journey: x\nsteps:\n  - {id: a, next: b}\n  - {id: b, kind: end, outcome: abandoned}\n')), resolved)).toBeUndefined();
  });
});

describe('MinHeap', () => {
  it('pops priorities in ascending order', () => {
    const heap = new MinHeap();
    let seed = 7;
    const values: number[] = [];
    for (let i = 0; i < 200; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      values.push(seed % 1000);
      heap.push(seed % 1000, i);
    }
    const popped: number[] = [];
    while (heap.size > 0) popped.push(heap.pop()!.priority);
    expect(popped).toEqual([...values].sort((a, b) => a - b));
    expect(heap.pop()).toBeUndefined();
  });
});

describe('changesAlongPaths', () => {
  const owners = journeyOf(`
journey: owners
steps:
  - {id: a, owner: x, next: b}
  - {id: customer, next: b}
  - {id: b, owner: y, next: c}
  - {id: c, owner: z, next: [b, d]}
  - {id: d, owner: x, next: end}
  - {id: end, kind: end, outcome: resolved}
`);
  const ownerOf = (step: Step) => step.owner;

  it('counts a loop as its set of owners and reads the trail in flow order', () => {
    const changes = computeChanges(analyse(owners), ownerOf);
    expect(changes.worst).toBe(3);
    expect(trailKeys(analyse(owners), changes.worstTrail!, ownerOf).keys).toEqual(['x', 'y', 'z', 'x']);
  });

  it('lets steps without a key keep the previous one', () => {
    const chain = journeyOf(`
journey: chain
steps:
  - {id: a, owner: care, next: b}
  - {id: b, next: c}
  - {id: c, owner: care, next: d}
  - {id: d, owner: billing, next: e}
  - {id: e, kind: end, outcome: resolved}
`);
    const changes = computeChanges(analyse(chain), ownerOf);
    expect(changes.worst).toBe(1);
    expect(trailKeys(analyse(chain), changes.worstTrail!, ownerOf).keys).toEqual(['care', 'billing']);
  });

  it('takes the worst of two merging branches', () => {
    const branches = journeyOf(`
journey: branches
steps:
  - {id: a, owner: care, next: [b1, c1]}
  - {id: b1, owner: billing, next: b2}
  - {id: b2, owner: it, next: m}
  - {id: c1, owner: care, next: m}
  - {id: m, owner: care, next: e}
  - {id: e, kind: end, outcome: resolved}
`);
    const changes = computeChanges(analyse(branches), ownerOf);
    expect(changes.worst).toBe(3);
    expect(trailKeys(analyse(branches), changes.worstTrail!, ownerOf).keys).toEqual(['care', 'billing', 'it', 'care']);
  });
});

describe('earlierMembersOfGroups', () => {
  it('names, for each member reached by another member, one such member upstream', () => {
    const journey = journeyOf(`
journey: group
steps:
  - {id: s, next: [a, b]}
  - {id: a, next: c}
  - {id: b, next: e}
  - {id: c, next: [d, e]}
  - {id: d, next: c}
  - {id: e, kind: end, outcome: resolved}
`);
    const index = (id: string) => journey.stepIndexById.get(id)!;
    const group = ['a', 'b', 'c', 'd', 'e'].map(index);
    const earlier = earlierMembersOfGroups(analyse(journey), [group], analyse(journey).distancesFromStart);
    const named = Object.fromEntries(earlier.map(([member, first]) => [journey.steps[member]!.id, journey.steps[first]!.id]));
    // a and b are not reached by other members; the loop c/d is reached from a, and e directly from b (its first
    // predecessor holding a member), where a would do as well.
    expect(named).toEqual({ c: 'a', d: 'a', e: 'b' });
    expect(ids(journey, earlier.map(([member]) => member)).sort()).toEqual(['c', 'd', 'e']);
  });

  it('knows a far earlier member exists even when the walk to name it is cut short', () => {
    const journey = journeyOf(`
journey: chain
steps:
  - {id: a, next: x1}
  - {id: x1, next: x2}
  - {id: x2, next: x3}
  - {id: x3, next: b}
  - {id: b, kind: end, outcome: resolved}
`);
    const index = (id: string) => journey.stepIndexById.get(id)!;
    const group = [index('a'), index('b')];
    expect(earlierMembersOfGroups(analyse(journey), [group], analyse(journey).distancesFromStart)).toEqual([[index('b'), index('a')]]);
    expect(earlierMembersOfGroups(analyse(journey), [group], analyse(journey).distancesFromStart, 2)).toEqual([[index('b'), -1]]);
  });

  it('within one loop, names the member closest to the start', () => {
    const journey = journeyOf(`
journey: ring
steps:
  - {id: s, next: p}
  - {id: p, next: q}
  - {id: q, next: [p, e]}
  - {id: e, kind: end, outcome: resolved}
`);
    const index = (id: string) => journey.stepIndexById.get(id)!;
    const earlier = earlierMembersOfGroups(analyse(journey), [[index('q'), index('p')]], analyse(journey).distancesFromStart);
    expect(earlier).toEqual([[index('q'), index('p')]]);
  });
});
