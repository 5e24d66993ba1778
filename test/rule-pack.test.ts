import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfigWithPlugins } from '../src/config/plugins.js';
import { builtinRules } from '../src/rules/index.js';
import type { Rule } from '../src/rules/define.js';
import { RuleTester } from '../src/testing/rule-tester.js';
import { repositoryRoot, runCli, stackTracePattern } from './support/cli.js';

const packFolder = path.join(repositoryRoot, 'examples', 'rule-pack');
const pack = (await import(path.join(packFolder, 'index.js'))).default as { rules: Record<string, Rule> };

RuleTester.describe = describe;
RuleTester.it = it;
const fixtures = path.join(packFolder, 'test', 'fixtures');
const tester = new RuleTester();

// The pack's fixtures, run here with the same RuleTester its own node:test suite uses (test/package.test.ts runs that).
tester.run('acme max-fee', pack.rules['max-fee']!, {
  valid: [{ file: path.join(fixtures, 'valid-small-fee.journey.yaml') }],
  invalid: [{ file: path.join(fixtures, 'invalid-expensive-and-foreign-fees.journey.yaml') }],
});
tester.run('acme no-paper-forms', pack.rules['no-paper-forms']!, { valid: [], invalid: [{ file: path.join(fixtures, 'invalid-form-by-mail.journey.yaml') }] });

const scratch = mkdtempSync(path.join(tmpdir(), 'journey-audit-rule-pack-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A project folder with a config and one journey; `files` adds more (paths relative to the folder). */
function project(name: string, config: string, files: Record<string, string> = {}): string {
  const folder = path.join(scratch, name);
  mkdirSync(path.join(folder, 'journeys'), { recursive: true });
  writeFileSync(path.join(folder, 'journey-audit.config.yaml'), config);
  writeFileSync(path.join(folder, 'journeys', 'fee.journey.yaml'), 'journey: fee\nsteps:\n  - id: pay\n    fee: 30 EUR\n    next: done\n  - id: done\n    kind: end\n    outcome: resolved\n');
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
    writeFileSync(path.join(folder, file), text);
  }
  return folder;
}

describe('rule packs', { timeout: 60_000 }, () => {
  it('the demo project loads the pack by config and extends its preset', () => {
    const run = runCli([], { cwd: path.join(packFolder, 'demo') });
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n').filter((line) => / acme\//.test(line))).toEqual([
      "  17:10  error    step 'order-card-in-app' charges 25 EUR, more than the 20 EUR ACME allows                             acme/max-fee",
      "  19:9   warning  step 'send-replacement-form' collects full-name, address on a paper form sent by mail                 acme/no-paper-forms",
    ]);
    expect(run.status).toBe(1);
  });

  it('namespaces the rule ids and lists and explains them', async () => {
    const { rules, config } = await loadConfigWithPlugins(path.join(packFolder, 'demo', 'journey-audit.config.yaml'), builtinRules, repositoryRoot);
    expect(rules.slice(builtinRules.length).map((rule) => rule.meta.id)).toEqual(['acme/max-fee', 'acme/no-paper-forms']);
    expect(config.rules['acme/max-fee']).toEqual({ severity: 'error', options: { max: 20 } });
    expect(config.rules['acme/no-paper-forms']).toEqual({ severity: 'warning', options: {} });
    // The pack's own rule objects keep their ids, so its own tests name them as written.
    expect(pack.rules['max-fee']!.meta.id).toBe('max-fee');
    const cwd = path.join(packFolder, 'demo');
    expect(runCli(['rules'], { cwd }).stdout).toMatch(/^acme\/max-fee +Channel-inconsistent +warning +No step charges more than the fee ACME allows\.$/m);
    expect(runCli(['explain', 'acme/max-fee'], { cwd }).stdout).toMatch(/^# acme\/max-fee\n/);
  });

  it('loads an installed pack by its package name', () => {
    const folder = project('by-name', 'plugins: [journey-audit-plugin-acme]\nextends: [acme/recommended]\n');
    cpSync(packFolder, path.join(folder, 'node_modules', 'journey-audit-plugin-acme'), { recursive: true, filter: (source) => !source.includes(`${path.sep}demo`) });
    const run = runCli([], { cwd: folder });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain("  4:10  error    step 'pay' charges 30 EUR, more than the 10 EUR ACME allows  acme/max-fee");
    expect(run.status).toBe(1);
  });

  const packModule = (body: string) => ({ 'pack.mjs': `export default ${body};` });
  const goodRule = "{ meta: { category: 'broken', defaultSeverity: 'warning', description: 'd', messages: { m: 'x' } }, check() {} }";
  const errors: Array<[string, string, Record<string, string>, string]> = [
    ['an unknown preset of a loaded pack', 'plugins: [./pack.mjs]\nextends: [acme/strict]\n', packModule(`{ meta: { name: 'acme', version: '1.0.0' }, rules: { r: ${goodRule} }, presets: { recommended: { rules: { 'acme/r': 'error' } } } }`), "journey-audit.config.yaml:2:11: extends 'acme/strict': rule pack 'acme' has no such preset; it offers acme/recommended"],
    ['a preset of a pack the config does not load', 'extends: [acme/recommended]\n', {}, "journey-audit.config.yaml:1:11: extends 'acme/recommended': no rule pack named 'acme' is loaded; name its module under 'plugins:'"],
    ['a pack without a name', 'plugins: [./pack.mjs]\n', packModule(`{ meta: { version: '1.0.0' }, rules: {} }`), "journey-audit.config.yaml:1:11: plugin './pack.mjs' is a rule pack whose meta.name undefined is not a kebab-case name"],
    ['a malformed rule in a pack', 'plugins: [./pack.mjs]\n', packModule("{ meta: { name: 'acme', version: '1.0.0' }, rules: { bad: { meta: {} } } }"), "journey-audit.config.yaml:1:11: plugin './pack.mjs' rule pack 'acme' rule 'bad' has no check function"],
    ['a preset that sets files', 'plugins: [./pack.mjs]\n', packModule(`{ meta: { name: 'acme', version: '1.0.0' }, rules: {}, presets: { recommended: { ignore: ['**'] } } }`), "journey-audit.config.yaml:1:11: plugin './pack.mjs' rule pack 'acme' preset 'recommended' has 'ignore'; a preset may set rules, channels, departments, systems, pii"],
    ['a preset naming a rule the pack lacks', 'plugins: [./pack.mjs]\nextends: [acme/recommended]\n', packModule(`{ meta: { name: 'acme', version: '1.0.0' }, rules: { r: ${goodRule} }, presets: { recommended: { rules: { 'acme/rr': 'error' } } } }`), "journey-audit.config.yaml:1:11: unknown rule 'acme/rr' — did you mean 'acme/r'?"],
  ];
  for (const [name, config, files, expected] of errors) {
    it(`reports ${name} as a positioned config error, exit 2`, () => {
      const run = runCli([], { cwd: project(name.replaceAll(' ', '-'), config, files) });
      expect(run.stderr).not.toMatch(stackTracePattern);
      expect(run.stderr).toBe(`journey-audit: config error: ${expected}\n`);
      expect(run.status).toBe(2);
    });
  }
});
