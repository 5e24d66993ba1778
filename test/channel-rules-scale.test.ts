import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../src/model/channels.js';
import { analyse } from '../src/model/analysis.js';
import { buildJourney } from '../src/model/journey.js';
import type { RuleReport } from '../src/rules/define.js';
import { builtinRules } from '../src/rules/index.js';

const channelRules = builtinRules.filter((rule) => rule.meta.category === 'channel');

/**
 * A ladder of `rungs` diamonds per channel (2^rungs distinct paths each) that loops back and merges into one shared
 * back office: any rule enumerating paths would never finish, linear ones take milliseconds.
 */
function ladderJourney(rungs: number) {
  const channels = ['web', 'app', 'phone', 'store', 'email'];
  const steps: Record<string, unknown>[] = [{ id: 'choose-channel', actor: 'customer', next: channels.map((channel) => `${channel}-0`) }];
  channels.forEach((channel, position) => {
    for (let rung = 0; rung < rungs; rung++) {
      const next = rung + 1 < rungs ? `${channel}-${rung + 1}` : 'back-office';
      steps.push({
        id: `${channel}-${rung}`,
        channel,
        actor: 'customer',
        ...(rung === 0 ? { capability: 'refund', collects: ['order-number'], uses: ['pos'] } : {}),
        next: [`${channel}-${rung}-a`, `${channel}-${rung}-b`],
      });
      steps.push({ id: `${channel}-${rung}-a`, channel, actor: 'agent', owner: 'care', message: `m-${position}`, sla: `${position + 1}h`, next });
      steps.push({ id: `${channel}-${rung}-b`, channel, actor: 'customer', uses: ['pos'], next: rung > 0 ? [next, `${channel}-0`] : next });
    }
  });
  steps.push({ id: 'back-office', actor: 'backstage', owner: 'finance', next: ['refunded', 'escalated'] });
  steps.push({ id: 'refunded', kind: 'end', outcome: 'resolved' });
  steps.push({ id: 'escalated', kind: 'end', outcome: 'escalated' });
  return buildJourney({ journey: 'ladder', channels, capabilities: ['refund'], systems: { pos: { shared: false } }, steps });
}

describe('channel rules on a large branching journey', () => {
  it('finish on a 30,000-step journey with 2^2000 paths per channel (timings live in the benchmark suite)', () => {
    const journey = ladderJourney(2000); // 30,004 steps
    const reports: RuleReport[] = [];
    for (const rule of channelRules) {
      rule.check({ journey, analysis: analyse(journey), options: rule.meta.defaultOptions, settings: defaultSettings, report: (entry) => reports.push(entry) });
    }
    // Each channel shows its own message (message-drift: the first channel is the reference, the other 4 differ) and promises 1h to 5h (sla-drift: 3 channels slower than
    // twice the web's 1h); POS data never leaves its channel and every channel reaches the same ends (no other finding).
    const byRule = (messageId: string) => reports.filter((report) => report.messageId === messageId).length;
    expect([byRule('drift'), byRule('slower'), byRule('silo'), byRule('forced'), byRule('mismatch')]).toEqual([4, 3, 0, 0, 0]);
  });
});
