import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config/load.js';
import { loadRuleFile, ruleFilesIn, ruleFromText } from '../src/custom-rules/load.js';
import { RuleTester } from '../src/testing/rule-tester.js';
import { repositoryRoot } from './support/cli.js';
import { policy } from './support/policy.js';

RuleTester.describe = describe;
RuleTester.it = it;
const tester = new RuleTester();

const exampleFolder = path.join(repositoryRoot, 'examples', 'custom-rules');

describe('the example policies in examples/custom-rules', () => {
  const files = ruleFilesIn(path.join(exampleFolder, 'rules'));
  it('has at least five, the four policies of the issue among them', () => {
    const ids = files.map((file) => path.basename(file, '.rule.yaml'));
    expect(ids.length).toBeGreaterThanOrEqual(5);
    expect(ids).toEqual(expect.arrayContaining(['refund-needs-second-agent', 'no-full-card-number', 'chatbot-offers-a-person', 'same-returns-text']));
  });
  for (const file of files) {
    const rule = loadRuleFile(file, path.relative(repositoryRoot, file));
    const fixtures = path.join(exampleFolder, 'fixtures', rule.meta.id);
    it(`${rule.meta.id}: the file name is the rule id, with valid and invalid fixtures`, () => {
      expect(path.basename(file)).toBe(`${rule.meta.id}.rule.yaml`);
      const names = readdirSync(fixtures);
      expect(names.some((name) => name.startsWith('valid-'))).toBe(true);
      expect(names.some((name) => name.startsWith('invalid-'))).toBe(true);
    });
    tester.run(rule.meta.id, rule, RuleTester.fixtures(fixtures));
  }
});

/** A rule from its given/then, with the rest of the file filled in. */
const flow = (steps: string) => `journey: policy-case\nsteps:\n${steps}`;

describe('one worked case per construct', () => {
  tester.run('selectors by field', ruleFromText(policy('given:\n  kind: approval\n  channel: [store, web]\n  owner: retail-ops\nthen:\n  required: [sla]')), {
    valid: [flow('  - id: approve\n    kind: approval\n    channel: phone\n    owner: retail-ops\n    next: done\n  - id: done\n    kind: end\n')],
    invalid: [
      {
        code: flow('  - id: approve\n    kind: approval\n    channel: store\n    owner: retail-ops\n    next: done\n  - id: done\n    kind: end\n'),
        errors: [{ messageId: 'policy', message: "step 'approve' breaks the policy", line: 3, column: 9 }],
      },
    ],
  });

  tester.run('forbidden field, pointing at its value', ruleFromText(policy('given:\n  channel: ivr\nthen:\n  forbidden: [fee]', "step '{{step}}' charges {{value}} in the IVR")), {
    valid: [flow('  - id: menu\n    channel: ivr\n    next: done\n  - id: done\n    kind: end\n')],
    invalid: [{ code: flow('  - id: menu\n    channel: ivr\n    fee: 1 EUR\n    next: done\n  - id: done\n    kind: end\n'), errors: [{ message: "step 'menu' charges 1 EUR in the IVR", line: 5, column: 10 }] }],
  });

  tester.run('pattern and duration comparison', ruleFromText(policy("given:\n  where:\n    - { field: duration, gte: 2d }\nthen:\n  field: name\n  pattern: '^notify '", "step '{{step}}' is named '{{value}}', expected {{expected}}")), {
    valid: [flow('  - id: slow\n    name: Notify the customer\n    duration: 3d\n    next: fast\n  - id: fast\n    name: whatever\n    duration: 1d\n    next: done\n  - id: done\n    kind: end\n')],
    invalid: [{ code: flow('  - id: slow\n    name: Wait silently\n    duration: 2d\n    next: done\n  - id: done\n    kind: end\n'), errors: [{ message: "step 'slow' is named 'Wait silently', expected matching /^notify /", line: 4, column: 11 }] }],
  });

  tester.run('in list and equals', ruleFromText(policy("given:\n  where:\n    - { field: actor, equals: agent }\nthen:\n  field: owner\n  in: [care, sales]", "step '{{step}}' is owned by {{value}}")), {
    valid: [flow('  - id: call\n    actor: agent\n    owner: care\n    next: done\n  - id: done\n    kind: end\n')],
    invalid: [{ code: flow('  - id: call\n    actor: agent\n    owner: it\n    next: done\n  - id: done\n    kind: end\n'), errors: [{ message: "step 'call' is owned by it", line: 5, column: 12 }] }],
  });

  tester.run('reachableFrom and before', ruleFromText(policy('given:\n  reachableFrom: { kind: approval }\n  before: { kind: end, where: [{ field: outcome, equals: refused }] }\nthen:\n  required: [message]')), {
    valid: [flow('  - id: approve\n    kind: approval\n    next: tell\n  - id: tell\n    message: refusal-letter\n    next: refused\n  - id: refused\n    kind: end\n    outcome: refused\n')],
    invalid: [{ code: flow('  - id: ask\n    next: approve\n  - id: approve\n    kind: approval\n    next: tell\n  - id: tell\n    next: refused\n  - id: refused\n    kind: end\n    outcome: refused\n'), errors: [{ line: 8, column: 9 }] }],
  });

  tester.run('within N steps, in an automated or async channel', ruleFromText(policy('given:\n  channelIs: async\n  within: { steps: 1, of: { channelIs: automated } }\nthen:\n  required: [sla]')), {
    valid: [flow('  - id: menu\n    channel: ivr\n    next: call\n  - id: call\n    channel: phone\n    next: mail\n  - id: mail\n    channel: email\n    next: done\n  - id: done\n    kind: end\n')],
    invalid: [{ code: flow('  - id: menu\n    channel: ivr\n    next: mail\n  - id: mail\n    channel: email\n    next: done\n  - id: done\n    kind: end\n'), errors: [{ line: 6, column: 9 }] }],
  });

  tester.run('on every way to a resolution', ruleFromText(policy('given:\n  onEveryWayToResolution: true\n  not: { kind: [end, decision] }\nthen:\n  required: [owner]')), {
    valid: [flow('  - id: pick\n    kind: decision\n    next: [a, b]\n  - id: a\n    next: done\n  - id: b\n    next: done\n  - id: done\n    kind: end\n    outcome: resolved\n')],
    invalid: [{ code: flow('  - id: pick\n    kind: decision\n    next: [a, b]\n  - id: a\n    next: both\n  - id: b\n    next: both\n  - id: both\n    next: done\n  - id: done\n    kind: end\n    outcome: resolved\n'), errors: [{ line: 10, column: 9 }] }],
  });

  tester.run('some matching step is reachable', ruleFromText(policy("given:\n  anyOf: [{ kind: wait }, { kind: approval }]\nthen:\n  reachable: { kind: message }", "nothing after '{{step}}' is a {{expected}}")), {
    valid: [flow('  - id: hold\n    kind: wait\n    next: tell\n  - id: tell\n    kind: message\n    next: done\n  - id: done\n    kind: end\n')],
    invalid: [{ code: flow('  - id: hold\n    kind: wait\n    next: done\n  - id: done\n    kind: end\n'), errors: [{ message: "nothing after 'hold' is a step with kind message", line: 3, column: 9 }] }],
  });

  tester.run('count on a path, loops counted once', ruleFromText(policy('given:\n  kind: handoff\nthen:\n  atMostOnAPath: 1', "'{{step}}' is hand-off {{count}} of at most {{limit}}")), {
    valid: [flow('  - id: a\n    kind: handoff\n    next: [a, done]\n  - id: done\n    kind: end\n')],
    invalid: [{ code: flow('  - id: a\n    kind: handoff\n    next: b\n  - id: b\n    kind: handoff\n    next: done\n  - id: done\n    kind: end\n'), errors: [{ message: "'b' is hand-off 2 of at most 1", line: 6, column: 9 }] }],
  });

  tester.run('options override defaults', ruleFromText(policy('given:\n  where: [{ field: fee, gt: "${limit}" }]\nthen:\n  forbidden: [fee]', "'{{step}}' charges more than {{limit}}", 'options:\n  limit: 10 EUR\n')), {
    valid: [{ code: flow('  - id: pay\n    fee: 20 EUR\n    next: done\n  - id: done\n    kind: end\n'), options: { limit: '50 EUR' } }],
    invalid: [{ code: flow('  - id: pay\n    fee: 20 EUR\n    next: done\n  - id: done\n    kind: end\n'), errors: [{ message: "'pay' charges more than 10 EUR" }] }],
  });
});

describe('mistakes in a rule file are positioned errors', () => {
  const cases: Array<[string, string, string]> = [
    ['unknown key', policy('given:\n  chanel: web\nthen:\n  required: [sla]'), "8:3: 'given' has unknown field 'chanel'"],
    ['unknown field name', policy('then:\n  required: [owners]'), "8:14: 'then.required[0]': \"owners\" is not allowed; use one of id, name, kind"],
    ['two assertions', policy('then:\n  required: [sla]\n  forbidden: [fee]'), "8:3: 'then' has required and forbidden; a rule asserts one thing (write two rules)"],
    ['no assertion', policy('then: {}'), "7:7: 'then' must NOT have fewer than 1 properties"],
    ['bad pattern', policy("then:\n  field: name\n  pattern: '(unclosed'"), "9:12: '(unclosed' is not a valid pattern"],
    ['comparison on text', policy('then:\n  field: owner\n  gt: 3'), "9:7: field 'owner' cannot be compared with 'gt': only sla, duration (durations) and fee (amounts) can"],
    ['not a duration', policy('given:\n  where: [{ field: sla, gt: 200 EUR }]\nthen:\n  required: [sla]'), "8:29: field 'sla' is a duration: compare it with a duration like 2d or 4h"],
    ['unknown option', policy('given:\n  where: [{ field: fee, gt: "${limti}" }]\nthen:\n  required: [sla]'), "8:29: ${limti} names no option; declare it under 'options'"],
    ['unfillable placeholder', policy('then:\n  required: [sla]', "step {{stpe}} breaks it"), '4:10: the message uses {{stpe}}'],
    ['missing rationale', 'id: x\ndescription: d\nseverity: warning\nmessage: m\nfix: f\nthen:\n  required: [sla]\n', "1:1: the journey is missing the required field 'rationale'"],
    ['YAML syntax', 'id: [x\n', '2:1: '],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => {
      let error: unknown;
      try {
        ruleFromText(text, 'policy.rule.yaml');
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const { file, range, message } = error as ConfigError;
      expect(`${file}:${range.line}:${range.column}: ${message}`).toContain(`policy.rule.yaml:${expected}`);
    });
  }
});
