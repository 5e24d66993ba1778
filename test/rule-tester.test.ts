import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defineRule } from '../src/rules/define.js';
import { RuleTester } from '../src/testing/rule-tester.js';

/** A rule with two messages, one of which forgets a placeholder's data: RuleTester must catch what a rule gets wrong. */
const rule = defineRule<{ forget: boolean }>({
  meta: {
    id: 'approval-owner',
    category: 'ownership',
    defaultSeverity: 'warning',
    description: 'Approvals name a department.',
    rationale: 'r',
    fix: 'f',
    messages: { missing: "approval '{{step}}' has no owner", agent: "approval '{{step}}' is by {{actor}}" },
    optionsSchema: { type: 'object', additionalProperties: false, properties: { forget: { type: 'boolean' } } },
    defaultOptions: { forget: false },
  },
  check({ journey, options, report }) {
    for (const step of journey.steps) {
      if (step.kind !== 'approval') continue;
      if (!step.owner) report({ path: step.path, messageId: 'missing', data: { step: step.id } });
      if (step.actor === 'system') report({ path: [...step.path, 'actor'], messageId: 'agent', data: options.forget ? { step: step.id } : { step: step.id, actor: step.actor } });
    }
  },
});

const approval = (fields: string) => `journey: j\nsteps:\n  - id: sign-off\n    kind: approval\n${fields}    next: done\n  - id: done\n    kind: end\n`;
const tester = new RuleTester();
const passes = (testCase: Parameters<RuleTester['check']>[1], valid = false) => () => tester.check(rule, testCase, valid);

describe('RuleTester checks', () => {
  it('accepts exact rule id, messageId, message, line and column', () => {
    expect(passes({ code: approval(''), errors: [{ ruleId: 'approval-owner', messageId: 'missing', message: "approval 'sign-off' has no owner", line: 3, column: 9, endLine: 3, endColumn: 17 }] })).not.toThrow();
    expect(passes({ code: approval(''), errors: [{ message: /has no owner$/ }] })).not.toThrow();
    expect(passes({ code: approval('    owner: credit\n') }, true)).not.toThrow();
  });

  const failures: Array<[string, Parameters<RuleTester['check']>[1], boolean, RegExp]> = [
    ['a wrong messageId', { code: approval(''), errors: [{ messageId: 'agent' }] }, false, /messageId/],
    ['a wrong message', { code: approval(''), errors: [{ message: 'approval has no owner' }] }, false, /message/],
    ['a wrong line', { code: approval(''), errors: [{ line: 4 }] }, false, /line/],
    ['a wrong column', { code: approval(''), errors: [{ column: 3 }] }, false, /column/],
    ['a missing finding', { code: approval('    owner: credit\n'), errors: 1 }, false, /expected 1 finding/],
    ['a finding in a valid case', { code: approval('') }, true, /must not be flagged/],
    ['an unfilled placeholder', { code: approval('    owner: credit\n    actor: system\n'), options: { forget: true }, errors: 1 }, false, /placeholder was left unfilled .*\{\{actor\}\}/],
    ['options the schema refuses', { code: approval(''), options: { forgot: true }, errors: 1 }, false, /options do not fit/],
    ['a journey with a schema error', { code: approval('    colour: red\n'), errors: 1 }, false, /must be valid/],
    ['a marker on the wrong line', { code: `${approval('')}# @expect approval-owner\n` }, false, /exactly the @expect markers/],
    ['a marker with the wrong messageId', { code: approval('').replace('- id: sign-off', '- id: sign-off # @expect approval-owner:agent') }, false, /exactly the @expect markers/],
  ];
  for (const [name, testCase, valid, message] of failures) {
    it(`fails on ${name}`, () => {
      expect(passes(testCase, valid)).toThrow(message);
    });
  }

  it('reads markers with messageId and column', () => {
    const marked = approval('').replace('- id: sign-off', '- id: sign-off # @expect approval-owner:missing col=9');
    expect(passes({ code: marked })).not.toThrow();
    expect(passes({ code: marked.replace('col=9', 'col=5') })).toThrow(/exactly the @expect markers/);
  });

  it('turns a folder of valid-* and invalid-* fixtures into cases', () => {
    const folder = path.join(import.meta.dirname, 'fixtures', 'rules', 'dead-end');
    const cases = RuleTester.fixtures(folder);
    expect(cases.valid.length).toBeGreaterThan(0);
    expect(cases.invalid.length).toBeGreaterThan(0);
    expect([...cases.valid, ...cases.invalid].every((entry) => typeof entry !== 'string' && entry.file?.startsWith(folder))).toBe(true);
  });
});

describe('RuleTester without a framework wired in', () => {
  const globals = globalThis as { describe?: unknown; it?: unknown };
  // Other test files wire vitest in; the unit project shares modules between files (isolate: false).
  beforeEach(() => {
    RuleTester.describe = undefined;
    RuleTester.it = undefined;
  });
  afterEach(() => {
    delete globals.describe;
    delete globals.it;
    RuleTester.describe = undefined;
    RuleTester.it = undefined;
  });

  it('uses the global describe and it (jest, vitest with globals)', () => {
    const declared: string[] = [];
    globals.describe = (name: string, body: () => void) => {
      declared.push(`describe ${name}`);
      body();
    };
    globals.it = (name: string) => declared.push(`it ${name}`);
    tester.run('approval-owner', rule, { valid: [approval('    owner: credit\n')], invalid: [{ name: 'no owner', code: approval(''), errors: 1 }] });
    expect(declared).toEqual(['describe approval-owner', 'describe valid', 'it j', 'describe invalid', 'it no owner']);
  });

  it('says how to wire one in when there is none', () => {
    expect(() => tester.run('x', rule, { valid: [], invalid: [] })).toThrow(/set RuleTester.describe and RuleTester.it/);
  });
});
