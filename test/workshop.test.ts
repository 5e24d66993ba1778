import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultLimits, type RuleSetting } from '../src/config/types.js';
import { auditText } from '../src/engine/engine.js';
import { defaultSettings } from '../src/model/channels.js';
import { auditFiles, resolveConfig } from '../src/index.js';
import { buildWorkshopReport, workshopDiagrams } from '../src/workshop/index.js';
import { buildMatrix } from '../src/workshop/matrix.js';
import { builtinRules } from '../src/rules/index.js';

const file = path.join(import.meta.dirname, 'fixtures', 'report', 'retail-return.journey.yaml');

/** The matrix of the retail-return journey audited with the given rule settings (every rule on with its defaults otherwise). */
function matrixWith(settings: Record<string, RuleSetting> = {}, text = readFileSync(file, 'utf8')) {
  const rules = Object.fromEntries(builtinRules.map((rule) => [rule.meta.id, settings[rule.meta.id] ?? { severity: rule.meta.defaultSeverity, options: {} }]));
  const result = auditText(text, { file, config: { rules, settings: defaultSettings, limits: defaultLimits }, rules: builtinRules });
  const { cells } = buildMatrix([{ analysis: result.analysis!, findings: result.findings }], builtinRules.map((rule) => rule.meta));
  return cells.map((cell) => `${cell.capability} ${cell.channel} ${cell.status}${cell.drift.length > 0 ? ` drift: ${cell.drift.join(', ')}` : ''}`);
}

describe('the channel × capability matrix', () => {
  it('marks drift where the findings report it: the store asks for an approval the other channels do not', () => {
    expect(matrixWith()).toEqual(['return-item store completable drift: policy', 'return-item web completable', 'return-item phone completable']);
  });

  it('follows the rule options the user chose', () => {
    expect(matrixWith({ 'policy-drift': { severity: 'warning', options: { policies: ['fee'] } } })).toEqual([
      'return-item store completable',
      'return-item web completable',
      'return-item phone completable',
    ]);
    expect(matrixWith({ 'policy-drift': { severity: 'off', options: {} } })).toEqual(['return-item store completable', 'return-item web completable', 'return-item phone completable']);
  });

  it('leaves out drift the team accepted with a disable comment', () => {
    const text = readFileSync(file, 'utf8').replace(/^(\s*- id: approve-refund-without-receipt.*)$/m, '    # journey-audit-disable-next-line policy-drift -- agreed with the store managers\n$1');
    expect(text).toContain('journey-audit-disable-next-line');
    expect(matrixWith({}, text)).toEqual(['return-item store completable', 'return-item web completable', 'return-item phone completable']);
  });
});

describe('buildWorkshopReport', () => {
  it('builds the page from audit results alone: snippets from the kept source, the matrix, the priorities', () => {
    const config = resolveConfig(undefined, builtinRules, path.join(import.meta.dirname, 'fixtures', 'report'));
    const results = auditFiles([file], { config, keepSources: true });
    expect(results[0]!.source).toBe(readFileSync(file, 'utf8'));
    const html = buildWorkshopReport(results, { title: 'Returns', generatedAt: '2026-12-04', version: '0.0.0', rules: builtinRules, configText: 'extends: recommended\n' });
    expect(html).toContain('<title>Returns</title>');
    expect(html).toContain('drift: policy');
    // The lines around a finding are quoted from the source the audit kept.
    expect(html).toContain('&gt;   49 |   - id: approve-refund-without-receipt');
    expect(html).toContain('No diagram.');
    expect(workshopDiagrams(results).map((diagram) => diagram.file)).toEqual([file]);
  });
});
