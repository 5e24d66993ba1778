import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { journeyYaml } from '../bench/generate.js';
import { defaultLimits, type EffectiveConfig } from '../src/config/types.js';
import { auditText, type AuditedFile } from '../src/engine/engine.js';
import { checkProject } from '../src/engine/project.js';
import { defaultSettings } from '../src/model/channels.js';
import { json } from '../src/formatters/json.js';
import { noColors } from '../src/formatters/types.js';
import { builtinRules } from '../src/rules/index.js';

/**
 * Speed work must not change a byte of what the audit reports. The `--format json` output of the bundled journeys,
 * the rule fixtures and a few generated journeys is kept in a file; it was written by the engine before its hot paths
 * were rewritten (fingerprints, message templates, the model). The rules are pinned, so the file does not move when
 * the catalog grows; when a pinned rule changes on purpose, update the file with `npx vitest run -u`.
 */
const pinned = [
  'unknown-step', 'unreachable-step', 'dead-end', 'trap-loop', 'missing-end', 'decision-without-branches', 'no-human-escape',
  'unanswered-contact', 'fail-point-unhandled', 'unowned-step', 'silent-wait', 'capability-gap', 'forced-channel-switch',
  'message-drift', 'policy-drift', 'sla-drift', 'data-silo', 'outcome-mismatch',
];
const rules = builtinRules.filter((rule) => pinned.includes(rule.meta.id));
const config: EffectiveConfig = {
  rules: Object.fromEntries(rules.map((rule) => [rule.meta.id, { severity: rule.meta.defaultSeverity, options: {} }])),
  settings: defaultSettings,
  limits: defaultLimits,
};

const root = path.join(import.meta.dirname, '..');
function journeyFiles(folder: string): string[] {
  return readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.journey.yaml'))
    .map((name) => `${folder}/${name.split(path.sep).join('/')}`)
    .sort();
}

describe('audit output', () => {
  it('is byte-identical to the output before the speed work', async () => {
    const inputs: Array<[string, string]> = [
      ...journeyFiles('journeys'),
      ...pinned.flatMap((id) => journeyFiles(`test/fixtures/rules/${id}`)),
      ...journeyFiles('test/fixtures/fingerprints'),
    ].map((file) => [file, readFileSync(path.join(root, file), 'utf8')]);
    for (const [seed, steps] of [[3, 40], [4, 120], [5, 400]] as const) {
      inputs.push([`generated-${seed}.journey.yaml`, journeyYaml({ seed, steps, name: `generated-${seed}` })]);
    }
    // Suppressed findings and unused directives, so the comment scan is covered too.
    const [, text] = inputs.find(([name]) => name === 'generated-3.journey.yaml')!;
    inputs.push([
      'suppressed.journey.yaml',
      `# journey-audit-disable-file unowned-step -- owners are assigned later\n# journey-audit-disable-file trap-loop\n${text.replace(/\n {2}- id: step-000002\n/, '\n  # journey-audit-disable-next-line\n  - id: step-000002\n')}`,
    ]);
    const results: AuditedFile[] = inputs.map(([name, source]) => auditText(source, { file: name, config, rules }));
    checkProject(results);
    expect(results.reduce((count, result) => count + result.findings.length, 0)).toBeGreaterThan(300);
    const output = json(results, { cwd: root, colors: noColors, rules, version: '0.0.0' });
    await expect(output).toMatchFileSnapshot('fixtures/output/audit.json');
  });
});
