import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

  for (const name of Object.keys(formatters).filter((format) => format !== 'github')) {
    it(`format ${name} prints no control characters`, () => {
      const output = formatters[name]!(results, { cwd: scratch, colors: noColors, rules: builtinRules, version: '0.0.0' });
      expect(visible(output)).toBe('[]');
    });
  }

  it('format github prints no control characters but in the file property, which names the real file', () => {
    const output = formatters.github!(results, { cwd: scratch, colors: noColors, rules: builtinRules, version: '0.0.0' });
    const lines = output.split('\n').filter((line) => line !== '');
    expect(lines.length).toBeGreaterThan(3);
    const decode = (value: string) => value.replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
    const named = new Set<string>();
    for (const line of lines) {
      const match = /^::(?:error|warning|notice) file=([^,]*),(.*)$/.exec(line);
      expect(match, line).not.toBeNull();
      named.add(decode(match![1]!));
      expect(visible(match![2]!)).toBe('[]');
    }
    // GitHub decodes only %25, %0D, %0A, %3A and %2C: any other escape would name a file that does not exist.
    expect([...named].sort()).toEqual(files.map((file) => path.relative(scratch, file)).sort());
  });

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

describe('line breaks and direction controls in names cannot forge or reorder output', { timeout: 60_000 }, () => {
  const folder = path.join(scratch, 'forged');
  mkdirSync(path.join(folder, 'journeys'), { recursive: true });
  const forgedName = 'forged\n✔ No problems in 1 journey\n.journey.yaml';
  const reversedName = 'invoice-\u202elmth.exe.journey.yaml';
  // Escapes in double quotes: the YAML carries the raw characters after parsing.
  const body = (title: string) => `journey: forged\ntitle: "${title}"\nsteps:\n  - id: start\n    name: "Start \\u2028✔ No problems \\u202e"\n    next: gone\n`;
  writeFileSync(path.join(folder, 'journeys', forgedName), body('Forged\\n✔ No problems\\u2028'));
  writeFileSync(path.join(folder, 'journeys', reversedName), body('gone\\u200f\\u061c\\u200e\\u2029\\u2066x\\u2069'));
  const invisible = /[\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

  it('stylish prints one summary line and no invisible control', () => {
    const run = runCli(['audit', 'journeys'], { cwd: folder });
    expect(run.stdout).not.toMatch(invisible);
    expect(run.stdout.split('\n').filter((line) => /^[✔✖]/.test(line))).toHaveLength(1);
    expect(run.stdout).toContain('forged\\u000a✔ No problems in 1 journey\\u000a.journey.yaml');
    expect(run.stdout).toContain('invoice-\\u202elmth.exe.journey.yaml');
  });

  it('the Markdown comment and the rendered Markdown carry no line separator or direction control', () => {
    const comment = runCli(['audit', '--format', 'markdown', 'journeys'], { cwd: folder });
    expect(comment.stdout).not.toMatch(invisible);
    expect(comment.stdout).toContain('\\u202e');
    const out = path.join(folder, 'md');
    runCli(['render', '--format', 'md', '--out', out, 'journeys'], { cwd: folder });
    const pages = readdirSync(out);
    expect(pages.length).toBeGreaterThan(0);
    for (const name of pages) expect(readFileSync(path.join(out, name), 'utf8')).not.toMatch(invisible);
  });

  it('the report shows a UTF-16 journey as text, not NUL bytes, and escapes direction controls in excerpts', () => {
    const utf16 = path.join(folder, 'utf16');
    mkdirSync(path.join(utf16, 'journeys'), { recursive: true });
    const text = 'journey: wide\nsteps:\n  - id: start\n    name: "Start \u202eevil"\n    next: gone\n';
    writeFileSync(path.join(utf16, 'journeys', 'wide.journey.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const out = path.join(utf16, 'report.html');
    const run = runCli(['report', '--no-diagrams', '--out', out, 'journeys'], { cwd: utf16 });
    expect(run.status).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).not.toContain('\u0000');
    expect(html).not.toMatch(invisible);
    expect(html).toContain('name: &quot;Start \\u202eevil&quot;');
  });
});
