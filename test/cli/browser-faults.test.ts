import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repositoryRoot as repoRoot, runCli } from '../support/cli.js';

const binary = path.join(repoRoot, 'bin', 'journey-audit.js');

/**
 * A browser that cannot start, dies at once or after a while, or hangs: `render` exits 2 with the reason;
 * `report` needs no browser for its HTML (blueprints are drawn in Node), so it writes the HTML and only the
 * PDF fails, with the reason and exit 2. Neither waits for puppeteer's three-minute protocol timeout
 * (runCli gives up after 60 s, so a hang fails the test). Signals clean up the browser.
 */

const scratch = mkdtempSync(path.join(tmpdir(), 'journey-audit-browser-faults-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function script(name: string, body: string): string {
  const file = path.join(scratch, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

const journey = path.join('journeys', 'address-change.journey.yaml');
const browsers = [
  { name: '/bin/false', path: '/bin/false', reason: 'the browser exited with code 1' },
  { name: 'a browser that exits at once', path: script('exits.sh', 'echo "cannot open display" >&2\nexit 3'), reason: 'the browser exited with code 3: cannot open display' },
  { name: 'a browser that dies after a second', path: script('dies.sh', 'sleep 1\nexit 4'), reason: 'the browser exited with code 4' },
  { name: 'a browser that hangs', path: script('hangs.sh', 'exec sleep 120'), reason: 'the browser did not start within 2 s (JOURNEY_AUDIT_BROWSER_TIMEOUT sets the seconds to wait)' },
];

describe('a browser that cannot start', { timeout: 60_000 }, () => {
  for (const browser of browsers) {
    const env = { JOURNEY_AUDIT_BROWSER: browser.path, JOURNEY_AUDIT_BROWSER_TIMEOUT: '2' };
    it(`${browser.name}: render exits 2 with the reason`, () => {
      const out = path.join(scratch, `render-${path.basename(browser.path)}`);
      const run = runCli(['render', '--format', 'svg', '--out', out, journey], { env });
      expect(run.stderr).toBe(`journey-audit: cannot start the browser ${browser.path} (from JOURNEY_AUDIT_BROWSER): ${browser.reason}\n`);
      expect(run.status).toBe(2);
    });

    it(`${browser.name}: report writes its HTML and says why the PDF could not be printed`, () => {
      const out = path.join(scratch, `report-${path.basename(browser.path)}.html`);
      const pdf = path.join(scratch, `report-${path.basename(browser.path)}.pdf`);
      const run = runCli(['report', '--out', out, '--pdf', pdf, journey], { env });
      expect(run.stderr).toBe(
        `journey-audit: wrote ${out} (1 journeys, 0 not audited)\n` +
          `journey-audit: cannot write ${pdf}: cannot start the browser ${browser.path} (from JOURNEY_AUDIT_BROWSER): ${browser.reason}\n`,
      );
      expect(run.status).toBe(2);
      expect(readFileSync(out, 'utf8')).toContain('class="journey-blueprint"');
      expect(existsSync(pdf)).toBe(false);
      expect(readdirSync(scratch).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    });
  }
});

const chromium = '/usr/bin/chromium';

describe.skipIf(!existsSync(chromium))('a signal during render or report', () => {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    for (const command of ['render', 'report'] as const) {
      it(`${signal} during ${command}: the browser and its profile folder are gone, exit ${code}`, async () => {
        const temporary = path.join(scratch, `${command}-${signal}`);
        mkdirSync(temporary);
        const args = command === 'render' ? ['render', '--format', 'svg,png', '--out', path.join(temporary, 'out'), 'journeys'] : ['report', '--out', path.join(temporary, 'report.html'), '--pdf', path.join(temporary, 'report.pdf'), 'journeys'];
        const child = spawn(process.execPath, [binary, ...args], { cwd: repoRoot, env: { ...process.env, TMPDIR: temporary, JOURNEY_AUDIT_BROWSER: chromium }, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const exited = new Promise<number | null>((resolve) => child.once('exit', (status) => resolve(status)));
        // Signalled once the browser's profile folder exists and the browser has had a moment to fill it.
        for (let waited = 0; waited < 30_000 && !readdirSync(temporary).some((name) => name.startsWith('journey-audit-chromium-')); waited += 50) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        expect(readdirSync(temporary).some((name) => name.startsWith('journey-audit-chromium-'))).toBe(true);
        await new Promise((resolve) => setTimeout(resolve, 700));
        child.kill(signal);
        expect(await exited, stderr).toBe(code);
        // What is left is what was complete before the signal: render's finished pictures, report's HTML (written
        // before the browser starts for the PDF); never the PDF, a temporary file or the browser's profile.
        expect(readdirSync(temporary).filter((name) => name !== 'out' && name !== 'report.html')).toEqual([]);
        // No process is left that was started with the profile folder.
        const left = await new Promise<string>((resolve) => {
          const ps = spawn('ps', ['-eo', 'args'], { stdio: ['ignore', 'pipe', 'ignore'] });
          let text = '';
          ps.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
          ps.once('close', () => resolve(text));
        });
        expect(left.split('\n').filter((line) => line.includes(temporary))).toEqual([]);
      }, 60_000);
    }
  }
});
