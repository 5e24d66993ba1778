/**
 * Replays the distinct variants of a log against the journey graph. Pure: aggregates and a mapping in, what was lived
 * out. Only the log's steps that some activity maps to are "visible"; the others (decisions, customer steps nobody
 * records) are passed through silently, so a move from A to B matches the journey when B can be reached from A through
 * unrecorded steps only. Consecutive events of one step are one visit of it (a step may name several activities).
 */
import type { Journey } from '../model/journey.js';
import type { Aggregates } from './aggregate.js';
import { mergeInto, type Histogram } from './histogram.js';

export interface ActivityMapping {
  /** Step index of each mapped activity. */
  stepOf: ReadonlyMap<string, number>;
  /** Activities the map file says to leave out of the replay: counted, never flagged. */
  ignored: ReadonlySet<string>;
}

/** A move between two visible steps (or the case's start, -1) that the journey does not declare. */
interface Deviation {
  from: number;
  to: number;
  cases: number;
  /** Moves, when a case makes the same one more than once. */
  moves: number;
  times: Histogram;
  /** Declared steps passed over: the recorded steps on the journey's shortest way from `from` to `to` (empty: no way). */
  skipped: number[];
}

interface LivedVariant {
  /** The variant's key in the aggregates (its JSON text). */
  key: string;
  activities: string[];
  /** The end step the case reached (from its last visit, else from any visit: steps done out of order), or -1. */
  end: number;
  /** The last visited step, or -1 when no activity of the case maps to a step. */
  last: number;
  /** The case's last activity that is not ignored. */
  lastActivity: string | undefined;
  /** Step ids of the visits; `?activity` for an activity no step maps to. */
  visits: string[];
  cases: number;
  fits: boolean;
}

export interface LivedJourney {
  journey: Journey;
  mapping: ActivityMapping;
  aggregates: Aggregates;
  cases: number;
  fittingCases: number;
  moves: number;
  matchingMoves: number;
  variants: LivedVariant[];
  unknownActivities: Array<{ activity: string; events: number; cases: number }>;
  ignoredEvents: number;
  /** Per step: visits, time since the previous event (arrival), time to the next event (response). */
  visits: number[];
  arrivalTimes: Histogram[];
  responseTimes: Histogram[];
  /** Cases through each journey edge (routes through unrecorded steps included). */
  edgeFlow: number[];
  /** Per journey edge between two recorded steps: the times between their events. */
  edgeTimes: Histogram[];
  deviations: Deviation[];
  /** Cases whose last visit is at or leads silently to this end step. */
  endedAt: Map<number, number>;
  /** Cases that stopped where the journey has no way to an end without a recorded step. */
  unfinishedAt: Map<number, number>;
  /** Per step: whether an end can be reached from it through unrecorded steps (or it is one). */
  canFinish: boolean[];
  /** Per step: the end step reached from it through unrecorded steps (itself for an end), or -1. */
  endOf: number[];
  /** Per variant, in `variants` order: owner changes between its visits. */
  ownerChanges: number[];
}

export function replayVariants(journey: Journey, aggregates: Aggregates, mapping: ActivityMapping): LivedJourney {
  const stepCount = journey.steps.length;
  const visible = new Uint8Array(stepCount);
  for (const step of mapping.stepOf.values()) visible[step] = 1;
  const successorEdges = journey.steps.map((step) => step.out.map((index) => journey.edges[index]!).filter((edge) => edge.to >= 0));

  /** Breadth-first from `sources`, passing through unrecorded steps only; returns the edge that first reached each step. */
  const silentSearch = (sources: number[]): Int32Array => {
    const via = new Int32Array(stepCount).fill(-2);
    const queue: number[] = [];
    for (const source of sources) {
      if (via[source] === -2) {
        via[source] = -1;
        queue.push(source);
      }
    }
    for (let head = 0; head < queue.length; head++) {
      const at = queue[head]!;
      // A recorded step other than a source ends the silent stretch.
      if (visible[at] && !sources.includes(at)) continue;
      for (const edge of successorEdges[at]!) {
        if (via[edge.to] === -2) {
          via[edge.to] = edge.index;
          queue.push(edge.to);
        }
      }
    }
    return via;
  };
  const silentFrom = new Map<number, Int32Array>();
  const silent = (source: number) => {
    let via = silentFrom.get(source);
    if (!via) silentFrom.set(source, (via = silentSearch([source])));
    return via;
  };
  /** Edges of the silent route from `from` to `to` (empty when `to` is `from`), or undefined when there is none. */
  const route = (via: Int32Array, from: number, to: number): number[] | undefined => {
    if (to === from) return [];
    if (via[to] === -2 || via[to] === -1) return undefined;
    const edges: number[] = [];
    for (let at = to; at !== from; ) {
      const edgeIndex = via[at]!;
      if (edgeIndex < 0) return undefined;
      edges.push(edgeIndex);
      at = journey.edges[edgeIndex]!.from;
    }
    return edges.reverse();
  };
  const startIsOptional = journey.steps[journey.start]?.actor === 'customer';
  const declaredMove = (from: number, to: number): number[] | undefined => {
    if (from === -1) {
      if (journey.start < 0) return undefined;
      if (journey.start === to) return [];
      // Logs seldom record the customer's own first step: a case may begin after a customer start step, not after
      // a recorded company step.
      if (visible[journey.start] && !startIsOptional) return undefined;
      return route(silent(journey.start), journey.start, to);
    }
    if (to === from) return undefined;
    const edges = route(silent(from), from, to);
    // A silent stretch may not run through another recorded step.
    return edges && edges.slice(0, -1).every((edgeIndex) => !visible[journey.edges[edgeIndex]!.to]) ? edges : undefined;
  };
  // The nearest end reachable silently from each step, for outcomes.
  const endReached = (from: number): { end: number; edges: number[] } | undefined => {
    if (journey.steps[from]!.kind === 'end') return { end: from, edges: [] };
    const via = silent(from);
    let best: { end: number; edges: number[] } | undefined;
    for (const step of journey.steps) {
      if (step.kind !== 'end' || step.index === from || (visible[step.index] && step.index !== from)) continue;
      const edges = route(via, from, step.index);
      if (edges && (!best || edges.length < best.edges.length)) best = { end: step.index, edges };
    }
    return best;
  };
  const endOf = journey.steps.map((step) => endReached(step.index)?.end ?? -1);
  const canFinish = endOf.map((end) => end >= 0);

  // Shortest way in the whole graph, for naming the steps a deviation passed over.
  const fullSearch = (from: number): Int32Array => {
    const parent = new Int32Array(stepCount).fill(-2);
    const queue = [from];
    parent[from] = -1;
    for (let head = 0; head < queue.length; head++) {
      for (const edge of successorEdges[queue[head]!]!) {
        if (parent[edge.to] === -2) {
          parent[edge.to] = edge.from;
          queue.push(edge.to);
        }
      }
    }
    return parent;
  };
  const skippedOn = (from: number, to: number): number[] => {
    const source = from === -1 ? journey.start : from;
    if (source < 0 || to === source) return [];
    const parent = fullSearch(source);
    if (parent[to] === -2) return [];
    const between: number[] = [];
    for (let at = parent[to]!; at !== -1 && at !== source; at = parent[at]!) if (visible[at]) between.unshift(at);
    // A case that begins after the start passed over the start itself when it is recorded.
    if (from === -1 && visible[source] && !startIsOptional) between.unshift(source);
    return between;
  };

  const edgeFlow = new Array<number>(journey.edges.length).fill(0);
  const visits = new Array<number>(stepCount).fill(0);
  const endedAt = new Map<number, number>();
  const unfinishedAt = new Map<number, number>();
  const deviationsByPair = new Map<string, Deviation>();
  const unknownCounts = new Map<string, number>();
  let cases = 0;
  let fittingCases = 0;
  let moves = 0;
  let matchingMoves = 0;
  let ignoredEvents = 0;
  const variants: LivedVariant[] = [];
  const ownerChanges: number[] = [];

  for (const variant of aggregates.variants) {
    cases += variant.cases;
    const steps: number[] = [];
    const labels: string[] = [];
    let unknown = 0;
    for (const activity of variant.activities) {
      if (mapping.ignored.has(activity)) {
        ignoredEvents += variant.cases;
        continue;
      }
      const step = mapping.stepOf.get(activity);
      if (step === undefined) {
        unknown++;
        unknownCounts.set(activity, (unknownCounts.get(activity) ?? 0) + variant.cases);
        labels.push(`?${activity}`);
        continue;
      }
      if (steps[steps.length - 1] === step) continue;
      steps.push(step);
      labels.push(journey.steps[step]!.id);
    }
    let fits = unknown === 0 && steps.length > 0;
    moves += (steps.length + unknown) * variant.cases;
    const seenPairs = new Set<string>();
    for (let position = 0; position < steps.length; position++) {
      const from = position === 0 ? -1 : steps[position - 1]!;
      const to = steps[position]!;
      visits[to]! += variant.cases;
      const declared = declaredMove(from, to);
      if (declared) {
        matchingMoves += variant.cases;
        for (const edgeIndex of declared) edgeFlow[edgeIndex]! += variant.cases;
        continue;
      }
      fits = false;
      const key = `${from}>${to}`;
      let deviation = deviationsByPair.get(key);
      if (!deviation) {
        deviation = { from, to, cases: 0, moves: 0, times: new Map(), skipped: skippedOn(from, to) };
        deviationsByPair.set(key, deviation);
      }
      deviation.moves += variant.cases;
      if (!seenPairs.has(key)) deviation.cases += variant.cases;
      seenPairs.add(key);
    }
    const last = steps[steps.length - 1];
    let endStep = -1;
    if (last !== undefined) {
      const end = endReached(last);
      if (end) {
        endStep = end.end;
        for (const edgeIndex of end.edges) edgeFlow[edgeIndex]! += variant.cases;
      } else {
        fits = false;
        // Steps done in another order than the journey's: the case ended if an earlier visit leads to an end.
        for (let position = steps.length - 2; position >= 0 && endStep < 0; position--) endStep = endOf[steps[position]!]!;
        if (endStep < 0) unfinishedAt.set(last, (unfinishedAt.get(last) ?? 0) + variant.cases);
      }
      if (endStep >= 0) endedAt.set(endStep, (endedAt.get(endStep) ?? 0) + variant.cases);
    }
    if (fits) fittingCases += variant.cases;
    let changes = 0;
    let owner: string | undefined;
    for (const step of steps) {
      const next = journey.steps[step]!.owner;
      if (next === undefined) continue;
      if (owner !== undefined && next !== owner) changes++;
      owner = next;
    }
    ownerChanges.push(changes);
    const lastActivity = [...variant.activities].reverse().find((activity) => !mapping.ignored.has(activity));
    variants.push({ key: variant.key, activities: variant.activities, end: endStep, last: last ?? -1, lastActivity, visits: labels, cases: variant.cases, fits });
  }

  // Times come from the directly-follows pairs of activities whose steps differ.
  const arrivalTimes: Histogram[] = journey.steps.map(() => new Map());
  const responseTimes: Histogram[] = journey.steps.map(() => new Map());
  const edgeTimes: Histogram[] = journey.edges.map(() => new Map());
  const directEdge = new Map<string, number>();
  for (const edge of journey.edges) if (edge.to >= 0 && !directEdge.has(`${edge.from}>${edge.to}`)) directEdge.set(`${edge.from}>${edge.to}`, edge.index);
  for (const transition of aggregates.transitions) {
    if (transition.from === null || transition.to === null) continue;
    const from = mapping.stepOf.get(transition.from);
    const to = mapping.stepOf.get(transition.to);
    if (from !== undefined && from === to) continue;
    if (to !== undefined) mergeInto(arrivalTimes[to]!, transition.times);
    if (from !== undefined) mergeInto(responseTimes[from]!, transition.times);
    if (from !== undefined && to !== undefined) {
      const deviation = deviationsByPair.get(`${from}>${to}`);
      if (deviation) mergeInto(deviation.times, transition.times);
      const edge = directEdge.get(`${from}>${to}`);
      if (edge !== undefined) mergeInto(edgeTimes[edge]!, transition.times);
    }
  }

  const eventsOf = new Map(aggregates.activities.map((entry) => [entry.activity, entry]));
  const unknownActivities = [...unknownCounts.keys()]
    .map((activity) => ({ activity, events: eventsOf.get(activity)?.events ?? 0, cases: eventsOf.get(activity)?.cases ?? 0 }))
    .sort((a, b) => b.events - a.events || a.activity.localeCompare(b.activity));
  const deviations = [...deviationsByPair.values()].sort((a, b) => b.cases - a.cases || a.from - b.from || a.to - b.to);
  return {
    journey,
    mapping,
    aggregates,
    cases,
    fittingCases,
    moves,
    matchingMoves,
    variants,
    unknownActivities,
    ignoredEvents,
    visits,
    arrivalTimes,
    responseTimes,
    edgeFlow,
    edgeTimes,
    deviations,
    endedAt,
    unfinishedAt,
    canFinish,
    endOf,
    ownerChanges,
  };
}

/** The ways as lived: variants with the same visits (they differ only in activities of one step) counted together. */
export function waysAsLived(lived: LivedJourney): Array<{ visits: string[]; cases: number; fits: boolean }> {
  const ways = new Map<string, { visits: string[]; cases: number; fits: boolean }>();
  for (const variant of lived.variants) {
    const key = JSON.stringify(variant.visits);
    const way = ways.get(key);
    if (way) {
      way.cases += variant.cases;
      way.fits &&= variant.fits;
    } else {
      ways.set(key, { visits: variant.visits, cases: variant.cases, fits: variant.fits });
    }
  }
  return [...ways.values()].sort((a, b) => b.cases - a.cases || a.visits.join('\u0000').localeCompare(b.visits.join('\u0000')));
}
