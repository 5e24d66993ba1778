import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/model/analysis.js';
import { branchProbabilities, computeMetrics, customerEffortIndex } from '../../src/model/metrics.js';
import { journeyOf } from './journey-of.js';

describe('computeMetrics', () => {
  it('solves the expected time through a retry loop and counts the loop once for the longest way', () => {
    const journey = journeyOf(`
journey: loop-expected
steps:
  - {id: start, channel: web, actor: customer, duration: 10m, collects: [email], next: check}
  - id: check
    kind: decision
    actor: system
    owner: it
    next: [{to: fix, probability: 0.5}, {to: redo}]
  - {id: fix, actor: agent, owner: care, duration: 20m, next: done}
  - {id: redo, actor: customer, channel: web, duration: 40m, collects: [email], next: start}
  - {id: done, kind: end, outcome: resolved}
`);
    // E = 10 + 0.5 x 20 + 0.5 x (40 + E)  =>  E = 80 minutes.
    // raw effort = 4 x 1 (email asked twice) + 3 x 1 handoff + 0.5 x 4 steps + 80/1440 days = 9.06  =>  100 x 9.06 / 34.06 = 27.
    expect(computeMetrics(analyse(journey))).toEqual({
      steps: 5,
      channels: 1,
      owners: 2,
      decisions: 1,
      shortestPathSteps: 4,
      longestPathSteps: 5,
      expectedMinutesToResolution: 80,
      handoffsWorstPath: 1,
      channelSwitches: 0,
      dataItemsAsked: 1,
      dataItemsAskedTwice: 1,
      automatedStepsWithoutHumanRoute: 0,
      customerEffortIndex: 27,
    });
  });

  it('conditions the expected time on reaching a resolved end and counts automated steps without a person', () => {
    const journey = journeyOf(`
journey: conditional
steps:
  - {id: start, actor: customer, channel: ivr, duration: 10m, next: menu}
  - id: menu
    kind: decision
    actor: system
    channel: ivr
    owner: it
    next: [{to: self-serve, probability: 0.25}, {to: agent, probability: 0.25}, {to: give-up, probability: 0.5}]
  - {id: self-serve, actor: system, channel: ivr, owner: it, duration: 5m, next: solved}
  - {id: agent, actor: agent, channel: phone, owner: care, duration: 30m, next: solved}
  - {id: give-up, kind: end, outcome: abandoned}
  - {id: solved, kind: end, outcome: resolved}
`);
    // Of those who resolve, half self-serve and half talk to an agent: 10 + 0.5 x 5 + 0.5 x 30 = 27.5.
    // raw = 3 x 1 handoff + 5 x 1 (self-serve has no way to a person) + 0.5 x 4 + 27.5/1440 = 10.02  =>  29.
    expect(computeMetrics(analyse(journey))).toEqual({
      steps: 6,
      channels: 2,
      owners: 2,
      decisions: 1,
      shortestPathSteps: 4,
      longestPathSteps: 4,
      expectedMinutesToResolution: 27.5,
      handoffsWorstPath: 1,
      channelSwitches: 0,
      dataItemsAsked: 0,
      dataItemsAskedTwice: 0,
      automatedStepsWithoutHumanRoute: 1,
      customerEffortIndex: 29,
    });
  });

  it('reports no paths and a resolution penalty when no resolved end can be reached', () => {
    const journey = journeyOf(`
journey: stuck
steps:
  - {id: a, actor: customer, channel: web, next: b}
  - {id: b, kind: end, outcome: unresolved}
`);
    expect(computeMetrics(analyse(journey))).toMatchObject({
      shortestPathSteps: null,
      longestPathSteps: null,
      expectedMinutesToResolution: null,
      // raw = 20  =>  100 x 20 / 45 = 44.
      customerEffortIndex: 44,
    });
  });

  it('counts customer channel switches on the worst way', () => {
    const journey = journeyOf(`
journey: switches
steps:
  - {id: a, actor: customer, channel: web, next: b}
  - {id: b, actor: agent, owner: care, channel: phone, next: c}
  - {id: c, actor: customer, channel: store, next: d}
  - {id: d, actor: customer, channel: web, next: e}
  - {id: e, kind: end, outcome: resolved}
`);
    expect(computeMetrics(analyse(journey)).channelSwitches).toBe(2);
  });
});

describe('branchProbabilities', () => {
  it('shares the rest of the mass among branches without a probability and normalises', () => {
    const journey = journeyOf(`
journey: branches
steps:
  - {id: a, next: [{to: b, probability: 0.6}, {to: c}, {to: d}]}
  - {id: b, next: [{to: c, probability: 0.5}, {to: d, probability: 1}]}
  - {id: c, next: [d, missing]}
  - {id: d, kind: end, outcome: resolved}
`);
    const shares = (id: string) => branchProbabilities(journey, journey.steps[journey.stepIndexById.get(id)!]!).map(({ to, probability }) => [journey.steps[to]!.id, Number(probability.toFixed(6))]);
    expect(shares('a')).toEqual([['b', 0.6], ['c', 0.2], ['d', 0.2]]);
    expect(shares('b')).toEqual([['c', 0.333333], ['d', 0.666667]]);
    expect(shares('c')).toEqual([['d', 1]]);
  });
});

describe('customerEffortIndex', () => {
  it('is 50 at a raw score of 25', () => {
    expect(
      customerEffortIndex({
        steps: 0, channels: 0, owners: 0, decisions: 0, shortestPathSteps: 12, longestPathSteps: 12, expectedMinutesToResolution: 0,
        handoffsWorstPath: 4, channelSwitches: 1, dataItemsAsked: 0, dataItemsAskedTwice: 1, automatedStepsWithoutHumanRoute: 0,
      }),
    ).toBe(50);
  });
});
