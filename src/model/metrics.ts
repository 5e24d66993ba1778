import type { JourneyAnalysis } from './analysis.js';
import { defaultRepeatedRequestOptions } from './dataflow.js';
import { defaultHumanRouteOptions } from './human-route.js';
import type { Journey, Step } from './journey.js';
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
  /** Expected total step duration for customers who reach a resolved end; null when none can. */
  expectedMinutesToResolution: number | null;
  /** Most owner changes on a way from the start to an end (a loop counts as its set of owners). */
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
  const counts = {
    steps: journey.steps.length,
    channels: channels.size,
    owners: owners.size,
    decisions,
    shortestPathSteps: fewestStepsTo(analysis, isResolved)?.steps ?? null,
    longestPathSteps: mostStepsTo(analysis, isResolved) ?? null,
    expectedMinutesToResolution: expected === undefined ? null : Math.round(expected * 100) / 100,
    handoffsWorstPath: analysis.ownerChanges.worst,
    channelSwitches: analysis.customerChannelChanges.worst,
    dataItemsAsked: asked.size,
    dataItemsAskedTwice: askedTwice.size,
    automatedStepsWithoutHumanRoute: analysis.humanRoutes(defaultHumanRouteOptions).stuck.length,
  };
  return { ...counts, customerEffortIndex: customerEffortIndex(counts) };
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
export function customerEffortIndex(counts: Omit<JourneyMetrics, 'customerEffortIndex'>): number {
  const resolution =
    counts.shortestPathSteps === null ? 20 : 0.5 * counts.shortestPathSteps + (counts.expectedMinutesToResolution ?? 0) / 1440;
  const raw =
    4 * counts.dataItemsAskedTwice + 3 * counts.handoffsWorstPath + 3 * counts.channelSwitches + 5 * counts.automatedStepsWithoutHumanRoute + resolution;
  return Math.round((100 * raw) / (raw + 25));
}

/**
 * Branch probabilities of a step's known targets: given probabilities are kept, the rest of the
 * mass is shared equally by the branches without one, and the whole is normalised to 1 (equal
 * shares when nothing is left to share).
 */
export function branchProbabilities(journey: Journey, step: Step): Array<{ to: number; probability: number }> {
  const edges = step.out.map((index) => journey.edges[index]!).filter((edge) => edge.to >= 0);
  if (edges.length === 0) return [];
  const given = edges.reduce((sum, edge) => sum + (edge.probability ?? 0), 0);
  const unspecified = edges.filter((edge) => edge.probability === undefined).length;
  const share = unspecified > 0 ? Math.max(0, 1 - given) / unspecified : 0;
  const raw = edges.map((edge) => edge.probability ?? share);
  const total = raw.reduce((sum, value) => sum + value, 0);
  return edges.map((edge, position) => ({ to: edge.to, probability: total > 0 ? raw[position]! / total : 1 / edges.length }));
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
