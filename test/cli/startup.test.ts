import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { journeyYaml } from '../../bench/generate.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const bin = path.join(root, 'bin', 'journey-audit.js');
const preload = path.join(root, 'test', 'support', 'import-log.mjs');

/** Runs the CLI with the import log preloaded; returns the exit code and every module it loaded. */
function modulesLoadedBy(args: string[]): { status: number | null; modules: string[] } {
  const folder = mkdtempSync(path.join(tmpdir(), 'journey-audit-startup-'));
  const log = path.join(folder, 'modules.log');
  writeFileSync(log, '');
  const run = spawnSync(process.execPath, ['--import', preload, bin, ...args], { cwd: folder, encoding: 'utf8', env: { ...process.env, JOURNEY_AUDIT_IMPORT_LOG: log } });
  return { status: run.status, modules: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

// The model importers (bpmn-moddle, saxes) load only when a model file is audited or imported.
const heavy = /node_modules\/(@mermaid-js|puppeteer|puppeteer-core|ora|chromium-bidi|@duckdb|bpmn-moddle|moddle|moddle-xml|saxes|saxen)\//;

describe('startup path', () => {
  it('audits one small journey without loading mermaid-cli, puppeteer, ora or the ajv compiler', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'journey-audit-small-'));
    const file = path.join(folder, 'small.journey.yaml');
    writeFileSync(file, journeyYaml({ seed: 3, steps: 20, name: 'small', defects: false }));
    const { status, modules } = modulesLoadedBy([file]);
    // Exit 1 is fine: the generated journey may have findings; what matters is what was loaded.
    expect([0, 1]).toContain(status);
    // The log works: it saw the CLI, the parser and the precompiled journey validator.
    expect(modules.some((url) => url.endsWith('/dist/cli/main.js'))).toBe(true);
    expect(modules.some((url) => url.endsWith('/dist/parse/fast-yaml.js'))).toBe(true);
    expect(modules.some((url) => url.endsWith('/dist/schema/journeyHeader.validate.cjs'))).toBe(true);
    expect(modules.filter((url) => heavy.test(url))).toEqual([]);
    expect(modules.filter((url) => /node_modules\/ajv\/dist\/(ajv|core)\.js$/.test(url))).toEqual([]);
  });

  it('prints the version loading neither the audit nor yaml', () => {
    const { status, modules } = modulesLoadedBy(['--version']);
    expect(status).toBe(0);
    expect(modules.some((url) => url.endsWith('/dist/cli/main.js'))).toBe(true);
    expect(modules.filter((url) => heavy.test(url) || /node_modules\/(yaml|ajv)\//.test(url) || url.endsWith('/dist/cli/audit-command.js'))).toEqual([]);
  });
});
