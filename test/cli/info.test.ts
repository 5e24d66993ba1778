import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { builtinRules } from '../../src/rules/index.js';
import { replayRules } from '../../src/replay/rules/index.js';
import { repositoryRoot, runCli } from '../support/cli.js';

const packageVersion = (JSON.parse(readFileSync(path.join(repositoryRoot, 'package.json'), 'utf8')) as { version: string }).version;

describe('information commands', () => {
  it('--version prints the package version', () => {
    expect(runCli(['--version'])).toEqual({ stdout: `${packageVersion}\n`, stderr: '', status: 0 });
  });

  it('--help lists the commands and exits 0', () => {
    const run = runCli(['--help']);
    expect(run.status).toBe(0);
    for (const command of ['audit', 'validate', 'rules', 'explain', 'schema', 'init']) expect(run.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });

  it('--help shows the options of the default command (audit), every one of them', () => {
    const run = runCli(['--help']);
    expect(run.status).toBe(0);
    const section = run.stdout.slice(run.stdout.indexOf('Options of the default command (audit):\n'));
    expect(section).not.toBe('');
    const audit = buildProgram().commands.find((command) => command.name() === 'audit')!;
    for (const option of audit.options) expect(section).toMatch(new RegExp(`^  (-\\w, )?${option.long}\\b`, 'm'));
    expect(section).not.toContain('--help');
    expect(run.stdout).toMatch(/^Usage: journey-audit \[options\] \[paths\.\.\.\]/);
    expect(runCli(['-h']).stdout).toBe(run.stdout);
  });

  it('an unknown option is a usage error (exit 2)', () => {
    const run = runCli(['--bogus']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("error: unknown option '--bogus'\n");
  });

  it('rules prints the catalog with every registered rule', () => {
    const run = runCli(['rules']);
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^rule\s+category\s+severity\s+description$/);
    for (const rule of builtinRules) {
      expect(run.stdout).toMatch(new RegExp(`^${rule.meta.id}\\s+\\S.*\\s${rule.meta.defaultSeverity}\\s+${rule.meta.description.replace(/[.*+?^${}()|[\]\\`]/g, '\\$&')}$`, 'm'));
    }
    expect(run.stdout).toContain(`${builtinRules.length} rules.`);
    const json = JSON.parse(runCli(['rules', '--format', 'json']).stdout) as Array<{ id: string }>;
    // The replay rules follow, in a section of their own in the table and with category 'replay' in JSON.
    expect(json.map((entry) => entry.id)).toEqual([...builtinRules, ...replayRules].map((rule) => rule.meta.id));
  });

  it('explain prints the rule page with a bad and a good example from its fixtures', () => {
    const run = runCli(['explain', 'unknown-step']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(readFileSync(path.join(repositoryRoot, 'docs', 'rules', 'unknown-step.md'), 'utf8'));
    expect(run.stdout).toContain('## Why it matters');
    expect(run.stdout).toContain('## Example: flagged');
    expect(run.stdout).toContain('## Example: not flagged');
    expect(run.stdout).toContain('  # <- reported here');
  });

  it('explain renders the Markdown on a terminal: headings and bold styled, no Markdown marks', () => {
    const plain = readFileSync(path.join(repositoryRoot, 'docs', 'rules', 'silent-wait.md'), 'utf8');
    const check = (text: string) => {
      expect(text).toContain('\u001b[1m\u001b[4msilent-wait\u001b[24m\u001b[22m');
      expect(text).toContain('\u001b[1mWhy it matters\u001b[22m');
      expect(text).toContain('\u001b[1mwarning\u001b[22m');
      expect(text).not.toMatch(/^#+ /m);
      expect(text).not.toContain('**');
      expect(text).not.toBe(plain);
    };
    // FORCE_COLOR stands for a terminal, as it does for the findings.
    const forced = runCli(['explain', 'silent-wait'], { env: { FORCE_COLOR: '1' } });
    expect(forced.status).toBe(0);
    check(forced.stdout);
    // And on a real pseudo-terminal (util-linux `script`).
    const tty = spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(repositoryRoot, 'bin', 'journey-audit.js'))} explain silent-wait`, '/dev/null'], {
      encoding: 'utf8',
      env: Object.fromEntries(Object.entries(process.env).filter(([key]) => !['NO_COLOR', 'FORCE_COLOR'].includes(key))),
    });
    if (tty.error) throw new Error(`'script' (util-linux) is needed to run a command on a pseudo-terminal: ${tty.error.message}`);
    check(tty.stdout);
    // Piped, or with NO_COLOR, it stays the Markdown of docs/rules.
    expect(runCli(['explain', 'silent-wait']).stdout).toBe(plain);
    expect(runCli(['explain', 'silent-wait'], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stdout).toBe(plain);
    }, 60_000);

  it("explain covers the engine's own checks too", () => {
    const run = runCli(['explain', 'unused-disable-directive']);
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n').slice(0, 3)).toEqual(['# unused-disable-directive', '', '**Suppression** · always **warning**']);
    expect(run.stdout).toContain('## How to fix it');
  });

  it('explain of an unknown rule suggests the closest one and exits 2', () => {
    expect(runCli(['explain', 'dead-ends'])).toEqual({
      stdout: '',
      stderr: "journey-audit: unknown rule 'dead-ends' — did you mean 'dead-end'?; 'journey-audit rules' lists them all\n",
      status: 2,
    });
  });

  it('schema prints the journey JSON Schema', () => {
    const run = runCli(['schema']);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(readFileSync(path.join(repositoryRoot, 'src', 'schema', 'journey.schema.json'), 'utf8')));
  });
});
