import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installTarball, packTarball } from '../scripts/install-size.js';
import { repositoryRoot } from './support/cli.js';

/**
 * The package as users get it: `npm pack`, installed into an empty project from the local npm cache
 * (`--prefer-offline`), then used from a TypeScript consumer (tsc --module nodenext), a plain .mjs consumer, every
 * example in docs/api.md, and the example rule pack's own node:test suite.
 */
const scratch = mkdtempSync(path.join(tmpdir(), 'journey-audit-package-'));
let project = '';
// The installed project holds the package's dependencies: removing them takes a while on a busy machine.
afterAll(() => rmSync(scratch, { recursive: true, force: true }), 300_000);

function run(command: string, args: readonly string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', PUPPETEER_SKIP_DOWNLOAD: 'true' }, maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: String(result.stdout), stderr: String(result.stderr), output: `${String(result.stdout)}${String(result.stderr)}` };
}

describe('the packed package', { timeout: 600_000 }, () => {
  beforeAll(() => {
    // dist/ is fresh (`npm test` builds first): packed as it is, installed lint-only from the local npm cache, as
    // test/install.test.ts and scripts/install-size.js do.
    project = installTarball(packTarball(scratch, { build: false }), scratch, { omitOptional: true });
  }, 600_000);

  it('a plain .mjs consumer imports the whole API', () => {
    writeFileSync(
      path.join(project, 'consumer.mjs'),
      "import { auditText, auditFiles, loadConfig, builtinRules, defineRule, RuleTester } from 'journey-audit';\n" +
        "console.log([auditText, auditFiles, loadConfig, defineRule, RuleTester].map((value) => typeof value).join(' '), builtinRules.length > 20);\n",
    );
    const result = run(process.execPath, ['consumer.mjs'], project);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('function function function function function true\n');
  });

  it('a TypeScript consumer type-checks with tsc --module nodenext', () => {
    writeFileSync(
      path.join(project, 'consumer.mts'),
      `import { auditText, auditFiles, loadConfig, builtinRules, defineRule, RuleTester, configForFile, type Finding, type Rule } from 'journey-audit';

interface Options { max: number }
const rule: Rule<Options> = defineRule<Options>({
  meta: {
    id: 'max-steps', category: 'redundant', defaultSeverity: 'warning', description: 'd', rationale: 'r', fix: 'f',
    messages: { tooMany: '{{count}} steps' }, optionsSchema: { type: 'object' }, defaultOptions: { max: 10 },
  },
  check({ journey, options, report }) {
    const limit: number = options.max;
    if (journey.steps.length > limit) report({ path: [], messageId: 'tooMany', data: { count: journey.steps.length } });
  },
});
const config = loadConfig(undefined, [...builtinRules, rule]);
const findings: Finding[] = auditText('journey: j\\nsteps: []\\n', { file: 'j.journey.yaml', config: configForFile(config, 'j.journey.yaml'), rules: builtinRules }).findings;
const lines: number[] = auditFiles([], { config }).flatMap((result) => result.findings.map((finding) => finding.line));
new RuleTester({ settings: { pii: ['iban'] } }).check(rule, { code: 'journey: j\\nsteps: []\\n', errors: 0 }, false);
export { findings, lines };
`,
    );
    const tsc = path.join(repositoryRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = run(process.execPath, [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node', '--typeRoots', path.join(repositoryRoot, 'node_modules', '@types'), 'consumer.mts'], project);
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  });

  const examples = [...readFileSync(path.join(repositoryRoot, 'docs', 'api.md'), 'utf8').matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]!);
  it('docs/api.md has runnable examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
  });
  examples.forEach((source, index) => {
    it(`docs/api.md example ${index + 1} runs`, () => {
      const file = `api-example-${index + 1}.mjs`;
      writeFileSync(path.join(project, file), source);
      const result = run(process.execPath, [file], project);
      expect(result.status, result.output).toBe(0);
    });
  });

  it("the example rule pack's own node:test suite passes with RuleTester, and a config loads the pack", () => {
    const pack = path.join(project, 'rule-pack');
    cpSync(path.join(repositoryRoot, 'examples', 'rule-pack'), pack, { recursive: true });
    const tested = run(process.execPath, ['--test', 'test/'], pack);
    expect(tested.status, tested.output).toBe(0);
    expect(tested.stdout).toMatch(/^# pass 6$/m);
    expect(tested.stdout).toMatch(/^# fail 0$/m);
    const audited = run(process.execPath, [path.join(project, 'node_modules', 'journey-audit', 'bin', 'journey-audit.js')], path.join(pack, 'demo'));
    expect(audited.stderr).toBe('');
    expect(audited.stdout).toContain("  17:10  error    step 'order-card-in-app' charges 25 EUR, more than the 20 EUR ACME allows");
    expect(audited.status).toBe(1);
  });
});
