import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../src/model/channels.js';
import { analyse } from '../../src/model/analysis.js';
import { buildJourney } from '../../src/model/journey.js';
import { computeMetrics } from '../../src/model/metrics.js';
import type { Rule } from '../../src/rules/define.js';
import { builtinRules } from '../../src/rules/index.js';

/**
 * A deterministic 20,000-step journey: every step leads on, up to two more branches jump ahead
 * (merges) or back (loops), with repeated names, owners, channels and data items. It checks that
 * the redundant and privacy rules and the metrics finish on large journeys; the times are printed,
 * not asserted.
 */
function largeJourney(size: number): Record<string, unknown> {
  let seed = 20240601;
  const random = (limit: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return Math.floor((seed / 2147483648) * limit);
  };
  const owners = ['care', 'billing', 'it', 'logistics', 'legal', 'sales', 'finance', 'field-ops'];
  const channels = ['web', 'app', 'phone', 'store', 'email'];
  const actors = ['customer', 'agent', 'backstage', 'system'];
  const items = ['email', 'phone', 'address', 'order-number', 'date-of-birth', 'iban', 'name', 'one-time-code', 'serial-number', 'photo-id', 'account-number', 'reason'];
  const kinds = ['action', 'action', 'action', 'decision', 'approval', 'handoff', 'wait'];
  const steps: Record<string, unknown>[] = [];
  for (let i = 0; i < size; i++) {
    if (i === size - 1 || (i > 0 && i % 997 === 0)) {
      steps.push({ id: `s${i}`, kind: 'end', outcome: i % 2 === 0 ? 'resolved' : 'abandoned' });
      continue;
    }
    const next: Record<string, unknown>[] = [{ to: `s${i + 1}`, probability: 0.6 }];
    if (random(3) > 0 && i + 2 < size) next.push({ to: `s${Math.min(size - 1, i + 2 + random(50))}` });
    if (random(4) === 0 && i > 2) next.push({ to: `s${Math.max(0, i - 1 - random(30))}` });
    const actor = actors[random(actors.length)]!;
    const step: Record<string, unknown> = {
      id: `s${i}`,
      name: `Step ${random(40)}`,
      kind: kinds[random(kinds.length)],
      actor,
      channel: channels[random(channels.length)],
      duration: `${1 + random(120)}m`,
      next,
    };
    if (actor !== 'customer') step.owner = owners[random(owners.length)];
    if (random(3) === 0) step.collects = [items[random(items.length)]!, items[random(items.length)]!].filter((item, index, all) => all.indexOf(item) === index);
    if (random(5) === 0) step.uses = [random(2) === 0 ? 'crm' : 'erp'];
    if (random(7) === 0) step.requires = [items[random(items.length)]];
    steps.push(step);
  }
  return { journey: 'large', systems: { crm: { shared: true, stores: ['email', 'address'] } }, steps };
}

const measured = ['duplicate-step', 'repeated-data-request', 'excess-handoffs', 'needless-approval', 'pass-through-step', 'path-too-long', 'pii-without-purpose', 'pii-not-used'];

describe('a 20,000-step journey', () => {
  it('runs the redundant and privacy rules and the metrics', () => {
    const started = performance.now();
    const journey = buildJourney(largeJourney(20_000));
    const analysis = analyse(journey);
    const times: string[] = [`build ${(performance.now() - started).toFixed(0)} ms`];
    const counts: Record<string, number> = {};
    for (const id of measured) {
      const rule = builtinRules.find((candidate) => candidate.meta.id === id) as Rule;
      const before = performance.now();
      let found = 0;
      rule.check({ journey, analysis, options: { ...rule.meta.defaultOptions }, settings: defaultSettings, report: () => void found++ });
      counts[id] = found;
      times.push(`${id} ${(performance.now() - before).toFixed(0)} ms (${found} findings)`);
    }
    const before = performance.now();
    const metrics = computeMetrics(analysis);
    times.push(`metrics ${(performance.now() - before).toFixed(0)} ms`, `total ${(performance.now() - started).toFixed(0)} ms`);
    console.log(`20,000 steps, ${journey.edges.length} edges:\n  ${times.join('\n  ')}`);
    expect(metrics.steps).toBe(20_000);
    expect(metrics.shortestPathSteps).toBeGreaterThan(1);
    expect(counts['repeated-data-request']).toBeGreaterThan(0);
    expect(counts['duplicate-step']).toBeGreaterThan(0);
  });
});
