// The broken-journey rules on 100,000-step journeys: one finding per loop, chain or contact, no recursion. Seconds
// in all: the `slow` project runs them (timings live in the benchmark suite).
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../src/model/channels.js';
import { analyse } from '../src/model/analysis.js';
import { buildJourney } from '../src/model/journey.js';
import type { Rule, RuleReport } from '../src/rules/define.js';
import { builtinRules, findRule } from '../src/rules/index.js';

function runRule(ruleId: string, data: Record<string, unknown>, options: Record<string, unknown> = {}): RuleReport[] {
  const rule = findRule(builtinRules, ruleId) as Rule;
  const journey = buildJourney(data);
  const reports: RuleReport[] = [];
  rule.check({ journey, analysis: analyse(journey), options: { ...rule.meta.defaultOptions, ...options }, settings: defaultSettings, report: (entry) => reports.push(entry) });
  return reports;
}

describe('Broken rules on 100,000-step journeys (linear, no recursion)', () => {
  const size = 100_000;

  it('trap-loop reports a huge loop once, abbreviated', () => {
    const steps = Array.from({ length: size }, (_, index) => ({ id: `s${index}`, next: `s${(index + 1) % size}` }));
    const reports = runRule('trap-loop', { journey: 'big', steps });
    expect(reports).toHaveLength(1);
    expect(reports[0]!.path).toEqual(['steps', 0]);
    expect(reports[0]!.relatedSteps).toHaveLength(size);
    expect(reports[0]!.data?.loop).toBe(`'s0' -> 's1' -> 's2' -> ... -> 's99999' -> 's0' (${size} steps)`);
  });

  it('no-human-escape reports a long automated chain once, at its entry', () => {
    const steps = Array.from({ length: size }, (_, index) => ({ id: `s${index}`, channel: 'ivr', actor: 'system', next: index + 1 < size ? `s${index + 1}` : 'done' }));
    const reports = runRule('no-human-escape', { journey: 'big', steps: [...steps, { id: 'done', kind: 'end' }] });
    expect(reports.map((report) => report.path)).toEqual([['steps', 0]]);
    expect(reports[0]!.relatedSteps).toHaveLength(size - 1);
  });

  it('unanswered-contact shares one search among many contacts', () => {
    // Every tenth step is an e-mail from the customer; the company chain between them never promises a time.
    const steps = Array.from({ length: size }, (_, index) => ({
      id: `s${index}`,
      channel: 'email',
      actor: index % 10 === 0 ? 'customer' : 'agent',
      next: index + 1 < size ? `s${index + 1}` : 'done',
    }));
    const reports = runRule('unanswered-contact', { journey: 'big', steps: [...steps, { id: 'done', kind: 'end' }] });
    expect(reports).toHaveLength(size / 10);
  });
});
