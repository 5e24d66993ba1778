import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../src/rules/index.js';
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
    expect(json.map((entry) => entry.id)).toEqual(builtinRules.map((rule) => rule.meta.id));
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
