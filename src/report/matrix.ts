import type { JourneyAnalysis } from '../model/analysis.js';
import type { CapabilityService } from '../model/capabilities.js';
import { defaultIdentityItems } from '../rules/policy-drift.js';
import type { MatrixCell, MatrixStatus } from './html.js';

/** Worst first: across journeys, a cell shows the weakest experience any journey gives in that channel. */
const statusRank: Record<MatrixStatus, number> = { missing: 0, partial: 1, completable: 2, 'not-offered': 3 };

function policies(service: CapabilityService): string {
  const identity = [...service.collected.keys()].some((item) => defaultIdentityItems.includes(item));
  return [service.approvals.length > 0 ? 'approval' : '', identity ? 'identity' : '', service.fees.length > 0 ? 'fee' : ''].join('|');
}

const setKey = (values: Iterable<string>) => [...values].sort().join('|');

/** Which kinds of drift set this channel apart from the other channels serving the capability in one journey. */
function driftOf(service: CapabilityService, others: readonly CapabilityService[]): string[] {
  const drift = new Set<string>();
  for (const other of others) {
    if (other === service) continue;
    if (setKey(service.messages.keys()) !== setKey(other.messages.keys())) drift.add('message');
    if (policies(service) !== policies(other)) drift.add('policy');
    const mine = service.fastestSla?.sla;
    const theirs = other.fastestSla?.sla;
    if (mine !== undefined && theirs !== undefined && mine > 2 * theirs) drift.add('sla');
    if (setKey(service.outcomes.keys()) !== setKey(other.outcomes.keys())) drift.add('outcome');
  }
  return ['message', 'policy', 'sla', 'outcome'].filter((kind) => drift.has(kind));
}

/** The channel × capability matrix across journeys, from the same analysis the channel rules use. */
export function buildMatrix(journeys: readonly JourneyAnalysis[]): { capabilities: string[]; channels: string[]; cells: MatrixCell[] } {
  const capabilities: string[] = [];
  const channels: string[] = [];
  const cells = new Map<string, MatrixCell>();
  for (const journey of journeys) {
    const analysis = journey.capabilities;
    for (const capability of analysis.capabilities) if (!capabilities.includes(capability)) capabilities.push(capability);
    for (const channel of analysis.channels) if (!channels.includes(channel)) channels.push(channel);
    for (const service of analysis.services) {
      if (!service.capabilityDeclared && service.entries.length === 0) continue;
      const key = `${service.capability}|${service.channel}`;
      const drift = service.entries.length > 0 ? driftOf(service, analysis.compared(service.capability)) : [];
      const existing = cells.get(key);
      if (!existing) {
        cells.set(key, { capability: service.capability, channel: service.channel, status: service.status, drift });
        continue;
      }
      if (statusRank[service.status] < statusRank[existing.status]) existing.status = service.status;
      existing.drift = ['message', 'policy', 'sla', 'outcome'].filter((kind) => existing.drift.includes(kind) || drift.includes(kind));
    }
  }
  return { capabilities, channels, cells: [...cells.values()] };
}

/** Hand-offs between departments across journeys (see JourneyAnalysis.ownerHandoffs), most frequent first. */
export function buildHandoffs(journeys: readonly JourneyAnalysis[]): Array<{ from: string; to: string; count: number }> {
  const counts = new Map<string, { from: string; to: string; count: number }>();
  for (const journey of journeys) {
    for (const [from, to] of journey.ownerHandoffs) {
      const key = `${from}\u0000${to}`;
      const entry = counts.get(key);
      if (entry) entry.count++;
      else counts.set(key, { from, to, count: 1 });
    }
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}
