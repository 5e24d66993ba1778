import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildJourney, type Journey } from '../../src/model/journey.js';
import { analyse } from '../../src/model/analysis.js';
import { canEndAvoiding, mostMarkedUpTo, onEveryWayToResolution, stepsAfter, stepsBefore } from '../../src/model/relations.js';

/** A journey from adjacency lists: step i is `s<i>`; ends and their outcomes as given. */
function journeyFrom(next: number[][], ends: Map<number, string>): Journey {
  return buildJourney({
    journey: 'relations',
    steps: next.map((targets, index) =>
      ends.has(index) ? { id: `s${index}`, kind: 'end', outcome: ends.get(index) } : { id: `s${index}`, next: targets.map((target) => `s${target}`) },
    ),
  });
}

/** Every simple path from `from` to a step where `stop` holds, as lists of step indices: the slow, obvious reference. */
function simplePaths(next: number[][], from: number, stop: (step: number) => boolean): number[][] {
  const paths: number[][] = [];
  const walk = (path: number[]) => {
    const last = path[path.length - 1]!;
    if (stop(last)) paths.push(path);
    for (const target of next[last]!) if (!path.includes(target)) walk([...path, target]);
  };
  walk([from]);
  return paths;
}

const smallGraph = fc.integer({ min: 2, max: 7 }).chain((count) =>
  fc.record({
    next: fc.array(fc.uniqueArray(fc.integer({ min: 0, max: count - 1 }), { maxLength: 3 }), { minLength: count, maxLength: count }),
    ends: fc.uniqueArray(fc.integer({ min: 1, max: count - 1 }), { minLength: 1, maxLength: 2 }),
    resolved: fc.boolean(),
    marked: fc.array(fc.boolean(), { minLength: count, maxLength: count }),
  }),
);

describe('graph relations agree with path enumeration on small journeys', () => {
  it('onEveryWayToResolution, canEndAvoiding, stepsAfter, stepsBefore and mostMarkedUpTo', () => {
    fc.assert(
      fc.property(smallGraph, ({ next, ends, resolved, marked }) => {
        const endSet = new Map(ends.map((end, index) => [end, index === 0 && resolved ? 'resolved' : 'abandoned']));
        const edges = next.map((targets, index) => (endSet.has(index) ? [] : targets));
        const journey = journeyFrom(edges, endSet);
        const marks = Uint8Array.from(marked.map(Number));
        const count = edges.length;

        const toResolution = simplePaths(edges, 0, (step) => endSet.get(step) === 'resolved');
        const every = onEveryWayToResolution(analyse(journey));
        for (let step = 0; step < count; step++) {
          expect(every[step], `s${step} on every way to a resolution`).toBe(toResolution.length > 0 && toResolution.every((path) => path.includes(step)) ? 1 : 0);
        }

        const avoiding = canEndAvoiding(analyse(journey), marks);
        for (let step = 0; step < count; step++) {
          const escapes = !marks[step] && simplePaths(edges, step, (other) => endSet.has(other)).some((path) => path.every((member) => !marks[member]));
          expect(avoiding[step], `s${step} reaches an end past no marked step`).toBe(escapes ? 1 : 0);
        }

        const after = stepsAfter(analyse(journey), marks, 2);
        const before = stepsBefore(analyse(journey), marks, 2);
        for (let step = 0; step < count; step++) {
          const sources = [...marks.keys()].filter((source) => marks[source]);
          // One or two edges, loops included (a step right after itself is one edge after it).
          const within = (from: number, to: number) => edges[from]!.includes(to) || edges[from]!.some((middle) => edges[middle]!.includes(to));
          expect(after[step], `s${step} within 2 after a marked step`).toBe(sources.some((source) => within(source, step)) ? 1 : 0);
          expect(before[step], `s${step} within 2 before a marked step`).toBe(sources.some((source) => within(step, source)) ? 1 : 0);
        }

        // Loops count each marked member once: the most on a simple path to the step's loop, plus the loop's own.
        const { upTo } = mostMarkedUpTo(analyse(journey), marks);
        const reachable = new Set(simplePaths(edges, 0, () => true).map((path) => path[path.length - 1]!));
        for (let step = 0; step < count; step++) {
          if (!reachable.has(step)) expect(upTo[step]).toBe(-1);
          else expect(upTo[step]).toBeGreaterThanOrEqual(Math.max(...simplePaths(edges, 0, (other) => other === step).map((path) => path.filter((member) => marks[member]).length)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('counts a loop of marked steps once, and each way on its own', () => {
    // s0 -> s1 <-> s2 -> s3 (end); s0 -> s3. Marked: s1, s2.
    const journey = journeyFrom([[1, 3], [2], [1, 3], []], new Map([[3, 'resolved']]));
    const { upTo, before } = mostMarkedUpTo(analyse(journey), Uint8Array.from([0, 1, 1, 0]));
    expect([...upTo]).toEqual([0, 2, 2, 2]);
    expect([...before]).toEqual([0, 0, 0, 2]);
  });
});
