import { spawn } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = path.resolve(import.meta.dirname, '..', '..', 'bin', 'journey-audit.js');

const journey = (id: string, lastKind: 'end' | 'action') => `journey: ${id}
steps:
  - id: ask
    actor: customer
    next: answer
  - id: answer
    kind: ${lastKind}
${lastKind === 'end' ? '    outcome: resolved\n' : ''}`;

/** A running `audit --watch`: its output so far, and a way to wait for the n-th completed run. */
function startWatch(folder: string) {
  const child = spawn(process.execPath, [bin, 'audit', '--watch', '--no-color', '--rule', 'missing-end:off', folder], { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const runs = () => stderr.split('\n').filter((line) => line.includes('Press Ctrl-C to stop')).length;
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    exit,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    /** Waits until `count` runs have printed their results. */
    async runs(count: number): Promise<void> {
      const deadline = Date.now() + 10_000;
      while (runs() < count) {
        if (Date.now() > deadline) throw new Error(`watch did not print run ${count}; stderr:\n${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}

describe('audit --watch', () => {
  it('re-audits changed, deleted and renamed files and stops cleanly on Ctrl-C', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'journey-audit-watch-'));
    writeFileSync(path.join(folder, 'a.journey.yaml'), journey('alpha', 'end'));
    writeFileSync(path.join(folder, 'b.journey.yaml'), journey('beta', 'end'));
    const watcher = startWatch(folder);
    try {
      await watcher.runs(1);
      expect(watcher.stdout).toBe('✔ No problems in 2 journeys\n');

      // A change that breaks a journey: the new finding is printed.
      let before = watcher.stdout.length;
      writeFileSync(path.join(folder, 'a.journey.yaml'), journey('alpha', 'action'));
      await watcher.runs(2);
      expect(watcher.stdout.slice(before)).toContain("6:9  error    step 'answer' has no `next` and is not an end step");
      expect(watcher.stdout.slice(before)).toContain('✖ 1 problem (1 error, 0 warnings) in 1 of 2 journeys');
      expect(watcher.stderr).toMatch(/watching 2 journeys; audited 1 in \d+ ms/);

      // A second journey with the same id: the check across journeys runs again from the cache.
      before = watcher.stdout.length;
      writeFileSync(path.join(folder, 'c.journey.yaml'), journey('beta', 'end'));
      await watcher.runs(3);
      expect(watcher.stdout.slice(before)).toContain("journey id 'beta' is already used by b.journey.yaml");

      // Deleting the duplicate and the broken file leaves one clean journey.
      before = watcher.stdout.length;
      rmSync(path.join(folder, 'c.journey.yaml'));
      rmSync(path.join(folder, 'a.journey.yaml'));
      await watcher.runs(4);
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(watcher.stdout.slice(before).trim().split('\n').at(-1)).toBe('✔ No problems in 1 journey');

      // A rename keeps the journey; a half-written file is a parse error, not a crash.
      before = watcher.stdout.length;
      renameSync(path.join(folder, 'b.journey.yaml'), path.join(folder, 'renamed.journey.yaml'));
      writeFileSync(path.join(folder, 'half.journey.yaml'), 'journey: half\nsteps:\n  - id: [');
      const runsSoFar = watcher.stderr.split('\n').filter((line) => line.includes('Ctrl-C')).length;
      await watcher.runs(runsSoFar + 1);
      await new Promise((resolve) => setTimeout(resolve, 150));
      const latest = watcher.stdout.slice(before);
      expect(latest).toContain('half.journey.yaml');
      expect(latest).toContain('YAML syntax error');
      expect(latest.trim().split('\n').at(-1)).toBe('✖ 1 problem (1 error, 0 warnings) in 1 of 2 journeys');
      expect(watcher.stderr).not.toMatch(/internal error|at .*\.js:\d+/);

      watcher.child.kill('SIGINT');
      expect(await watcher.exit).toBe(0);
      expect(watcher.stderr).toContain('journey-audit: stopped watching');
    } finally {
      watcher.child.kill('SIGKILL');
    }
  }, 30_000);
});
