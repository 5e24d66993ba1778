import { analyseCapabilities, type CapabilityService } from '../model/capabilities.js';
import { analyse } from '../model/graph.js';
import type { Journey } from '../model/journey.js';
import { messageIdentity } from '../model/messages.js';
import { defaultIdentityItems } from '../rules/policy-drift.js';
import type { MatrixCell, MatrixStatus } from './html.js';

/** Worst first: across journeys, a cell shows the weakest experience any journey gives in that channel. */
const statusRank: Record<MatrixStatus, number> = { missing: 0, partial: 1, completable: 2, 'not-offered': 3 };

function policies(service: CapabilityService): string {
  const identity = [...service.collected.keys()].some((item) => defaultIdentityItems.includes(item));
  return [service.approvals.length > 0 ? 'approval' : '', identity ? 'identity' : '', service.fees.length > 0 ? 'fee' : ''].join('|');
}

const setKey = (values: Iterable<string>) => [...values].sort().join('|');

/** Message key -> the versions shown, as message-drift compares them: like with like, silence is not drift. */
function messageVersions(service: CapabilityService): Map<string, string> {
  const versions = new Map<string, string[]>();
  for (const message of service.messages.keys()) {
    const { key, value } = messageIdentity(message);
    versions.set(key, [...(versions.get(key) ?? []), value]);
  }
  return new Map([...versions].map(([key, values]) => [key, setKey(values)]));
}

function messagesDrift(service: CapabilityService, other: CapabilityService): boolean {
  const mine = messageVersions(service);
  const theirs = messageVersions(other);
  return [...mine].some(([key, versions]) => theirs.has(key) && theirs.get(key) !== versions);
}

/** Which kinds of drift set this channel apart from the other channels serving the capability in one journey. */
function driftOf(service: CapabilityService, others: readonly CapabilityService[]): string[] {
  const drift = new Set<string>();
  for (const other of others) {
    if (other === service) continue;
    if (messagesDrift(service, other)) drift.add('message');
    if (policies(service) !== policies(other)) drift.add('policy');
    const mine = service.fastestSla?.sla;
    const theirs = other.fastestSla?.sla;
    if (mine !== undefined && theirs !== undefined && mine > 2 * theirs) drift.add('sla');
    if (setKey(service.outcomes.keys()) !== setKey(other.outcomes.keys())) drift.add('outcome');
  }
  return ['message', 'policy', 'sla', 'outcome'].filter((kind) => drift.has(kind));
}

/** The channel × capability matrix across journeys, from the same analysis the channel rules use. */
export function buildMatrix(journeys: readonly Journey[]): { capabilities: string[]; channels: string[]; cells: MatrixCell[] } {
  const capabilities: string[] = [];
  const channels: string[] = [];
  const cells = new Map<string, MatrixCell>();
  for (const journey of journeys) {
    const analysis = analyseCapabilities(journey);
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

/**
 * Hand-offs between departments: for each step with an owner, the owners of the nearest owned steps
 * before it (looking through customer and unowned steps), counted once per journey and pair of steps.
 * One backward search per owned step stops at the first owned steps, so each search is local.
 */
export function buildHandoffs(journeys: readonly Journey[]): Array<{ from: string; to: string; count: number }> {
  const counts = new Map<string, number>();
  for (const journey of journeys) {
    const { adjacency, reachable } = analyse(journey);
    for (const step of journey.steps) {
      if (step.owner === undefined || !reachable[step.index]) continue;
      const seen = new Set<number>([step.index]);
      const queue = [...adjacency.predecessors[step.index]!];
      const previousOwners = new Set<string>();
      while (queue.length > 0) {
        const index = queue.pop()!;
        if (seen.has(index)) continue;
        seen.add(index);
        const before = journey.steps[index]!;
        if (before.owner !== undefined) previousOwners.add(before.owner);
        else queue.push(...adjacency.predecessors[index]!);
      }
      for (const owner of previousOwners) {
        if (owner === step.owner) continue;
        const key = `${owner}\u0000${step.owner}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
  }
  return [...counts.entries()]
    .map(([key, count]) => {
      const [from, to] = key.split('\u0000') as [string, string];
      return { from, to, count };
    })
    .sort((a, b) => b.count - a.count || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}
