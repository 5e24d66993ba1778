import type { JourneyAnalysis } from '../model/analysis.js';
import type { CapabilityStatus } from '../model/capabilities.js';
import { driftKinds, type RuleMeta } from '../rules/define.js';
import type { Finding } from '../types.js';
import type { MatrixCell } from './page.js';

/** Worst first: across journeys, a cell shows the weakest experience any journey gives in that channel. */
const statusRank: Record<CapabilityStatus, number> = { missing: 0, partial: 1, completable: 2, 'not-offered': 3 };

/**
 * The channel × capability matrix across journeys: each cell's status from the journeys' analyses, its drift marks
 * from the findings of the rules that declare a `drift` kind (so the user's rule options and suppressions apply).
 */
export function buildMatrix(
  journeys: ReadonlyArray<{ analysis: JourneyAnalysis; findings: readonly Finding[] }>,
  rules: ReadonlyArray<Pick<RuleMeta<object>, 'id' | 'drift'>>,
): { capabilities: string[]; channels: string[]; cells: MatrixCell[] } {
  const driftOf = new Map(rules.filter((rule) => rule.drift !== undefined).map((rule) => [rule.id, rule.drift]));
  const capabilities: string[] = [];
  const channels: string[] = [];
  const cells = new Map<string, MatrixCell>();
  for (const { analysis } of journeys) {
    const { capabilities: served } = analysis;
    for (const capability of served.capabilities) if (!capabilities.includes(capability)) capabilities.push(capability);
    for (const channel of served.channels) if (!channels.includes(channel)) channels.push(channel);
    for (const service of served.services) {
      if (!service.capabilityDeclared && service.entries.length === 0) continue;
      const key = `${service.capability}\u0000${service.channel}`;
      const existing = cells.get(key);
      if (!existing) cells.set(key, { capability: service.capability, channel: service.channel, status: service.status, drift: [] });
      else if (statusRank[service.status] < statusRank[existing.status]) existing.status = service.status;
    }
  }
  for (const { findings } of journeys) {
    for (const finding of findings) {
      const kind = driftOf.get(finding.ruleId);
      if (kind === undefined || finding.suppressed || finding.capability === undefined) continue;
      for (const channel of finding.channels ?? []) {
        const cell = cells.get(`${finding.capability}\u0000${channel}`);
        if (cell && !cell.drift.includes(kind)) cell.drift = driftKinds.filter((known) => known === kind || cell.drift.includes(known));
      }
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
