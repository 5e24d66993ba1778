import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditFiles, auditText, resolveConfig } from '../src/index.js';

describe('auditFiles', () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'journey-audit-files-'));
  const write = (name: string, text: string) => {
    const file = path.join(folder, name);
    writeFileSync(file, text);
    return file;
  };
  const files = [
    write('a.journey.yaml', 'journey: same\nsteps:\n  - id: start\n    next: done\n  - id: done\n    kind: end\n'),
    write('b.journey.yaml', 'journey: same\nsteps:\n  - id: start\n    next: nowhere\n'),
    write('c.journey.yaml', 'journey: same\nsteps: [\n'),
  ];
  const config = resolveConfig(undefined, undefined, folder);
  const summary = (results: ReturnType<typeof auditFiles>) =>
    results.map((result) => `${path.basename(result.file)} ${result.findings.map((finding) => `${finding.line}:${finding.column} ${finding.ruleId}`).join(', ')}`);

  it('keeps each journey graph by default', () => {
    const results = auditFiles(files, { config });
    expect(results.map((result) => result.model?.steps.length)).toEqual([2, 1, undefined]);
  });

  it('without models reports the same findings, duplicate journey ids included', () => {
    const kept = auditFiles(files, { config });
    const dropped = auditFiles(files, { config, keepModels: false });
    expect(dropped.map((result) => result.model)).toEqual([undefined, undefined, undefined]);
    expect(summary(dropped)).toEqual(summary(kept));
    expect(summary(dropped)[1]).toContain('1:10 schema');
    expect(dropped.map((result) => result.inputError)).toEqual([false, true, true]);
  });
});

describe('the API without a config', () => {
  const journey = 'journey: lost\nsteps:\n  - id: start\n    next: nowhere\n  - id: nowhere\n    kind: action\n';

  it('auditText applies the recommended preset', () => {
    const result = auditText(journey);
    expect(result.file).toBe('<text>');
    expect(result.findings.map((finding) => `${finding.line}:${finding.column} ${finding.ruleId} ${finding.severity}`)).toEqual(
      auditText(journey, { config: resolveConfig(undefined, undefined, os.tmpdir()) }).findings.map((finding) => `${finding.line}:${finding.column} ${finding.ruleId} ${finding.severity}`),
    );
    expect(result.findings.some((finding) => finding.ruleId === 'dead-end' && finding.severity === 'error' && finding.line === 5)).toBe(true);
  });

  it('auditText takes a file name and a loaded config', () => {
    const config = resolveConfig(undefined, undefined, os.tmpdir());
    const result = auditText(journey, { file: 'lost.journey.yaml', config, cliRules: { 'dead-end': { severity: 'off', options: {} } } });
    expect(result.file).toBe('lost.journey.yaml');
    expect(result.findings.some((finding) => finding.ruleId === 'dead-end')).toBe(false);
  });

  it('auditFiles applies the recommended preset', () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'journey-audit-api-'));
    const file = path.join(folder, 'lost.journey.yaml');
    writeFileSync(file, journey);
    const [result] = auditFiles([file]);
    expect(result!.findings.filter((finding) => finding.severity === 'error').map((finding) => `${finding.line}:${finding.column} ${finding.ruleId}`)).toContain('5:9 dead-end');
  });
});
