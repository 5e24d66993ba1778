import { describe, expect, it } from 'vitest';
import { defaultLimits } from '../src/config/types.js';
import { auditText } from '../src/engine/engine.js';
import { defaultSettings } from '../src/model/channels.js';
import { builtinRules } from '../src/rules/index.js';

const config = { rules: {}, settings: defaultSettings, limits: defaultLimits };
const problems = (text: string) =>
  auditText(text, { file: 'x.journey.yaml', config, rules: builtinRules, validateOnly: true }).findings.map(
    (finding) => `${finding.line}:${finding.column} ${finding.ruleId} ${finding.message}`,
  );

describe('schema findings speak to a process owner, at the exact position', () => {
  it('an unknown step field, with a suggestion', () => {
    expect(problems('journey: refunds\nsteps:\n  - id: refund\n    chanel: web\n    kind: end\n')).toEqual([
      "4:5 schema step 'refund' has unknown field 'chanel' — did you mean 'channel'?",
    ]);
  });

  it('an unknown journey field', () => {
    expect(problems('journey: refunds\ntitel: Refunds\nsteps:\n  - id: done\n    kind: end\n')).toEqual(["2:1 schema the journey has unknown field 'titel' — did you mean 'title'?"]);
  });

  it('a wrong enum value', () => {
    expect(problems('journey: refunds\nsteps:\n  - id: done\n    kind: ending\n')).toEqual([
      "4:11 schema step 'done' kind: \"ending\" is not allowed; use one of action, decision, wait, approval, handoff, message, end — did you mean 'end'?",
    ]);
  });

  it('a bad duration and a bad id', () => {
    expect(problems('journey: refunds\nsteps:\n  - id: Wait_Here\n    kind: wait\n    duration: 2 days\n    next: done\n  - id: done\n    kind: end\n')).toEqual([
      "3:9 schema step 'Wait_Here' id: \"Wait_Here\" must be lowercase kebab-case, like verify-identity",
      "5:15 schema step 'Wait_Here' duration: \"2 days\" must be a duration like 5m, 4h or 2d",
    ]);
  });

  it('a branch with an unknown field points at that field', () => {
    expect(problems('journey: refunds\nsteps:\n  - id: decide\n    next:\n      - to: done\n        wen: always\n  - id: done\n    kind: end\n')).toEqual([
      "6:9 schema step 'decide' next[0] has unknown field 'wen' — did you mean 'when'?",
    ]);
  });

  it('a next of the wrong shape explains the accepted forms', () => {
    expect(problems('journey: refunds\nsteps:\n  - id: decide\n    next: 42\n  - id: done\n    kind: end\n')).toEqual([
      "4:11 schema step 'decide' next must be a step id, a list of step ids, or a list of branches like {to: step-id, when: \"condition\"}",
    ]);
  });

  it('a missing required field points at the mapping', () => {
    expect(problems('journey: refunds\nsteps:\n  - name: Pay out\n    kind: end\n')).toEqual(["3:5 schema step #1 is missing the required field 'id'"]);
  });

  it('duplicate step ids, an unknown channel and an unknown start', () => {
    expect(problems('journey: refunds\nstart: begin\nsteps:\n  - id: done\n    channel: fax\n    kind: end\n  - id: done\n    kind: end\n')).toEqual([
      "2:8 schema start names no step: 'begin'",
      "5:14 schema step 'done' uses unknown channel 'fax' (declare custom channels under 'channels' in the config)",
      "7:9 schema step id 'done' is already used by step #1; step ids must be unique",
    ]);
  });

  it('not a journey at all', () => {
    expect(problems('- just\n- a list\n')).toEqual([
      "1:1 schema not a journey: the document is a list; a journey file is a mapping with 'journey' and 'steps' (run 'journey-audit init' for a sample)",
    ]);
    expect(problems('')).toEqual([
      "1:1 schema not a journey: the file is empty; a journey file is a mapping with 'journey' and 'steps' (run 'journey-audit init' for a sample)",
    ]);
  });

  it('duplicate keys and custom tags are parse errors, never executed', () => {
    expect(problems('journey: a\njourney: b\nsteps: []\n')).toEqual(["2:1 parse duplicate key 'journey': a key may appear only once in a mapping"]);
    expect(problems('journey: a\nsteps: !!js/function "function () {}"\n')).toEqual([
      '2:8 parse Unresolved tag: tag:yaml.org,2002:js/function; custom tags are not supported and are never executed',
    ]);
  });

  it('more than one document', () => {
    expect(problems('journey: a\nsteps:\n  - id: done\n    kind: end\n---\njourney: b\n')).toEqual([
      '5:1 parse more than one YAML document in the file; a journey file holds exactly one journey',
    ]);
  });
});

describe('what a journey may say', () => {
  it('a message as free text, a wait timeout apart from its duration, a correction branch', () => {
    const text = [
      'journey: callback',
      'steps:',
      '  - id: ask',
      '    channel: web',
      '    actor: customer',
      '    next: [{to: wait-for-call, when: details given}, {to: ask, when: phone number invalid, correction: true}]',
      '  - id: wait-for-call',
      '    kind: wait',
      '    message: "We will call you back within 2 working days."',
      '    duration: 1d',
      '    timeout: 2d',
      '    next: called',
      '  - id: called',
      '    kind: end',
      '    outcome: resolved',
      '',
    ].join('\n');
    expect(problems(text)).toEqual([]);
  });

  it('a timeout that is not a duration', () => {
    expect(problems('journey: w\nsteps:\n  - id: w\n    kind: wait\n    timeout: soon\n    next: e\n  - id: e\n    kind: end\n')[0]).toMatch(/^5:14 schema /);
  });
});
