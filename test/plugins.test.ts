import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repositoryRoot, runCli, stackTracePattern } from './support/cli.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'journey-audit-plugins-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const rule = (id: string, extra = '') => `{
  meta: { id: '${id}', category: 'ownership', defaultSeverity: 'warning', description: 'Journeys name a persona',
    messages: { missing: 'journey {{journey}} names no persona' } ${extra} },
  check({ journey, report }) { if (journey.data.persona === undefined) report({ path: [], messageId: 'missing', data: { journey: "'" + journey.id + "'" } }); },
}`;

const journey = 'journey: renew-card\nsteps:\n  - id: renew\n    kind: end\n';

/** A folder with a config, plugin modules and one journey; returns the CLI run in it. */
function runIn(name: string, config: string, modules: Record<string, string>, args: string[] = []) {
  const folder = path.join(scratch, name);
  mkdirSync(path.join(folder, 'journeys'), { recursive: true });
  writeFileSync(path.join(folder, 'journey-audit.config.yaml'), config);
  writeFileSync(path.join(folder, 'journeys', 'renew.journey.yaml'), journey);
  for (const [file, source] of Object.entries(modules)) writeFileSync(path.join(folder, file), source);
  const run = runCli(args, { cwd: folder });
  expect(run.stderr).not.toMatch(stackTracePattern);
  return { ...run, folder };
}

describe('plugins', { timeout: 60_000 }, () => {
  it('runs the example custom rule through the CLI', () => {
    const run = runCli([], { cwd: path.join(repositoryRoot, 'examples', 'custom-rule') });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [
        'journeys/insurance-claim.journey.yaml',
        "  11:9  error    step 'send-receipt' asks the customer to send a fax; offer an upload in the app or on the web instead  no-fax",
        '',
        '✖ 1 problem (1 error, 0 warnings) in 1 of 1 journey',
        '',
      ].join('\n'),
    );
    expect(run.status).toBe(1);
  });

  it('lists and explains plugin rules where the config names them', () => {
    const cwd = path.join(repositoryRoot, 'examples', 'custom-rule');
    expect(runCli(['rules'], { cwd }).stdout).toMatch(/^no-fax +Channel-inconsistent +warning +A customer step must not require a fax$/m);
    const explained = runCli(['explain', 'no-fax'], { cwd });
    expect(explained.status).toBe(0);
    expect(explained.stdout).toMatch(/^# no-fax\n/);
  });

  it('an array of rules joins the registry; plugin rules are off until configured', () => {
    const modules = { 'rules.mjs': `export default [${rule('require-persona')}, ${rule('also-persona')}];` };
    const off = runIn('array-off', 'plugins: [./rules.mjs]\n', modules);
    expect([off.status, off.stdout.trim()]).toEqual([0, '✔ No problems in 1 journey']);
    const on = runIn('array-on', 'plugins: [./rules.mjs]\nrules:\n  require-persona: error\n  also-persona: [warning, {}]\n', modules);
    expect(on.stdout).toContain("  1:1  error    journey 'renew-card' names no persona  require-persona");
    expect(on.stdout).toContain("  1:1  warning  journey 'renew-card' names no persona  also-persona");
    expect(on.status).toBe(1);
  });

  it('imports nothing the config does not name', () => {
    const marker = path.join(scratch, 'imported');
    const run = runIn('unnamed', 'rules: {}\n', { 'rules.mjs': `import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(marker)}, 'x'); export default ${rule('x-rule')};` });
    expect(run.status).toBe(0);
    expect(existsSync(marker)).toBe(false);
  });

  const configErrors: Array<[string, string, Record<string, string>, RegExp]> = [
    ['missing', 'plugins:\n  - ./nowhere.mjs\n', {}, /^journey-audit: config error: journey-audit\.config\.yaml:2:5: plugin '\.\/nowhere\.mjs' not found: no file at .*nowhere\.mjs\n$/],
    ['throws', 'rules: {}\nplugins:\n  - ./ok.mjs\n  - ./throws.mjs\n', { 'ok.mjs': `export default ${rule('fine-rule')};`, 'throws.mjs': "throw new Error('database unreachable');" }, /^journey-audit: config error: journey-audit\.config\.yaml:4:5: plugin '\.\/throws\.mjs' failed to load: Error: database unreachable\n$/],
    ['syntax', 'plugins: [./broken.mjs]\n', { 'broken.mjs': 'export default {' }, /^journey-audit: config error: journey-audit\.config\.yaml:1:11: plugin '\.\/broken\.mjs' failed to load: SyntaxError: /],
    ['no-default', 'plugins: [./named.mjs]\n', { 'named.mjs': `export const rule = ${rule('named-rule')};` }, /plugin '\.\/named\.mjs' has no default export; export a rule made with defineRule, an array of rules, or a rule pack \{ meta, rules, presets \}\n$/],
    ['not-a-rule', 'plugins: [./odd.mjs]\n', { 'odd.mjs': 'export default 42;' }, /plugin '\.\/odd\.mjs' does not export a rule: expected \{ meta, check \} made with defineRule\n$/],
    ['bad-category', 'plugins: [./odd.mjs]\n', { 'odd.mjs': `export default ${rule('odd-rule').replace("'ownership'", "'vibes'")};` }, /plugin '\.\/odd\.mjs' rule 'odd-rule' has category "vibes"; use one of broken, redundant, channel, ownership, privacy\n$/],
    ['clash-builtin', 'plugins: [./clash.mjs]\n', { 'clash.mjs': `export default ${rule('dead-end')};` }, /^journey-audit: config error: journey-audit\.config\.yaml:1:11: plugin '\.\/clash\.mjs' defines rule 'dead-end', which is already a built-in rule; rename it\n$/],
    ['clash-plugins', 'plugins: [./a.mjs, ./b.mjs]\n', { 'a.mjs': `export default ${rule('same-rule')};`, 'b.mjs': `export default ${rule('same-rule')};` }, /config error: journey-audit\.config\.yaml:1:20: plugin '\.\/b\.mjs' defines rule 'same-rule', which is already defined by plugin '\.\/a\.mjs'; rename it\n$/],
    ['reserved', 'plugins: [./schema.mjs]\n', { 'schema.mjs': `export default ${rule('schema')};` }, /defines rule 'schema', a name journey-audit reserves for its own findings; rename it\n$/],
    ['bad-options', 'plugins: [./opts.mjs]\n', { 'opts.mjs': `export default ${rule('opts-rule', ", optionsSchema: { type: 'nonsense' }")};` }, /plugin '\.\/opts\.mjs' rule 'opts-rule' has an invalid optionsSchema: /],
    ['unknown-rule', 'plugins: [./ok.mjs]\nrules:\n  fine-rul: error\n', { 'ok.mjs': `export default ${rule('fine-rule')};` }, /config error: journey-audit\.config\.yaml:3:3: unknown rule 'fine-rul' — did you mean 'fine-rule'\?\n$/],
  ];
  for (const [name, config, modules, expected] of configErrors) {
    it(`reports a config error, exit 2: ${name}`, () => {
      const run = runIn(name, config, modules);
      expect(run.stderr).toMatch(expected);
      // A plugin that fails to load is one error; the audit goes on with the other rules. A mistake in the config itself stops it.
      expect(run.stdout).toBe(name === 'unknown-rule' ? '' : '✔ No problems in 1 journey\n');
      expect(run.status).toBe(2);
    });
  }

  it('a plugin that fails to load leaves the built-in rules running, and the rules it would have defined are passed over', () => {
    const run = runIn('built-ins-still-run', 'extends: [recommended, acme/recommended]\nplugins: [./nowhere.mjs]\nrules:\n  acme/max-fee: error\n  renew-rule: warning\n', {
      'journeys/orphan.journey.yaml': 'journey: orphan-step\nsteps:\n  - id: start\n    next: done\n  - id: done\n    kind: end\n  - id: orphan\n    next: done\n',
    });
    expect(run.stderr).toMatch(/^journey-audit: config error: journey-audit\.config\.yaml:2:11: plugin '\.\/nowhere\.mjs' not found: no file at .*nowhere\.mjs\n$/);
    expect(run.stdout).toContain("  7:9  error    step 'orphan' cannot be reached from the start step 'start'  unreachable-step");
    expect(run.status).toBe(2);
  });

  it('a plugin rule that throws becomes a finding; the other rules still run', () => {
    const modules = { 'crash.mjs': "export default { meta: { id: 'crashy', category: 'broken', defaultSeverity: 'error', description: 'x', messages: {} }, check() { throw new Error('boom'); } };" };
    const run = runIn('crash', 'plugins: [./crash.mjs]\nrules:\n  crashy: error\n', modules);
    expect(run.stdout).toContain("  1:1  error    rule 'crashy' failed on this journey: boom  crashy");
    expect(run.status).toBe(1);
  });
});
