import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliFixtures, repositoryRoot, runCli } from '../support/cli.js';

const inFixture = (name: string) => ({ cwd: path.join(cliFixtures, name) });

const refundFindings = [
  'refund.journey.yaml',
  "  1:1   error    end step 'refund-paid' exists but cannot be reached from the start step 'ask-for-refund': no customer path finishes with an outcome  missing-end",
  "  9:11  error    step 'ask-for-refund' continues to 'check-reciept', which is not a step of this journey — did you mean 'check-receipt'?  unknown-step",
  "  10:9  error    step 'check-receipt' cannot be reached from the start step 'ask-for-refund'                           unreachable-step",
  "  16:9  error    step 'refund-paid' cannot be reached from the start step 'ask-for-refund'                             unreachable-step",
];

describe('journey-audit audit', () => {
  it('exits 0 on a clean folder and says so', () => {
    const run = runCli(['.'], inFixture('clean'));
    expect(run).toEqual({ stdout: '✔ No problems in 2 journeys\n', stderr: '', status: 0 });
  });

  it('is the default command and audits journeys/ when no path is given', () => {
    const run = runCli([], inFixture('clean'));
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('journey-audit: journeys/: no such file, folder or matching journey files\n');
  });

  it('exits 1 with findings at file:line:col, grouped by file, and a summary', () => {
    const run = runCli(['audit', '.'], inFixture('findings'));
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe([...refundFindings, '', '✖ 4 problems (4 errors, 0 warnings) in 1 of 2 journeys', ''].join('\n'));
  });

  it('exits 2 on a syntax error in one of three files and still audits the others', () => {
    const run = runCli(['.'], inFixture('mixed'));
    expect(run.status).toBe(2);
    expect(run.stdout).toContain('b-broken.journey.yaml\n  5:3  error    YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]  parse\n');
    expect(run.stdout).toContain("c-refund.journey.yaml\n  1:1   error    end step 'refund-paid' exists but cannot be reached");
    expect(run.stdout).toContain('✖ 5 problems (5 errors, 0 warnings) in 2 of 3 journeys');
    expect(run.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('exits 2 on a missing path, after auditing the paths that exist', () => {
    const run = runCli(['missing.journey.yaml', '.'], inFixture('findings'));
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('journey-audit: missing.journey.yaml: no such file, folder or matching journey files\n');
    expect(run.stdout).toContain('✖ 4 problems (4 errors, 0 warnings) in 1 of 2 journeys');
  });

  it('exits 2 on an unknown rule in --rule, with a suggestion', () => {
    const run = runCli(['.', '--rule', 'unknown-stepp:off'], inFixture('findings'));
    expect(run).toEqual({ stdout: '', stderr: "journey-audit: config error: --rule 'unknown-stepp:off': unknown rule 'unknown-stepp' — did you mean 'unknown-step'?\n", status: 2 });
  });

  it('exits 2 on a bad severity in --rule', () => {
    const run = runCli(['.', '--rule', 'dead-end:fatal'], inFixture('findings'));
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("journey-audit: config error: --rule 'dead-end:fatal': expected RULE:SEVERITY with severity error, warning, info or off\n");
  });

  it('exits 2 on a bad config, pointing at the line and column', () => {
    const run = runCli(['.'], inFixture('bad-config'));
    expect(run).toEqual({
      stdout: '',
      stderr: "journey-audit: config error: journey-audit.config.yaml:4:3: unknown rule 'unknown-stepp' — did you mean 'unknown-step'?\n",
      status: 2,
    });
  });

  it('lets --rule change severities, and --fail-on decide what fails', () => {
    const asWarning = ['.', '--rule', 'unknown-step:warning', '--rule', 'unreachable-step:off', '--rule', 'missing-end:off'];
    expect(runCli(asWarning, inFixture('findings')).status).toBe(0);
    expect(runCli([...asWarning, '--fail-on', 'warning'], inFixture('findings')).status).toBe(1);
    const run = runCli(asWarning, inFixture('findings'));
    expect(run.stdout).toContain('9:11  warning  step');
    expect(run.stdout).toContain('✖ 1 problem (0 errors, 1 warning) in 1 of 2 journeys');
  });

  it('fails when warnings exceed --max-warnings', () => {
    const args = ['.', '--rule', 'unknown-step:warning', '--rule', 'unreachable-step:off', '--rule', 'missing-end:off'];
    expect(runCli([...args, '--max-warnings', '1'], inFixture('findings')).status).toBe(0);
    expect(runCli([...args, '--max-warnings', '0'], inFixture('findings')).status).toBe(1);
    expect(runCli([...args, '--max-warnings', 'many'], inFixture('findings')).status).toBe(2);
  });

  it('--quiet reports errors only', () => {
    const run = runCli(['.', '--rule', 'unknown-step:warning', '--quiet'], inFixture('findings'));
    expect(run.stdout).not.toContain('unknown-step');
    expect(run.stdout).toContain('✖ 3 problems (3 errors, 0 warnings) in 1 of 2 journeys');
    expect(run.status).toBe(1);
  });

  it('reports suppressed findings in the summary and unused disable comments as warnings', () => {
    const run = runCli(['.'], inFixture('suppressions'));
    expect(run.stdout).toBe(
      [
        'legacy.journey.yaml',
        "  1:1   error    end step 'closed' exists but cannot be reached from the start step 'submit-claim': no customer path finishes with an outcome  missing-end",
        "  11:3  warning  unused disable comment: 'dead-end' reported no problem on the next line                               unused-disable-directive",
        "  12:9  error    step 'closed' cannot be reached from the start step 'submit-claim'                                    unreachable-step",
        '',
        '✖ 3 problems (2 errors, 1 warning) in 1 of 1 journey (1 suppressed)',
        '',
      ].join('\n'),
    );
    expect(run.status).toBe(1);
  });
});

describe('output formats and colour', () => {
  it('--format json is ESLint-compatible, one object per file', () => {
    const run = runCli(['.', '--format', 'json'], inFixture('findings'));
    expect(run.status).toBe(1);
    const files = JSON.parse(run.stdout) as Array<Record<string, unknown>>;
    expect(files.map((file) => file.filePath)).toEqual(['refund.journey.yaml', 'store-pickup.journey.yaml']);
    expect(files[0]).toMatchObject({ journey: 'refund', errorCount: 4, warningCount: 0, infoCount: 0 });
    const first = (files[0]!.messages as Array<Record<string, unknown>>)[1]!;
    expect(first).toMatchObject({ ruleId: 'unknown-step', severity: 'error', line: 9, column: 11, endLine: 9, endColumn: 24, category: 'broken', journey: 'refund', step: 'ask-for-refund' });
    expect(first.fingerprint).toMatch(/^[0-9a-f]{20}$/);
  });

  it('--format json keeps suppressed findings out of messages, in suppressedMessages with their suppressions, as ESLint', () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'journey-audit-json-'));
    try {
      cpSync(path.join(cliFixtures, 'suppressions'), directory, { recursive: true });
      // The baseline accepts the unreachable step and the unused comment; the other comment silences the unknown step.
      expect(runCli(['.', '--baseline', 'baseline.json', '--update-baseline', '--rule', 'missing-end:off'], { cwd: directory }).status).toBe(0);
      writeFileSync(path.join(directory, 'broken.journey.yaml'), 'journey: broken\nsteps: [\n');
      const run = runCli(['.', '--format', 'json', '--baseline', 'baseline.json'], { cwd: directory });
      expect(run.status).toBe(2);
      const files = JSON.parse(run.stdout) as Array<{ filePath: string; messages: Array<Record<string, unknown>>; suppressedMessages: Array<Record<string, unknown>>; errorCount: number; fatalErrorCount: number; warningCount: number }>;
      const byFile = Object.fromEntries(files.map((file) => [file.filePath, file]));
      const legacy = byFile['legacy.journey.yaml']!;
      expect(legacy.messages.map((message) => `${message.line}:${message.column} ${message.ruleId} ${message.severity}`)).toEqual(['1:1 missing-end error']);
      expect(legacy.suppressedMessages.map((message) => [`${message.line}:${message.column} ${message.ruleId}`, message.suppressions])).toEqual([
        ['10:11 unknown-step', [{ kind: 'directive', justification: 'replaced by the new intake in Q3' }]],
        ['11:3 unused-disable-directive', [{ kind: 'external', justification: 'recorded in the baseline' }]],
        ['12:9 unreachable-step', [{ kind: 'external', justification: 'recorded in the baseline' }]],
      ]);
      expect(legacy).toMatchObject({ errorCount: 1, fatalErrorCount: 0, warningCount: 0 });
      expect(legacy.messages.some((message) => 'suppressions' in message || 'fatal' in message)).toBe(false);
      const broken = byFile['broken.journey.yaml']!;
      expect(broken.messages).toHaveLength(1);
      expect(broken.messages[0]).toMatchObject({ ruleId: 'parse', severity: 'error', fatal: true, line: 3, column: 1 });
      expect(broken).toMatchObject({ errorCount: 1, fatalErrorCount: 1, suppressedMessages: [] });
      // What the jq counted: errors among messages are the errors that failed the run.
      expect(files.flatMap((file) => file.messages).filter((message) => message.severity === 'error')).toHaveLength(2);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
    }, 30_000);

  it('--format junit: a run that exits 0 has no failed test, its warnings in system-out, and times', () => {
    const run = runCli(['journeys/retail-return.journey.yaml', '--format', 'junit']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/<testsuites name="journey-audit" tests="2" failures="0" errors="0" skipped="0" time="\d+\.\d{3}">/);
    expect(run.stdout).not.toContain('<failure');
    expect(run.stdout.match(/<system-out>journeys\/retail-return\.journey\.yaml:49:9 warning /g)).toHaveLength(2);
    expect(run.stdout.match(/<testcase [^>]* time="\d+\.\d{3}"/g)).toHaveLength(2);
    // Past --max-warnings the warnings fail the run, and the report says so.
    const strict = runCli(['journeys/retail-return.journey.yaml', '--format', 'junit', '--max-warnings', '1']);
    expect(strict.status).toBe(1);
    expect(strict.stdout).toMatch(/<testsuites name="journey-audit" tests="2" failures="2" /);
    }, 30_000);

  it('--output writes the report to a file and nothing to stdout', () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'journey-audit-output-'));
    try {
      const target = path.join(directory, 'audit.json');
      const run = runCli(['.', '--format', 'json', '--output', target], inFixture('findings'));
      expect(run.stdout).toBe('');
      expect(run.status).toBe(1);
      expect(JSON.parse(readFileSync(target, 'utf8'))).toHaveLength(2);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('uses colour only when forced or on a terminal, and never with NO_COLOR or --no-color', () => {
    const forced = runCli(['.'], { ...inFixture('findings'), env: { FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain('\u001b[31merror');
    expect(runCli(['.'], inFixture('findings')).stdout).not.toContain('\u001b[');
    expect(runCli(['.'], { ...inFixture('findings'), env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stdout).not.toContain('\u001b[');
    expect(runCli(['.', '--no-color'], { ...inFixture('findings'), env: { FORCE_COLOR: '1' } }).stdout).not.toContain('\u001b[');
  });

  it('rejects an unknown format with exit 2', () => {
    const run = runCli(['.', '--format', 'xml'], inFixture('findings'));
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("error: option '-f, --format <name>' argument 'xml' is invalid.");
  });
});

describe('--print-config', () => {
  it('shows the effective rules for a file', () => {
    const run = runCli(['--print-config', 'store-pickup.journey.yaml', '--rule', 'dead-end:warning'], inFixture('clean'));
    expect(run.status).toBe(0);
    const printed = JSON.parse(run.stdout) as { rules: Record<string, unknown>; configFile: string | null };
    expect(printed.configFile).toBeNull();
    expect(printed.rules['dead-end']).toBe('warning');
    expect(printed.rules['unknown-step']).toBe('error');
  });
});

describe('journey-audit init', () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'journey-audit-init-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('writes a config and a sample journey that audits clean, and refuses to overwrite them', () => {
    const first = runCli(['init'], { cwd: directory });
    expect(first).toEqual({
      stdout: "created journey-audit.config.yaml\ncreated journeys/example.journey.yaml\nnext: run 'npx journey-audit' to audit journeys/\n",
      stderr: '',
      status: 0,
    });
    // The editor's schema is a file that exists offline: this package's own schema, relative to the journey.
    const journeyText = readFileSync(path.join(directory, 'journeys', 'example.journey.yaml'), 'utf8');
    const modeline = /^# yaml-language-server: \$schema=(\S+)\n/.exec(journeyText);
    expect(modeline?.[1]).not.toMatch(/^[a-z]+:/);
    expect(path.resolve(directory, 'journeys', modeline![1]!)).toBe(path.join(repositoryRoot, 'src', 'schema', 'journey.schema.json'));
    const audit = runCli([], { cwd: directory });
    expect(audit.stdout).toBe('✔ No problems in 1 journey\n');
    expect(audit.status).toBe(0);
    const before = readFileSync(path.join(directory, 'journey-audit.config.yaml'), 'utf8');
    const second = runCli(['init'], { cwd: directory });
    expect(second.status).toBe(2);
    expect(second.stderr).toBe(
      'journey-audit: journey-audit.config.yaml already exists; not overwritten\njourney-audit: journeys/example.journey.yaml already exists; not overwritten\n',
    );
    expect(readFileSync(path.join(directory, 'journey-audit.config.yaml'), 'utf8')).toBe(before);
  });
});

describe('config discovery', () => {
  it('finds journey-audit.config.yaml in a parent folder', () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'journey-audit-config-'));
    try {
      cpSync(path.join(cliFixtures, 'findings'), path.join(directory, 'nested', 'journeys'), { recursive: true });
      const config = 'rules:\n  unknown-step: warning\n';
      writeFileSync(path.join(directory, 'journey-audit.config.yaml'), config);
      const run = runCli(['journeys'], { cwd: path.join(directory, 'nested') });
      // Only unknown-step is configured (no extends), as a warning: exit 0.
      expect(run.stdout).toContain('✖ 1 problem (0 errors, 1 warning) in 1 of 2 journeys');
      expect(run.status).toBe(0);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('the README', () => {
  it('shows the real audit of the bundled journeys', () => {
    const readme = readFileSync(path.join(cliFixtures, '..', '..', '..', 'README.md'), 'utf8');
    const shown = /<!-- audit:start -->\n```text\n\$ npx journey-audit\n([\s\S]*?)```\n<!-- audit:end -->/.exec(readme)?.[1];
    const run = runCli([]);
    expect(run.status).toBe(1);
    expect(shown).toBe(run.stdout);
  });
});
