import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileAtomic, writeFileAtomic } from '../src/util/atomic-write.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'journey-audit-atomic-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const size = 16 * 1024 * 1024;

/** What the target holds: which complete content, or a description of the damage. */
function describeTarget(file: string): string {
  const bytes = readFileSync(file);
  if (bytes.length === 'old'.length && bytes.toString() === 'old') return 'old';
  if (bytes.length !== size) return `partial: ${bytes.length} bytes`;
  const first = bytes[0]!;
  if (first !== 0x61 && first !== 0x62) return 'garbage';
  return bytes.every((byte) => byte === first) ? 'complete' : 'mixed';
}

describe('atomic writes', () => {
  it.each([['writeFileAtomic', 'sync', 'report.html'], ['writeFileAtomicAsync', 'async', 'page.svg']])('%s killed at random moments leaves the complete old or new content, never a partial file', async (_name, mode, name) => {
    const folder = path.join(scratch, mode);
    mkdirSync(folder);
    const target = path.join(folder, name);
    writeFileSync(target, 'old');
    const outcomes: string[] = [];
    for (let attempt = 0; attempt < 8; attempt++) {
      const child = fork(path.join(import.meta.dirname, 'support', 'atomic-writer.mjs'), [target, String(size), mode], { stdio: 'ignore' as never });
      await new Promise<void>((resolve) => child.once('message', () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 300));
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      outcomes.push(describeTarget(target));
    }
    expect(outcomes.filter((outcome) => outcome !== 'complete' && outcome !== 'old')).toEqual([]);
    // Whatever a kill leaves behind is a hidden temporary file beside the target, never the target itself.
    const others = readdirSync(folder).filter((entry) => entry !== name);
    expect(others.filter((entry) => !new RegExp(`^\\.${name.replace('.', '\\.')}\\.\\d+\\.[a-z0-9]+\\.tmp$`).test(entry))).toEqual([]);
  }, 60_000);

  it('createFileAtomic never replaces an existing file', () => {
    const target = path.join(scratch, 'config.yaml');
    createFileAtomic(target, 'first');
    expect(() => createFileAtomic(target, 'second')).toThrow(/EEXIST/);
    expect(readFileSync(target, 'utf8')).toBe('first');
    writeFileAtomic(target, 'third');
    expect(readFileSync(target, 'utf8')).toBe('third');
    expect(readdirSync(scratch).filter((name) => name.startsWith('.config.yaml'))).toEqual([]);
  });
});
