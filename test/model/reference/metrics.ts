import type { JourneySettings } from '../../../src/model/channels.js';
import { findRepeatedRequests, defaultRepeatedRequestOptions } from './dataflow.js';
import { defaultHumanRouteOptions } from '../../../src/model/human-route.js';
import { analyse } from './analysis-of.js';
import type { Journey, Step } from '../../../src/model/journey.js';
import { changesAlongPaths, condensation, fewestStepsTo, mostStepsTo } from './paths.js';

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

export function computeMetrics(journey: Journey, settings: JourneySettings): JourneyMetrics {
  const analysis = analyse(journey);
  const reachableSteps = journey.steps.filter((step) => analysis.reachable[step.index]);
  const distinct = (values: (string | undefined)[]) => new Set(values.filter((value) => value !== undefined)).size;
  const asked = new Set(reachableSteps.flatMap((step) => step.collects.map((entry) => entry.item)));
  const askedTwice = new Set(findRepeatedRequests(journey, settings, defaultRepeatedRequestOptions).map((request) => request.item));
  const expected = expectedMinutesToResolution(journey);
  const counts = {
    steps: journey.steps.length,
    channels: distinct(journey.steps.map((step) => step.channel)),
    owners: distinct(journey.steps.map((step) => step.owner)),
    decisions: journey.steps.filter((step) => step.kind === 'decision').length,
    shortestPathSteps: fewestStepsTo(journey, isResolved)?.steps ?? null,
    longestPathSteps: mostStepsTo(journey, isResolved) ?? null,
    expectedMinutesToResolution: expected === undefined ? null : Math.round(expected * 100) / 100,
    handoffsWorstPath: changesAlongPaths(journey, (step) => step.owner).worst,
    channelSwitches: changesAlongPaths(journey, (step) => (step.actor === 'customer' ? step.channel : undefined)).worst,
    dataItemsAsked: asked.size,
    dataItemsAskedTwice: askedTwice.size,
    automatedStepsWithoutHumanRoute: analyse(journey, settings).humanRoutes(defaultHumanRouteOptions).stuck.length,
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
function customerEffortIndex(counts: Omit<JourneyMetrics, 'customerEffortIndex'>): number {
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
function branchProbabilities(journey: Journey, step: Step): Array<{ to: number; probability: number }> {
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
 * Solves x[v] = constant(v) + sum of weight(v, w) x[w] over the successors, component by component
 * of the condensation, sinks first: one pass for steps outside loops; inside a loop, Gauss-Seidel
 * sweeps (from zero, so the least solution) until no value moves by more than a relative 1e-12, at
 * most 1000 sweeps. Cost: O(steps + edges) outside loops, sweeps x loop size inside them.
 */
function solveOnCondensation(
  journey: Journey,
  terms: (step: Step) => { constant: number; next: Array<{ to: number; weight: number }> },
): Float64Array {
  const dag = condensation(journey);
  const values = new Float64Array(journey.steps.length);
  const equations = journey.steps.map((step) => terms(step));
  const evaluate = (node: number) => {
    const equation = equations[node]!;
    let value = equation.constant;
    for (const { to, weight } of equation.next) value += weight * values[to]!;
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
export function expectedMinutesToResolution(journey: Journey): number | undefined {
  if (journey.start < 0) return undefined;
  const probabilities = journey.steps.map((step) => (step.kind === 'end' ? [] : branchProbabilities(journey, step)));
  const chance = solveOnCondensation(journey, (step) =>
    step.kind === 'end'
      ? { constant: isResolved(step) ? 1 : 0, next: [] }
      : { constant: 0, next: probabilities[step.index]!.map(({ to, probability }) => ({ to, weight: probability })) },
  );
  if (!(chance[journey.start]! > 0)) return undefined;
  const minutes = solveOnCondensation(journey, (step) => {
    const own = step.duration ?? 0;
    const here = chance[step.index]!;
    if (step.kind === 'end' || !(here > 0)) return { constant: own, next: [] };
    return {
      constant: own,
      next: probabilities[step.index]!.filter(({ to }) => chance[to]! > 0).map(({ to, probability }) => ({ to, weight: (probability * chance[to]!) / here })),
    };
  });
  return minutes[journey.start];
}
