import type { JourneyAnalysis } from './analysis.js';
import { stepAt, type Journey, type Step } from './journey.js';
import { listAt } from './lists.js';

/**
 * What each channel offers for each capability. The journey's `channels` and `capabilities`
 * are the contract: every declared capability must be completable in every declared channel.
 *
 * A capability "in channel X" is served by the steps of channel X tagged with that `capability`
 * (its entry steps) and by every step reachable from them. One breadth-first search per
 * (capability, channel) pair: linear in steps + edges for each pair. The channel rules and the
 * workshop report's channel × capability matrix read this one analysis.
 */

/** The outcome of an `end` step that counts as completing a capability. */
export const resolvedOutcome = 'resolved';

/**
 * - `completable`: entry steps exist and a `resolved` end is reachable from them;
 * - `partial`: entry steps exist, but no `resolved` end is reachable;
 * - `missing`: the channel is declared, yet no step of it serves the capability;
 * - `not-offered`: the channel is not declared for the journey.
 */
export type CapabilityStatus = 'completable' | 'partial' | 'missing' | 'not-offered';

export interface CapabilityService {
  capability: string;
  channel: string;
  /** The capability is listed in the journey's `capabilities`. */
  capabilityDeclared: boolean;
  /** The channel is listed in the journey's `channels`. */
  channelDeclared: boolean;
  /** Steps of this channel tagged with this capability, in flow order (see model/flow-order.ts). */
  entries: Step[];
  /** Every step reachable from the entries (entries included), in breadth-first order. */
  served: Step[];
  /** Membership of `served`, by step index. */
  servedSet: Uint8Array;
  /** A `resolved` end is reachable from the entries. */
  resolvable: boolean;
  /** Outcomes of the reachable `end` steps (with or without a channel) -> the first such end, breadth-first. */
  outcomes: Map<string, Step>;
  /**
   * Facts of the served steps that have a channel (channel-neutral steps are ignored, like every channel rule does):
   * message id -> first step showing it.
   */
  messages: Map<string, Step>;
  /** Data item -> first served step (with a channel) that collects it. */
  collected: Map<string, Step>;
  /** Served `approval` steps with a channel, breadth-first. */
  approvals: Step[];
  /** Served steps with a channel that charge a `fee`, breadth-first. */
  fees: Step[];
  /** The served step with a channel promising the shortest `sla` (the first one on ties). */
  fastestSla?: Step;
  status: CapabilityStatus;
}

export interface CapabilityAnalysis {
  /** Declared capabilities first, then capabilities only named on steps, alphabetically. */
  capabilities: string[];
  /** Declared channels first, then channels of steps that serve a capability, alphabetically. */
  channels: string[];
  /** One cell per capability × channel, row by row (capability-major). */
  services: CapabilityService[];
  service(capability: string, channel: string): CapabilityService | undefined;
  /**
   * The services the comparison rules (drift, mismatch, forced switch) look at for one capability: those with
   * entry steps that `capability-gap` does not report. A gap is reported once, by `capability-gap` only.
   */
  compared(capability: string): CapabilityService[];
}

/** True when `capability-gap` reports this pair: both declared, and not completable. */
export function isCapabilityGap(service: CapabilityService): boolean {
  return service.capabilityDeclared && service.channelDeclared && (service.status === 'missing' || service.status === 'partial');
}

/** Computes the capability analysis; read it as `JourneyAnalysis.capabilities`, which keeps the result. */
export function analyseCapabilities(analysis: JourneyAnalysis): CapabilityAnalysis {
  const { journey } = analysis;
  const { successors } = analysis.adjacency;

  // Nothing below depends on the order the steps are listed in the file, so neither do the findings of the channel rules.
  const declaredCapabilities = new Set(journey.capabilities);
  const declaredChannels = new Set(journey.channels);
  const otherCapabilities = new Set<string>();
  const otherChannels = new Set<string>();
  const entriesByPair = new Map<string, Step[]>();
  for (const step of journey.steps) {
    if (step.capability === undefined) continue;
    if (!declaredCapabilities.has(step.capability)) otherCapabilities.add(step.capability);
    if (step.channel === undefined) continue;
    if (!declaredChannels.has(step.channel)) otherChannels.add(step.channel);
    const key = pairKey(step.capability, step.channel);
    const list = entriesByPair.get(key);
    if (list) list.push(step);
    else entriesByPair.set(key, [step]);
  }
  for (const entries of entriesByPair.values()) entries.sort((a, b) => analysis.flowRank(a.index) - analysis.flowRank(b.index));
  const capabilities = [...declaredCapabilities, ...[...otherCapabilities].sort()];
  const channels = [...declaredChannels, ...[...otherChannels].sort()];

  const services: CapabilityService[] = [];
  const byKey = new Map<string, CapabilityService>();
  for (const capability of capabilities) {
    for (const channel of channels) {
      const service = serve(journey, successors, capability, channel, entriesByPair.get(pairKey(capability, channel)) ?? [], declaredCapabilities.has(capability), declaredChannels.has(channel));
      services.push(service);
      byKey.set(pairKey(capability, channel), service);
    }
  }

  return {
    capabilities,
    channels,
    services,
    service: (capability, channel) => byKey.get(pairKey(capability, channel)),
    compared: (capability) => services.filter((service) => service.capability === capability && service.entries.length > 0 && !isCapabilityGap(service)),
  };
}

/** The channel × capability matrix of the workshop report: one status per pair. */
export function capabilityMatrix(analysis: JourneyAnalysis): { capabilities: string[]; channels: string[]; status(capability: string, channel: string): CapabilityStatus } {
  const { capabilities, journey } = analysis;
  return {
    capabilities: capabilities.capabilities,
    channels: capabilities.channels,
    status: (capability, channel) => capabilities.service(capability, channel)?.status ?? (journey.channels.includes(channel) ? 'missing' : 'not-offered'),
  };
}

function pairKey(capability: string, channel: string): string {
  return `${capability}\u0000${channel}`;
}

function serve(
  journey: Journey,
  successors: readonly (readonly number[])[],
  capability: string,
  channel: string,
  entries: Step[],
  capabilityDeclared: boolean,
  channelDeclared: boolean,
): CapabilityService {
  // Pairs without entry steps serve nothing: no need for a full-size membership array.
  const servedSet = new Uint8Array(entries.length > 0 ? journey.steps.length : 0);
  const served: Step[] = [];
  for (const entry of entries) {
    if (servedSet[entry.index]) continue;
    servedSet[entry.index] = 1;
    served.push(entry);
  }
  // Breadth-first: the loop also visits the steps pushed while it runs.
  for (const step of served) {
    for (const target of listAt(successors, step.index)) {
      if (servedSet[target]) continue;
      servedSet[target] = 1;
      served.push(stepAt(journey, target));
    }
  }

  const service: CapabilityService = {
    capability,
    channel,
    capabilityDeclared,
    channelDeclared,
    entries,
    served,
    servedSet,
    resolvable: false,
    outcomes: new Map(),
    messages: new Map(),
    collected: new Map(),
    approvals: [],
    fees: [],
    status: 'missing',
  };
  for (const step of served) {
    if (step.kind === 'end' && step.outcome !== undefined && !service.outcomes.has(step.outcome)) service.outcomes.set(step.outcome, step);
    if (step.channel === undefined) continue;
    if (step.message !== undefined && !service.messages.has(step.message)) service.messages.set(step.message, step);
    for (const { item } of step.collects) if (!service.collected.has(item)) service.collected.set(item, step);
    if (step.kind === 'approval') service.approvals.push(step);
    if (step.fee !== undefined) service.fees.push(step);
    if (step.sla !== undefined && (service.fastestSla?.sla === undefined || step.sla < service.fastestSla.sla)) service.fastestSla = step;
  }
  service.resolvable = service.outcomes.has(resolvedOutcome);
  service.status = !channelDeclared ? 'not-offered' : entries.length === 0 ? 'missing' : service.resolvable ? 'completable' : 'partial';
  return service;
}
