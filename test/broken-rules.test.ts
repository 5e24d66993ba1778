import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../src/model/channels.js';
import { analyse } from '../src/model/analysis.js';
import { buildJourney } from '../src/model/journey.js';
import type { Rule, RuleReport } from '../src/rules/define.js';
import { builtinRules, findRule } from '../src/rules/index.js';
import { auditText } from '../src/engine/engine.js';
import { configWith } from './harness.js';

function runRule(ruleId: string, data: Record<string, unknown>, options: Record<string, unknown> = {}): RuleReport[] {
  const rule = findRule(builtinRules, ruleId) as Rule;
  const journey = buildJourney(data);
  const reports: RuleReport[] = [];
  rule.check({ journey, analysis: analyse(journey), options: { ...rule.meta.defaultOptions, ...options }, settings: defaultSettings, report: (entry) => reports.push(entry) });
  return reports;
}

function messagesOf(ruleId: string, yaml: string, options: Record<string, unknown> = {}): string[] {
  const rule = findRule(builtinRules, ruleId) as Rule;
  const result = auditText(yaml, { file: 'x.journey.yaml', config: configWith(rule, options), rules: builtinRules });
  return result.findings.filter((finding) => finding.ruleId === ruleId).map((finding) => `${finding.line}:${finding.column} ${finding.message}`);
}

describe('messages a process owner reads', () => {
  it('trap-loop names the loop and the steps caught in it', () => {
    const yaml = [
      'journey: receipt',
      'steps:',
      '  - id: confirm',
      '    next: check',
      '  - id: check',
      '    next: [confirm, photo]',
      '  - id: photo',
      '    next: check',
      '  - id: done',
      '    kind: end',
    ].join('\n');
    expect(messagesOf('trap-loop', yaml)).toEqual([
      "3:9 steps 'confirm' -> 'check' -> 'confirm' form a loop with no way out to an end: the customer goes round in circles; step 'photo' is caught in it too",
    ]);
  });

  it('missing-end tells a journey without ends from one whose ends are cut off', () => {
    expect(messagesOf('missing-end', 'journey: a\nsteps:\n  - id: only\n')).toEqual(['1:1 the journey has no `end` step at all: no customer path finishes with an outcome']);
    expect(messagesOf('missing-end', 'journey: a\nsteps:\n  - id: only\n  - id: done\n    kind: end\n  - id: closed\n    kind: end\n')).toEqual([
      "1:1 end steps 'closed', 'done' exist but none can be reached from the start step 'only': no customer path finishes with an outcome",
    ]);
  });

  it('unanswered-contact names the channel, and a form as a form', () => {
    const yaml = [
      'journey: a',
      'steps:',
      '  - id: form',
      '    kind: wait',
      '    channel: web',
      '    actor: customer',
      '    next: review',
      '  - id: review',
      '    actor: backstage',
      '    next: done',
      '  - id: done',
      '    kind: end',
    ].join('\n');
    expect(messagesOf('unanswered-contact', yaml)).toEqual([
      "3:9 customer contact 'form' by web form has no promised response time: neither it nor the company steps that handle it (from 'review') carry an `sla`",
    ]);
  });

  it('silent-wait shows the duration and the limit', () => {
    const yaml = 'journey: a\nsteps:\n  - id: wait\n    kind: wait\n    duration: 36h\n    next: done\n  - id: done\n    kind: end\n';
    expect(messagesOf('silent-wait', yaml)).toEqual([
      "3:9 wait step 'wait' takes 1.5d, longer than 1d, and nobody tells the customer anything: no `message` on it or on a step right before or after it",
    ]);
  });
});

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
