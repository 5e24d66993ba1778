import { describe, expect, it } from 'vitest';
import { defaultSettings, type JourneySettings } from '../../src/model/channels.js';
import { analyse } from '../../src/model/analysis.js';
import type { RepeatedRequestOptions } from '../../src/model/dataflow.js';
import { adjacency, stronglyConnectedComponents } from '../../src/model/graph.js';
import { buildJourney, type Journey } from '../../src/model/journey.js';
import { computeMetrics, expectedMinutesToResolution } from '../../src/model/metrics.js';
import { computeChanges, earlierMembersOfGroups, trailKeys, type ChangesAlongPaths, type ChangeTrail } from '../../src/model/paths.js';
import type { Step } from '../../src/model/journey.js';
import repeatedDataRequest from '../../src/rules/repeated-data-request.js';
import type { RuleReport } from '../../src/rules/define.js';
import * as reference from './reference/dataflow.js';
import * as referenceGraph from './reference/graph.js';
import * as referenceMetrics from './reference/metrics.js';
import * as referencePaths from './reference/paths.js';

/**
 * The faster analyses give exactly the answers of the first implementations (kept in ./reference), on
 * random journeys with branches, loops, unknown targets, unreachable steps, shared systems and repeats.
 */
function randomJourney(seed: number, size: number): Journey {
  let state = seed;
  const random = (limit: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return Math.floor((state / 2147483648) * limit);
  };
  const channels = ['web', 'app', 'phone', undefined];
  const items = ['email', 'iban', 'address', 'one-time-code', 'order'];
  const names = ['Check', 'check ', 'Verify', 'Pay', 'Ask'];
  const steps: Record<string, unknown>[] = [];
  for (let i = 0; i < size; i++) {
    const step: Record<string, unknown> = { id: `s${i}`, name: names[random(names.length)], actor: random(2) ? 'agent' : 'customer', owner: ['a', 'b', 'c'][random(3)] };
    const channel = channels[random(channels.length)];
    if (channel) step.channel = channel;
    if (random(3) === 0) step.message = `m${random(3)}`;
    if (random(2) === 0) step.collects = Array.from({ length: 1 + random(3) }, () => items[random(items.length)]);
    if (random(4) === 0) step.uses = [['crm', 'erp', 'vault'][random(3)]];
    if (random(6) === 0) step.duration = `${1 + random(30)}m`;
    if (i === size - 1 || random(8) === 0) {
      Object.assign(step, { kind: 'end', outcome: random(2) ? 'resolved' : 'abandoned' });
    } else {
      const next: Record<string, unknown>[] = [{ to: `s${i + 1}` }];
      for (let extra = random(3); extra > 0; extra--) next.push({ to: random(10) === 0 ? 'nowhere' : `s${random(size)}`, ...(random(3) === 0 ? { probability: random(10) / 10 } : {}) });
      step.next = next;
    }
    steps.push(step);
  }
  return buildJourney({ journey: `random-${seed}`, systems: { crm: { shared: true, stores: ['email', 'address'] }, erp: { shared: true }, vault: { shared: false } }, steps });
}

const settings: JourneySettings = { ...defaultSettings, systems: { vault: { shared: true, stores: ['iban'] } } };
const optionSets: RepeatedRequestOptions[] = [
  { allowReconfirm: ['one-time-code'], knownIn: 'channel' },
  { allowReconfirm: [], knownIn: 'journey' },
  { allowReconfirm: ['email', 'iban'], knownIn: 'channel' },
];
const requests = (list: readonly { step: { id: string }; position: number; item: string; first: { id: string } }[]) =>
  list.map((request) => `${request.step.id}#${request.position} ${request.item} <- ${request.first.id}`);

describe('faster analyses give the answers of the first implementations', () => {
  it('each step lists its leaving and arriving edges in edge order', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const journey = randomJourney(seed, 5 + (seed % 60));
      for (const step of journey.steps) {
        expect(step.out).toEqual(journey.edges.filter((edge) => edge.from === step.index).map((edge) => edge.index));
        expect(step.in).toEqual(journey.edges.filter((edge) => edge.to === step.index).map((edge) => edge.index));
      }
    }
  });

  it('adjacency, components and their condensation, lists in the same order', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const journey = randomJourney(seed, 5 + (seed % 60));
      const lists = adjacency(journey);
      expect(lists).toEqual(referenceGraph.adjacency(journey));
      const components = stronglyConnectedComponents(lists.successors);
      const expected = referenceGraph.stronglyConnectedComponents(lists.successors);
      expect([...components.componentOf]).toEqual([...expected.componentOf]);
      expect(components.members).toEqual(expected.members);
      const dag = analyse(journey).condensation;
      const expectedDag = referencePaths.condensation(journey);
      expect([dag.successors, dag.predecessors, [...dag.cyclic]]).toEqual([expectedDag.successors, expectedDag.predecessors, [...expectedDag.cyclic]]);
    }
  });

  it('earlier members of groups, for any walk limit', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const journey = randomJourney(seed, 5 + (seed % 60));
      const reachable = analyse(journey).reachable;
      const groups = new Map<string, number[]>();
      for (const step of journey.steps) {
        if (!reachable[step.index]) continue;
        const key = `${step.name}|${step.channel}`;
        groups.set(key, [...(groups.get(key) ?? []), step.index]);
      }
      const distance = analyse(journey).distancesFromStart;
      // 70 groups: the bit sets hold 32 groups at a time.
      const list = [...groups.values(), ...[...groups.values()].map((group) => [...group].reverse())];
      while (list.length < 70) list.push(...list.slice(0, 70 - list.length));
      for (const maxWalk of [1, 2, 3, 64]) {
        expect(earlierMembersOfGroups(analyse(journey), list, distance, maxWalk)).toEqual(referencePaths.earlierMembersOfGroups(journey, list, distance, maxWalk));
      }
    }
  });

  it('repeated data requests and metrics', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const journey = randomJourney(seed, 5 + (seed % 60));
      for (const options of optionSets) {
        for (const scope of [defaultSettings, settings]) {
          expect(requests(analyse(journey, scope).repeatedRequests(options))).toEqual(requests(reference.findRepeatedRequests(journey, scope, options)));
        }
      }
      expect(computeMetrics(analyse(journey, settings))).toEqual(referenceMetrics.computeMetrics(journey, settings));
    }
  });

  it('changes along paths and the expected time to resolution', () => {
    const trail = (journey: Journey, changes: Pick<ChangesAlongPaths, 'condensation'>, keyOf: (step: Step) => string | undefined, item: ChangeTrail | null | undefined) =>
      item ? `${item.count} ${item.key} ${item.component} ${trailKeys(analyse(journey), item, keyOf).keys.join('>')}` : String(item);
    const summary = (journey: Journey, changes: ChangesAlongPaths, keyOf: (step: Step) => string | undefined) => ({
      worst: changes.worst,
      worstTrail: trail(journey, changes, keyOf, changes.worstTrail),
      countIn: [...changes.countIn],
      onCompletePath: [...changes.onCompletePath],
      trailsOut: changes.trailsOut.map((trails) => trails?.map((item) => trail(journey, changes, keyOf, item))),
    });
    const keyFunctions: Array<(step: Step) => string | undefined> = [(step) => step.owner, (step) => (step.actor === 'customer' ? step.channel : undefined), (step) => step.name];
    for (let seed = 1; seed <= 150; seed++) {
      const journey = randomJourney(seed, 5 + (seed % 60));
      for (const keyOf of keyFunctions) {
        expect(summary(journey, computeChanges(analyse(journey), keyOf), keyOf)).toEqual(summary(journey, referencePaths.changesAlongPaths(journey, keyOf) as ChangesAlongPaths, keyOf));
      }
      // Exactly the same number, not only after rounding.
      expect(expectedMinutesToResolution(analyse(journey))).toBe(referenceMetrics.expectedMinutesToResolution(journey));
    }
  });

  it('the rule and the metrics share one computation of the repeated requests, with the same answers', () => {
    const journey = randomJourney(3, 60);
    const analysis = analyse(journey, settings);
    const reports: RuleReport[] = [];
    const options = { allowReconfirm: ['one-time-code'], knownIn: 'channel' as const };
    repeatedDataRequest.check({ journey, analysis, options, settings, report: (entry) => reports.push(entry) });
    const expected = reference.findRepeatedRequests(journey, settings, options);
    expect(expected.length).toBeGreaterThan(0);
    expect(reports.map((entry) => `${entry.path.join('.')} ${entry.data!.item} <- ${entry.data!.first}`)).toEqual(
      expected.map((request) => `steps.${request.step.index}.collects.${request.position} ${request.item} <- ${request.first.id}`),
    );
    // The metrics use the default options, the same as the rule's here: the rule's result is reused, not recomputed.
    const shared = analysis.repeatedRequests(options);
    expect(analysis.repeatedRequests()).toBe(shared);
    expect(analysis.repeatedRequests({ ...options, allowReconfirm: [...options.allowReconfirm] })).toBe(shared);
    expect(computeMetrics(analysis).dataItemsAskedTwice).toBe(new Set(expected.map((request) => request.item)).size);
    // Other options, or another journey's analysis, are computed on their own.
    expect(analysis.repeatedRequests({ allowReconfirm: [], knownIn: 'channel' })).not.toBe(shared);
    expect(analyse(journey, settings).repeatedRequests(options)).not.toBe(shared);
  });
});
