/** The journey's figures as lived, beside the declared ones (`metrics --log`). Pure. */
import type { JourneySettings } from '../model/channels.js';
import type { Journey, Step } from '../model/journey.js';
import { analyse } from '../model/analysis.js';
import { computeMetrics, type JourneyMetrics } from '../model/metrics.js';
import { mergeInto, percentile, total, type Histogram } from './histogram.js';
import type { LivedJourney } from './replay.js';

/** Customer steps some activity maps to: the contacts whose repeats count. */
export function contactSteps(journey: Journey, lived: LivedJourney): Step[] {
  const mapped = new Set(lived.mapping.stepOf.values());
  return journey.steps.filter((step) => step.actor === 'customer' && mapped.has(step.index));
}

export interface ContactResolution {
  capability: string;
  channel: string;
  cases: number;
  repeated: number;
  /** Share of cases with no repeat of the contact within the window. */
  fcr: number;
}

/** First-contact resolution of the given steps per channel (the log's channel when it has one, else the step's). */
export function firstContactResolution(lived: LivedJourney, steps: readonly number[]): ContactResolution[] {
  const wanted = new Set(steps);
  const rows = new Map<string, ContactResolution>();
  for (const entry of lived.aggregates.repeats) {
    const index = lived.mapping.stepOf.get(entry.activity);
    if (index === undefined || !wanted.has(index)) continue;
    const step = lived.journey.steps[index]!;
    const capability = step.capability ?? '(no capability)';
    const channel = entry.channel ?? step.channel ?? '(no channel)';
    const key = `${capability}\u0000${channel}`;
    const row = rows.get(key) ?? { capability, channel, cases: 0, repeated: 0, fcr: 1 };
    row.cases += entry.cases;
    row.repeated += entry.repeated;
    row.fcr = row.cases === 0 ? 1 : 1 - row.repeated / row.cases;
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => a.capability.localeCompare(b.capability) || b.cases - a.cases || a.channel.localeCompare(b.channel));
}

interface LivedMetrics {
  cases: number;
  events: number;
  /** Share of cases that follow the journey, and of moves that match it. */
  fitness: number;
  moveFitness: number;
  variants: number;
  /** Time from a case's first to its last event, for cases that end at a resolved end; seconds. */
  resolutionP50: number | null;
  resolutionP90: number | null;
  /** Shares of all cases by how they end. */
  resolvedShare: number;
  abandonedShare: number;
  otherEndShare: number;
  unfinishedShare: number;
  /** Per case, as measured in the log: changes of resource and of channel between consecutive events. */
  resourceChangesPerCase: number | null;
  channelSwitchesPerCase: number | null;
  /** Per case: changes of step owner between the visited steps (the journey's hand-offs, as lived). */
  ownerHandoffsPerCase: number;
  /** Share of contact cases with a repeat contact within the window; null when the journey maps no customer step. */
  repeatContactShare: number | null;
  firstContactResolution: ContactResolution[];
  /** The effort index with the lived hand-offs, switches, repeats and resolution time; see livedEffortIndex(). */
  customerEffortIndex: number;
}

export interface MetricsSideBySide {
  declared: JourneyMetrics;
  lived: LivedMetrics;
}

export function livedMetrics(lived: LivedJourney, settings: JourneySettings): MetricsSideBySide {
  const { journey, aggregates } = lived;
  const declared = computeMetrics(analyse(journey, settings));
  const cases = lived.cases;
  const resolved: Histogram = new Map();
  for (const variant of lived.variants) {
    const durations = aggregates.caseDurations.get(variant.key);
    if (durations && variant.end >= 0 && journey.steps[variant.end]!.outcome === 'resolved') mergeInto(resolved, durations);
  }
  let resolvedCases = 0;
  let abandoned = 0;
  let otherEnds = 0;
  for (const [end, count] of lived.endedAt) {
    const outcome = journey.steps[end]!.outcome;
    if (outcome === 'resolved') resolvedCases += count;
    else if (outcome === 'abandoned') abandoned += count;
    else otherEnds += count;
  }
  const unfinished = cases - resolvedCases - abandoned - otherEnds;
  const share = (count: number) => (cases === 0 ? 0 : count / cases);
  const ownerHandoffs = lived.variants.reduce((sum, variant, index) => sum + variant.cases * lived.ownerChanges[index]!, 0);
  const resourceChanges = aggregates.variants.reduce((sum, variant) => sum + variant.handoffs, 0);
  const switches = aggregates.variants.reduce((sum, variant) => sum + variant.channelSwitches, 0);
  const contacts = contactSteps(journey, lived).map((step) => step.index);
  const fcr = firstContactResolution(lived, contacts);
  const contactCases = fcr.reduce((sum, row) => sum + row.cases, 0);
  const repeatShare = contactCases === 0 ? null : fcr.reduce((sum, row) => sum + row.repeated, 0) / contactCases;
  const p50 = percentile(resolved, 50);
  const p90 = percentile(resolved, 90);
  const metrics: Omit<LivedMetrics, 'customerEffortIndex'> = {
    cases,
    events: aggregates.summary.events,
    fitness: share(lived.fittingCases),
    moveFitness: lived.moves === 0 ? 0 : lived.matchingMoves / lived.moves,
    variants: lived.variants.length,
    resolutionP50: p50 === undefined ? null : Math.round(p50),
    resolutionP90: p90 === undefined ? null : Math.round(p90),
    resolvedShare: share(resolvedCases),
    abandonedShare: share(abandoned),
    otherEndShare: share(otherEnds),
    unfinishedShare: share(unfinished),
    resourceChangesPerCase: aggregates.summary.hasResource && cases > 0 ? resourceChanges / cases : null,
    channelSwitchesPerCase: aggregates.summary.hasChannel && cases > 0 ? switches / cases : null,
    ownerHandoffsPerCase: cases === 0 ? 0 : ownerHandoffs / cases,
    repeatContactShare: repeatShare,
    firstContactResolution: fcr,
  };
  return { declared, lived: { ...metrics, customerEffortIndex: livedEffortIndex(declared, metrics, total(resolved) > 0) } };
}

/**
 * The declared effort index's formula (model/metrics.ts) with lived figures where the log has them: owner hand-offs and
 * channel switches per case in place of the worst path's, repeat contacts (4 per contact, like data asked twice), and
 * the median resolution time in place of the expected one. Data asked twice and automated steps without a way to a
 * person cannot be seen in a log and keep their declared counts.
 */
function livedEffortIndex(declared: JourneyMetrics, lived: Omit<LivedMetrics, 'customerEffortIndex'>, anyResolved: boolean): number {
  const resolution = !anyResolved ? 20 : 0.5 * (declared.shortestPathSteps ?? 0) + (lived.resolutionP50 ?? 0) / 86400;
  const raw =
    4 * declared.dataItemsAskedTwice +
    3 * lived.ownerHandoffsPerCase +
    3 * (lived.channelSwitchesPerCase ?? declared.channelSwitches) +
    4 * (lived.repeatContactShare ?? 0) +
    5 * declared.automatedStepsWithoutHumanRoute +
    resolution;
  return Math.round((100 * raw) / (raw + 25));
}

