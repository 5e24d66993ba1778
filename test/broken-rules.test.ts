import { describe, expect, it } from 'vitest';
import type { Rule } from '../src/rules/define.js';
import { builtinRules, findRule } from '../src/rules/index.js';
import { auditText } from '../src/engine/engine.js';
import { configWith } from './harness.js';

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
