import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config/load.js';
import { loadRuleFile, ruleFilesIn, ruleFromText } from '../src/custom-rules/load.js';
import { RuleTester } from '../src/testing/rule-tester.js';
import { repositoryRoot, runCli, stackTracePattern } from './support/cli.js';

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
function policy(body: string, message = "step '{{step}}' breaks the policy", extra = ''): string {
  return `id: test-policy\ndescription: A policy under test\nseverity: warning\nmessage: "${message}"\nrationale: Why.\nfix: How.\n${extra}${body}`;
}

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

/** The first object anywhere in parsed JSON that satisfies `test`. */
function findObject(value: unknown, test: (entry: Record<string, unknown>) => boolean): Record<string, unknown> | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findObject(item, test);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    const entry = value as Record<string, unknown>;
    if (test(entry)) return entry;
    for (const item of Object.values(entry)) {
      const found = findObject(item, test);
      if (found) return found;
    }
  }
  return undefined;
}

const scratch = mkdtempSync(path.join(tmpdir(), 'journey-audit-custom-rules-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('declarative rules through the CLI', { timeout: 60_000 }, () => {
  const customIds = ['refund-needs-second-agent', 'no-full-card-number', 'chatbot-offers-a-person', 'same-returns-text'];
  it('flag the example journey with file:line:col next to the built-in rules', () => {
    const run = runCli([], { cwd: exampleFolder });
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n').filter((line) => customIds.some((id) => line.endsWith(`  ${id}`)));
    expect(lines).toEqual([
      "  23:9   error    step 'grant-store-refund' grants a refund above 200 EUR, but no approval by a second agent lies on every way to an end  refund-needs-second-agent",
      "  36:14  warning  step 'open-returns-page' shows 'returns-policy-v3' for return-item in the web channel, while the store channel shows 'returns-policy-v2'  same-returns-text",
      "  37:30  error    step 'open-returns-page' asks for 'card-number': never ask for the full card number; ask for the last four digits  no-full-card-number",
      "  44:9   warning  chatbot step 'ask-returns-bot' does not offer 'talk to a person': no step with actor agent, in a staffed channel follows it directly  chatbot-offers-a-person",
      "  50:9   warning  chatbot step 'bot-explains-label' does not offer 'talk to a person': no step with actor agent, in a staffed channel follows it directly  chatbot-offers-a-person",
    ]);
    expect(run.status).toBe(1);
  });

  const journeyFile = 'journeys/electronics-return.journey.yaml';
  const formats: Array<[string, (output: string) => void]> = [
    ['json', (output) => expect(findObject(JSON.parse(output), (entry) => entry.ruleId === 'no-full-card-number')).toMatchObject({ line: 37, column: 30, severity: 'error' })],
    ['sarif', (output) => {
      const sarif = JSON.parse(output) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string; helpUri?: string; help: { text: string } }> } }; results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { region: { startLine: number; startColumn: number } } }> }> }> };
      const run = sarif.runs[0]!;
      const descriptor = run.tool.driver.rules.find((rule) => rule.id === 'no-full-card-number');
      expect(descriptor?.help.text).toContain('PCI DSS');
      // The project's docs/rules has no page for a company's own rule.
      expect(descriptor?.helpUri).toBeUndefined();
      const result = run.results.find((entry) => entry.ruleId === 'no-full-card-number')!;
      expect(result.locations[0]!.physicalLocation.region).toMatchObject({ startLine: 37, startColumn: 30 });
    }],
    ['junit', (output) => expect(output).toContain(`${journeyFile}:37:30 error step 'open-returns-page' asks for 'card-number'`)],
    ['github', (output) => expect(output).toContain(`${journeyFile},line=37,col=30,endLine=37,endColumn=41,title=no-full-card-number::`)],
    ['gitlab', (output) => {
      // GitLab's code quality format has lines only.
      expect(findObject(JSON.parse(output), (entry) => entry.check_name === 'no-full-card-number')).toMatchObject({ location: { path: journeyFile, lines: { begin: 37 } } });
    }],
    ['markdown', (output) => expect(output).toContain(`no-full-card-number · [${journeyFile}:37:30]`)],
  ];
  for (const [format, check] of formats) {
    it(`in the ${format} format too`, () => {
      const run = runCli(['--format', format], { cwd: exampleFolder });
      expect(run.stderr).toBe('');
      check(run.stdout.replaceAll('examples/custom-rules/', ''));
    });
  }

  it('are listed and explained like built-in rules', () => {
    const explained = runCli(['explain', 'refund-needs-second-agent'], { cwd: exampleFolder });
    expect(explained.status).toBe(0);
    expect(explained.stdout).toMatch(/^# refund-needs-second-agent\n/);
    expect(explained.stdout).toContain('four-eyes policy');
    expect(runCli(['rules'], { cwd: exampleFolder }).stdout).toMatch(/^no-full-card-number +Privacy +error +No step may ask for the full card number\.$/m);
  });

  it('a config can change their severity and options', () => {
    const folder = path.join(scratch, 'override');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'journey-audit.config.yaml'), `ruleDirs: [${JSON.stringify(path.join(exampleFolder, 'rules'))}]\nrules:\n  refund-needs-second-agent: [warning, { limit: 1000 EUR }]\n  no-full-card-number: off\n  same-returns-text: off\n  chatbot-offers-a-person: off\n`);
    const run = runCli([path.join(exampleFolder, 'journeys')], { cwd: folder });
    expect(run.stderr).toBe('');
    expect(run.stdout).not.toContain('refund-needs-second-agent');
    expect(run.stdout).not.toContain('no-full-card-number');
  });

  it('a mistake in a rule file is a config error at its line and column, exit 2', () => {
    const folder = path.join(scratch, 'broken');
    mkdirSync(path.join(folder, 'policies'), { recursive: true });
    writeFileSync(path.join(folder, 'journey-audit.config.yaml'), 'ruleDirs: [./policies]\n');
    writeFileSync(path.join(folder, 'policies', 'owner.rule.yaml'), policy('given:\n  kind: aproval\nthen:\n  required: [owner]').replace('test-policy', 'owner-policy'));
    writeFileSync(path.join(folder, 'policies', 'notes.md'), 'not a rule');
    const run = runCli([path.join(exampleFolder, 'journeys')], { cwd: folder });
    expect(run.stderr).not.toMatch(stackTracePattern);
    expect(run.stderr).toBe(`journey-audit: config error: ${path.join('policies', 'owner.rule.yaml')}:8:9: 'given.kind': "aproval" is not allowed; use one of action, decision, wait, approval, handoff, message, end — did you mean 'approval'?\n`);
    expect(run.stdout).toBe('');
    expect(run.status).toBe(2);
  });

  it('options that make a rule unusable are a finding of that rule, never a crash; the other rules still run', () => {
    const folder = path.join(scratch, 'bad-option');
    mkdirSync(path.join(folder, 'policies'), { recursive: true });
    writeFileSync(path.join(folder, 'journey-audit.config.yaml'), `extends: recommended\nruleDirs: [./policies]\nrules:\n  named-steps: [warning, { words: "(" }]\n`);
    writeFileSync(path.join(folder, 'policies', 'named-steps.rule.yaml'), policy("then:\n  field: name\n  pattern: '${words}'", 'x', 'options:\n  words: notify\n').replace('test-policy', 'named-steps'));
    const run = runCli([path.join(exampleFolder, 'journeys')], { cwd: folder });
    expect(run.stderr).not.toMatch(stackTracePattern);
    expect(run.stdout).toMatch(/^ {2}2:1 +error +rule 'named-steps' failed on this journey: with the configured options, '\(' is not a valid pattern: .* {2}named-steps$/m);
    expect(run.stdout).toContain('no-human-escape');
    expect(run.status).toBe(1);
  });

  it('a folder that does not exist is positioned at its entry', () => {
    const folder = path.join(scratch, 'missing');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'journey-audit.config.yaml'), 'extends: recommended\nruleDirs:\n  - ./nowhere\n');
    const run = runCli([], { cwd: folder });
    expect(run.stderr).toMatch(/^journey-audit: config error: journey-audit\.config\.yaml:3:5: ruleDirs '\.\/nowhere': no such folder /);
    expect(run.status).toBe(2);
    expect(existsSync(path.join(folder, 'nowhere'))).toBe(false);
  });
});
