import { formatDuration } from '../util/text.js';
import type { JourneyAnalysis } from './analysis.js';
import { defaultRepeatedRequestOptions } from './dataflow.js';
import { defaultHumanRouteOptions } from './human-route.js';
import { edgeAt, type Journey, type Step } from './journey.js';
import { fewestStepsTo, mostStepsTo } from './paths.js';

/** Figures that describe one journey; the `metrics` command and the JSON report print them. */
export interface JourneyMetrics {
  /** Steps in the file. */
  steps: number;
  /** Distinct channels of the steps. */
  channels: number;
  /** Distinct step owners (departments). */
  owners: number;
  /** Steps of kind `decision`. */
  decisions: number;
  /** Steps on the way from the start to a resolved end with the fewest steps; null when there is none. */
  shortestPathSteps: number | null;
  /** Most steps on a way from the start to a resolved end, each loop's steps counted once; null when there is none. */
  longestPathSteps: number | null;
  /**
   * Expected total step duration for customers who reach a resolved end; null when none can, or when no step on the way
   * has a `duration` (unknown, not zero). A lower bound when only some are timed (`timedSteps` < `stepsToResolution`).
   */
  expectedMinutesToResolution: number | null;
  /** Steps on some way from the start to a resolved end, ends left out (an end takes no time). */
  stepsToResolution: number;
  /** Of those, the steps with a `duration`. */
  timedSteps: number;
  /** Some step on the way has branches without a `probability`, so the expected time assumed they split evenly. */
  expectedAssumesEvenSplit: boolean;
  /** Most changes between the departments the customer meets on a way from the start to an end (a loop counts as its set of owners). */
  handoffsWorstPath: number;
  /** Most changes of channel between customer steps on a way from the start to an end. */
  channelSwitches: number;
  /** Distinct data items the reachable steps collect. */
  dataItemsAsked: number;
  /** Distinct data items asked again where every way already collected them (repeated-data-request, default options). */
  dataItemsAskedTwice: number;
  /** Reachable steps in automated channels with no way to a person. */
  automatedStepsWithoutHumanRoute: number;
  /** 0 (effortless) to 100: see customerEffortIndex(). */
  customerEffortIndex: number;
  /** The points each term adds to the raw effort score, so a workshop can see why a journey scores what it does. */
  customerEffortTerms: CustomerEffortTerms;
}

interface CustomerEffortTerms {
  /** 4 per data item asked twice. */
  dataAskedTwice: number;
  /** 3 per hand-off on the worst path. */
  handoffs: number;
  /** 3 per channel switch. */
  channelSwitches: number;
  /** 5 per automated step without a way to a person. */
  automatedWithoutPerson: number;
  /** 0.5 per step on the shortest way to a resolution. */
  shortestWay: number;
  /** 1 per expected day to resolution (0 when unknown). */
  expectedDays: number;
  /** 20 when no way leads to a resolved end (in place of the two terms before). */
  noResolution: number;
  /** The sum: index = round(100 x raw / (raw + 25)). */
  raw: number;
}

const isResolved = (step: Step) => step.kind === 'end' && step.outcome === 'resolved';

/** The metrics of one journey, from its analysis (whose results the rules have usually computed already). */
export function computeMetrics(analysis: JourneyAnalysis): JourneyMetrics {
  const { journey } = analysis;
  // One pass for the plain counts (no filtered copies of 100,000 steps).
  const channels = new Set<string>();
  const owners = new Set<string>();
  const asked = new Set<string>();
  let decisions = 0;
  for (const step of journey.steps) {
    if (step.channel !== undefined) channels.add(step.channel);
    if (step.owner !== undefined) owners.add(step.owner);
    if (step.kind === 'decision') decisions++;
    if (analysis.reachable[step.index]) for (const entry of step.collects) {
      asked.add(entry.item);
    }
  }
  const askedTwice = new Set<string>();
  for (const request of analysis.repeatedRequests(defaultRepeatedRequestOptions)) {
    askedTwice.add(request.item);
  }
  const expected = expectedMinutesToResolution(analysis);
  // Steps on a way from the start to a resolved end, and how many of them are timed.
  const canResolve = analysis.canResolve;
  let stepsToResolution = 0;
  let timedSteps = 0;
  let evenSplit = false;
  for (const step of journey.steps) {
    if (!analysis.reachable[step.index] || !canResolve[step.index] || step.kind === 'end') continue;
    stepsToResolution++;
    if (step.duration !== undefined) timedSteps++;
    // Two or more known targets, one of them without a probability: the split is assumed even.
    let knownTargets = 0;
    let withoutProbability = false;
    for (const edgeIndex of step.out) {
      const edge = edgeAt(journey, edgeIndex);
      if (edge.to < 0) continue;
      knownTargets++;
      if (edge.probability === undefined) withoutProbability = true;
    }
    if (knownTargets > 1 && withoutProbability) evenSplit = true;
  }
  const counts = {
    steps: journey.steps.length,
    channels: channels.size,
    owners: owners.size,
    decisions,
    shortestPathSteps: fewestStepsTo(analysis, isResolved)?.steps ?? null,
    longestPathSteps: mostStepsTo(analysis, isResolved) ?? null,
    expectedMinutesToResolution: expected === undefined || timedSteps === 0 ? null : Math.round(expected * 100) / 100,
    stepsToResolution,
    timedSteps,
    expectedAssumesEvenSplit: expected !== undefined && timedSteps > 0 && evenSplit,
    handoffsWorstPath: analysis.customerOwnerChanges.worst,
    channelSwitches: analysis.customerChannelChanges.worst,
    dataItemsAsked: asked.size,
    dataItemsAskedTwice: askedTwice.size,
    automatedStepsWithoutHumanRoute: analysis.humanRoutes(defaultHumanRouteOptions).stuck.length,
  };
  const customerEffortTerms = effortTerms(counts);
  return { ...counts, customerEffortIndex: indexOf(customerEffortTerms.raw), customerEffortTerms };
}

type EffortCounts = Pick<
  JourneyMetrics,
  'dataItemsAskedTwice' | 'handoffsWorstPath' | 'channelSwitches' | 'automatedStepsWithoutHumanRoute' | 'shortestPathSteps' | 'expectedMinutesToResolution'
>;

/** The terms of the raw effort score (see customerEffortIndex()). */
function effortTerms(counts: EffortCounts): CustomerEffortTerms {
  const { shortestPathSteps } = counts;
  const resolvable = shortestPathSteps !== null;
  const terms = {
    dataAskedTwice: 4 * counts.dataItemsAskedTwice,
    handoffs: 3 * counts.handoffsWorstPath,
    channelSwitches: 3 * counts.channelSwitches,
    automatedWithoutPerson: 5 * counts.automatedStepsWithoutHumanRoute,
    shortestWay: resolvable ? 0.5 * shortestPathSteps : 0,
    expectedDays: resolvable ? Math.round(((counts.expectedMinutesToResolution ?? 0) / 1440) * 100) / 100 : 0,
    noResolution: resolvable ? 0 : 20,
  };
  const raw =
    terms.dataAskedTwice + terms.handoffs + terms.channelSwitches + terms.automatedWithoutPerson + terms.shortestWay +
    (resolvable ? (counts.expectedMinutesToResolution ?? 0) / 1440 : terms.noResolution);
  return { ...terms, raw: Math.round(raw * 100) / 100 };
}

function indexOf(raw: number): number {
  return Math.round((100 * raw) / (raw + 25));
}

/**
 * The customer effort index, 0 (effortless) to 100, from the counts that customer-effort research
 * ties to disloyalty (repeating information, transfers, channel switching, no way to a person,
 * long and slow journeys):
 *
 *   raw = 4 x dataItemsAskedTwice + 3 x handoffsWorstPath + 3 x channelSwitches
 *       + 5 x automatedStepsWithoutHumanRoute + 0.5 x shortestPathSteps + expected days to resolution
 *   (no way to a resolved end at all: 20 in place of the last two terms)
 *   index = round(100 x raw / (raw + 25))
 *
 * The curve saturates: raw 25 gives 50, raw 75 gives 75, and no journey reaches 100.
 */
export function customerEffortIndex(counts: EffortCounts & Partial<JourneyMetrics>): number {
  const resolution =
    counts.shortestPathSteps === null ? 20 : 0.5 * counts.shortestPathSteps + (counts.expectedMinutesToResolution ?? 0) / 1440;
  const raw =
    4 * counts.dataItemsAskedTwice + 3 * counts.handoffsWorstPath + 3 * counts.channelSwitches + 5 * counts.automatedStepsWithoutHumanRoute + resolution;
  return indexOf(raw);
}

/**
 * Branch probabilities of a step's known targets: given probabilities are kept, the rest of the
 * mass is shared equally by the branches without one, and the whole is normalised to 1 (equal
 * shares when nothing is left to share).
 */
export function branchProbabilities(journey: Journey, step: Step): Array<{ to: number; probability: number }> {
  const edges = step.out.map((index) => edgeAt(journey, index)).filter((edge) => edge.to >= 0);
  if (edges.length === 0) return [];
  const given = edges.reduce((sum, edge) => sum + (edge.probability ?? 0), 0);
  const unspecified = edges.filter((edge) => edge.probability === undefined).length;
  const share = unspecified > 0 ? Math.max(0, 1 - given) / unspecified : 0;
  const raw = edges.map((edge) => ({ to: edge.to, weight: edge.probability ?? share }));
  const total = raw.reduce((sum, { weight }) => sum + weight, 0);
  return raw.map(({ to, weight }) => ({ to, probability: total > 0 ? weight / total : 1 / raw.length }));
}

const tolerance = 1e-12;
const maxSweeps = 1000;

/**
 * A linear system x[v] = constant[v] + sum over k in [rowStart[v], rowStart[v + 1]) of weight[k] x[to[k]],
 * in flat arrays: no object per step or per branch (journeys of 100,000 steps).
 */
interface LinearSystem {
  constant: Float64Array;
  rowStart: Int32Array;
  to: Int32Array;
  weight: Float64Array;
}

// Hot in W2 and W3 (20,000 and 100,000 steps): Gauss-Seidel over flat typed arrays, indexed loops.
/* eslint-disable @typescript-eslint/no-non-null-assertion -- indices are steps, components and rows of the flat system */
/**
 * Solves the system component by component of the condensation, sinks first: one pass for steps
 * outside loops; inside a loop, Gauss-Seidel sweeps (from zero, so the least solution) until no value
 * moves by more than a relative 1e-12, at most 1000 sweeps. Cost: O(steps + edges) outside loops,
 * sweeps x loop size inside them.
 */
function solveOnCondensation(analysis: JourneyAnalysis, system: LinearSystem): Float64Array {
  const { journey } = analysis;
  const dag = analysis.condensation;
  const { constant, rowStart, to, weight } = system;
  const values = new Float64Array(journey.steps.length);
  const evaluate = (node: number) => {
    let value = constant[node]!;
    for (let at = rowStart[node]!, end = rowStart[node + 1]!; at < end; at++) value += weight[at]! * values[to[at]!]!;
    return value;
  };
  for (let component = 0; component < dag.members.length; component++) {
    const members = dag.members[component]!;
    if (!dag.cyclic[component]) {
      values[members[0]!] = evaluate(members[0]!);
      continue;
    }
    for (let sweep = 0; sweep < maxSweeps; sweep++) {
      let moved = 0;
      for (const node of members) {
        const value = evaluate(node);
        moved = Math.max(moved, Math.abs(value - values[node]!) / Math.max(1, Math.abs(value)));
        values[node] = value;
      }
      if (moved <= tolerance) break;
    }
  }
  return values;
}
/* eslint-enable @typescript-eslint/no-non-null-assertion */

// Hot in W2 and W3 (20,000 and 100,000 steps): branch probabilities in flat typed arrays, indexed loops.
/* eslint-disable @typescript-eslint/no-non-null-assertion -- indices are steps and rows counted above */
/**
 * Expected total duration from the start for customers who reach a resolved end. Branches follow
 * branchProbabilities(); a step's duration counts each time it is passed (loops included).
 * First the chance h(v) of reaching a resolved end from each step (1 at resolved ends, 0 at other
 * ends and at steps with no way on); then the expected time in the chain conditioned on resolving,
 * whose branch weights are p(v, w) h(w) / h(v). Undefined when no customer can resolve.
 */
export function expectedMinutesToResolution(analysis: JourneyAnalysis): number | undefined {
  const { journey } = analysis;
  if (journey.start < 0) return undefined;
  const steps = journey.steps;
  const count = steps.length;
  // Branch probabilities of every step but ends, computed as branchProbabilities() does, in flat arrays.
  const rowStart = new Int32Array(count + 1);
  for (const step of steps) {
    let known = 0;
    if (step.kind !== 'end') for (const edge of step.out) {
      if (journey.edges[edge]!.to >= 0) known++;
    }
    rowStart[step.index + 1] = rowStart[step.index]! + known;
  }
  const to = new Int32Array(rowStart[count]!);
  const probability = new Float64Array(rowStart[count]!);
  for (const step of steps) {
    const first = rowStart[step.index]!;
    const branches = rowStart[step.index + 1]! - first;
    if (branches === 0) continue;
    let at = first;
    let given = 0;
    let unspecified = 0;
    for (const index of step.out) {
      const edge = journey.edges[index]!;
      if (edge.to < 0) continue;
      to[at++] = edge.to;
      given += edge.probability ?? 0;
      if (edge.probability === undefined) unspecified++;
    }
    const share = unspecified > 0 ? Math.max(0, 1 - given) / unspecified : 0;
    let total = 0;
    at = first;
    for (const index of step.out) {
      const edge = journey.edges[index]!;
      if (edge.to < 0) continue;
      const raw = edge.probability ?? share;
      probability[at++] = raw;
      total += raw;
    }
    for (at = first; at < first + branches; at++) probability[at] = total > 0 ? probability[at]! / total : 1 / branches;
  }

  const resolvedEnd = new Float64Array(count);
  for (const step of steps) {
    if (isResolved(step)) resolvedEnd[step.index] = 1;
  }
  const chance = solveOnCondensation(analysis, { constant: resolvedEnd, rowStart, to, weight: probability });
  if (!(chance[journey.start]! > 0)) return undefined;

  const own = new Float64Array(count);
  const conditionedStart = new Int32Array(count + 1);
  const conditionedTo: number[] = [];
  const conditionedWeight: number[] = [];
  for (const step of steps) {
    own[step.index] = step.duration ?? 0;
    const here = chance[step.index]!;
    if (step.kind !== 'end' && here > 0) {
      for (let at = rowStart[step.index]!, end = rowStart[step.index + 1]!; at < end; at++) {
        const target = to[at]!;
        if (!(chance[target]! > 0)) continue;
        conditionedTo.push(target);
        conditionedWeight.push((probability[at]! * chance[target]!) / here);
      }
    }
    conditionedStart[step.index + 1] = conditionedTo.length;
  }
  const minutes = solveOnCondensation(analysis, { constant: own, rowStart: conditionedStart, to: Int32Array.from(conditionedTo), weight: Float64Array.from(conditionedWeight) });
  return minutes[journey.start];
}
/* eslint-enable @typescript-eslint/no-non-null-assertion */

/**
 * Expected time in words that do not overstate it: `unknown` when nothing on the way is timed (never 0m for a journey
 * that takes days), `≥` when only some steps are, `*` (short) or a note (long) when branches were assumed to split evenly.
 */
export function expectedTime(metrics: JourneyMetrics, style: 'short' | 'long'): string {
  const minutes = metrics.expectedMinutesToResolution;
  if (minutes === null) {
    if (metrics.shortestPathSteps === null) return style === 'short' ? '-' : 'no way to a resolution';
    return style === 'short' ? 'unknown' : `unknown (none of the ${metrics.stepsToResolution} steps on the way has a duration)`;
  }
  const time = minutes === 0 ? '0m' : formatDuration(minutes);
  const partial = metrics.timedSteps < metrics.stepsToResolution;
  if (style === 'short') return `${partial ? '≥' : ''}${time}${metrics.expectedAssumesEvenSplit ? '*' : ''}`;
  const notes: string[] = [];
  if (partial) notes.push(`${metrics.timedSteps} of ${metrics.stepsToResolution} steps timed`);
  if (metrics.expectedAssumesEvenSplit) notes.push('branches without a probability assumed to split evenly');
  return `${partial ? '≥ ' : ''}${time}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
}

/** The effort index's terms in words, for the report: why a journey scores what it does. */
function effortTermsText(metrics: JourneyMetrics): string {
  const terms = metrics.customerEffortTerms;
  const parts: string[] = [];
  if (terms.dataAskedTwice) parts.push(`${terms.dataAskedTwice} data asked twice`);
  if (terms.handoffs) parts.push(`${terms.handoffs} hand-offs`);
  if (terms.channelSwitches) parts.push(`${terms.channelSwitches} channel switches`);
  if (terms.automatedWithoutPerson) parts.push(`${terms.automatedWithoutPerson} no way to a person`);
  if (terms.shortestWay) parts.push(`${terms.shortestWay} length of the shortest way`);
  if (terms.expectedDays) parts.push(`${terms.expectedDays} expected days`);
  if (terms.noResolution) parts.push(`${terms.noResolution} no way to a resolution`);
  return `${parts.length > 0 ? parts.join(' + ') : 'nothing'} = ${terms.raw} raw points; index = 100 × raw / (raw + 25)`;
}

/** The figures as the workshop report shows them: honest expected time, the effort index with its terms. */
export function reportMetrics(metrics: JourneyMetrics): Record<string, number | string | null> {
  const { stepsToResolution: _onTheWay, timedSteps: _timed, expectedAssumesEvenSplit: _split, customerEffortTerms: _terms, ...figures } = metrics;
  return { ...figures, expectedMinutesToResolution: expectedTime(metrics, 'long'), customerEffortTerms: effortTermsText(metrics) };
}
