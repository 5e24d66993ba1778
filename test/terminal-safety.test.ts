import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load.js';
import { auditFiles } from '../src/index.js';
import { formatters } from '../src/formatters/index.js';
import { noColors } from '../src/formatters/types.js';
import { builtinRules } from '../src/rules/index.js';
import { runCli } from './support/cli.js';
import { hostileFixtures } from './support/hostile.js';

/** Characters that drive a terminal: C0 controls but tab and newline, DEL, C1 controls. */
// eslint-disable-next-line no-control-regex
const terminalControl = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

const scratch = mkdtempSync(path.join(tmpdir(), 'journey-audit-terminal-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const evilName = '\u001b]0;owned\u0007\u001b[2J.journey.yaml';
mkdirSync(path.join(scratch, 'journeys'));
for (const name of ['terminal-escapes.journey.yaml', 'terminal-escapes-raw.journey.yaml']) copyFileSync(path.join(hostileFixtures, name), path.join(scratch, 'journeys', name));
writeFileSync(path.join(scratch, 'journeys', evilName), 'journey: "named\\e[31m"\nsteps:\n  - id: start\n    next: "gone\\e[2J"\n');

function visible(text: string): string {
  return JSON.stringify(text.match(new RegExp(terminalControl.source, 'g')) ?? []);
}

describe('a hostile journey cannot drive the terminal', { timeout: 60_000 }, () => {
  const files = ['terminal-escapes.journey.yaml', 'terminal-escapes-raw.journey.yaml', evilName].map((name) => path.join(scratch, 'journeys', name));
  const results = auditFiles(files, { config: loadConfig(undefined, builtinRules, scratch) });

  it('the hostile text reaches the findings (so the checks below mean something)', () => {
    expect(results.flatMap((result) => result.findings).some((finding) => terminalControl.test(finding.message))).toBe(true);
  });

  for (const name of Object.keys(formatters)) {
    it(`format ${name} prints no control characters`, () => {
      const output = formatters[name]!(results, { cwd: scratch, colors: noColors, rules: builtinRules, version: '0.0.0' });
      expect(visible(output)).toBe('[]');
    });
  }

  it('the CLI prints none on stdout or stderr, whatever the command', () => {
    const runs = [
      runCli(['audit', 'journeys'], { cwd: scratch }),
      runCli(['validate', 'journeys'], { cwd: scratch }),
      runCli(['audit', `missing\u001b[2J.journey.yaml`], { cwd: scratch }),
      runCli(['audit', '--config', `bad\u001b[2J.yaml`, 'journeys'], { cwd: scratch }),
      runCli(['explain', 'dead-end\u001b[2J'], { cwd: scratch }),
      runCli(['audit', '--output', `no-such-folder/\u001b[2J/report.txt`, 'journeys'], { cwd: scratch }),
    ];
    const config = path.join(scratch, 'evil-config');
    mkdirSync(config);
    writeFileSync(path.join(config, 'journey-audit.config.yaml'), 'rules:\n  "dead-end\\e[2J": error\nplugins: [./evil.mjs]\n');
    writeFileSync(path.join(config, 'evil.mjs'), "export default { meta: { id: 'evil-rule', category: 'broken', defaultSeverity: 'error', description: 'Clears \\u001b[2J the screen \\u009b', messages: {} }, check() {} };");
    runs.push(runCli(['audit'], { cwd: config }));
    writeFileSync(path.join(config, 'journey-audit.config.yaml'), 'plugins: [./evil.mjs]\n');
    runs.push(runCli(['rules'], { cwd: config }), runCli(['explain', 'evil-rule'], { cwd: config }));
    expect(runs.map((run) => `${run.status} ${visible(run.stdout)} ${visible(run.stderr)}`)).toEqual([
      '2 [] []',
      '2 [] []',
      '2 [] []',
      '2 [] []',
      '2 [] []',
      '2 [] []',
      '2 [] []',
      '0 [] []',
      '0 [] []',
    ]);
    // The escapes are shown, harmlessly, as text.
    expect(runs[0]!.stdout).toContain('\\u001b]0;owned\\u0007\\u001b[2J.journey.yaml');
    expect(runs[7]!.stdout).toContain('Clears \\u001b[2J the screen \\u009b');
  }, 60_000);
});
