import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The V8 code cache the blueprint layout thread loads elkjs through (W5b): a speed-up that never changes a
 * layout. Each load runs in a fresh process of the built code, as in a real run: within one process V8
 * would reuse the bundle it already compiled and never read the cache.
 */

const root = path.resolve(import.meta.dirname, '..', '..');
const elkModule = pathToFileURL(path.join(root, 'dist', 'render', 'blueprint', 'elk.js')).href;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'journey-audit-elk-cache-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const elkVersion = (JSON.parse(readFileSync(path.join(root, 'node_modules', 'elkjs', 'package.json'), 'utf8')) as { version: string }).version;
const cacheName = `elkjs-${elkVersion}-node-${process.version}-${process.arch}.v8-code-cache`;

/** Loads elkjs with the cache in `folder`, lays out the warm-up journey, saves the cache. */
function loadAndLayOut(folder: string): { cacheUsed: boolean; positions: string[] } {
  const script = `
    import { loadElkWithCodeCache, warmUpGraph } from ${JSON.stringify(elkModule)};
    const { elk, cacheUsed, saveCache } = loadElkWithCodeCache(${JSON.stringify(folder)});
    const laidOut = await elk.layout(warmUpGraph());
    saveCache();
    console.log(JSON.stringify({ cacheUsed, positions: laidOut.children.map(({ id, x, y }) => id + '@' + x + ',' + y) }));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as { cacheUsed: boolean; positions: string[] };
}

describe('elkjs through the V8 code cache', () => {
  it('writes the cache after the first layout, reads it in the next run, and lays out the same', () => {
    const folder = path.join(scratch, 'fresh', 'journey-audit');
    const first = loadAndLayOut(folder);
    expect(first.cacheUsed).toBe(false);
    expect(readdirSync(folder)).toEqual([cacheName]);
    const second = loadAndLayOut(folder);
    expect(second.cacheUsed).toBe(true);
    expect(second.positions).toEqual(first.positions);
    // The warm-up journey's five steps in four columns.
    expect(new Set(first.positions.map((node) => node.split('@')[1]!.split(',')[0])).size).toBe(4);
  });

  it('ignores a damaged cache and replaces it', () => {
    const folder = path.join(scratch, 'damaged');
    const fresh = loadAndLayOut(folder);
    writeFileSync(path.join(folder, cacheName), 'not a code cache');
    const damaged = loadAndLayOut(folder);
    expect(damaged.cacheUsed).toBe(false);
    expect(damaged.positions).toEqual(fresh.positions);
    expect(readdirSync(folder)).toEqual([cacheName]);
    expect(loadAndLayOut(folder).cacheUsed).toBe(true);
  });

  it('lays out without a cache where none can be written', () => {
    const blocker = path.join(scratch, 'a-file');
    writeFileSync(blocker, '');
    const run = loadAndLayOut(path.join(blocker, 'journey-audit'));
    expect(run.cacheUsed).toBe(false);
    expect(run.positions).toHaveLength(5);
  });
});
