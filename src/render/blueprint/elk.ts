import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Script } from 'node:vm';
import { threadId } from 'node:worker_threads';
import { renderingInstallCommand } from '../packages.js';

/**
 * elkjs, the Eclipse Layout Kernel compiled from Java to JavaScript (a 1.6 MB bundle), and the graph shape
 * the blueprint gives it. elkjs is an optional dependency, loaded only for `--view blueprint`.
 */

export interface ElkNode {
  id: string;
  width?: number;
  height?: number;
  x?: number;
  y?: number;
  children?: ElkNode[];
  edges?: Array<{ id: string; sources: string[]; targets: string[] }>;
  layoutOptions?: Record<string, string>;
}

export interface ElkLayouter {
  layout(graph: ElkNode): Promise<ElkNode>;
}

type ElkConstructor = new () => ElkLayouter;

export class MissingLayoutLibrary extends Error {}

const missingElkMessage = () => `elkjs is not installed (an optional dependency, needed for blueprints only); install with: ${renderingInstallCommand(['elkjs'])}`;

const require = createRequire(import.meta.url);
const elkBundle = 'elkjs/lib/elk.bundled.js';

export const layoutOptions: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.layering.strategy': 'LONGEST_PATH_SOURCE',
  // Unreachable steps stay in the same layering as the rest instead of a drawing of their own.
  'elk.separateConnectedComponents': 'false',
  // Only the columns are used, and the steps that share one keep their flow order: the cheapest ordering,
  // placement and routing will do (ELK's start-up in a fresh process is most of a blueprint run's time).
  'elk.layered.crossingMinimization.strategy': 'NONE',
  'elk.layered.thoroughness': '1',
  'elk.layered.nodePlacement.strategy': 'SIMPLE',
  'elk.edgeRouting': 'POLYLINE',
};

/** ELK in this thread, loaded as a plain CommonJS module. */
export function loadElk(): ElkLayouter {
  let Elk: ElkConstructor;
  try {
    // require() rather than import(): elkjs is a CommonJS bundle, and importing it as a module first
    // scans its 1.5 MB for exports (about 0.1 s).
    Elk = require(elkBundle) as ElkConstructor;
  } catch {
    throw new MissingLayoutLibrary(missingElkMessage());
  }
  return new Elk();
}

/**
 * A small journey with a decision, a loop and a step after the merge: laying it out once runs the
 * code paths (and the Java-style class set-up) that every blueprint's layout needs.
 */
export const warmUpGraph = (): ElkNode => ({
  id: 'warm-up',
  layoutOptions,
  children: Array.from({ length: 5 }, (_unused, index) => ({ id: `n${index}`, width: 100, height: 40 })),
  edges: [
    ['n0', 'n1'],
    ['n1', 'n2'],
    ['n1', 'n3'],
    ['n2', 'n4'],
    ['n3', 'n4'],
  ].map(([from, to], index) => ({ id: `e${index}`, sources: [from!], targets: [to!] })),
});

/**
 * ELK loaded through V8's code cache (W5b, the 20-blueprint run): a fresh process spends about 0.12 s of
 * CPU compiling the bundle and the functions a first layout needs; with the cache, V8 reads them back.
 * The cache sits in node_modules/.cache/journey-audit, next to elkjs and trusted as much as elkjs is,
 * one file per elkjs version, Node version and architecture. A cache that is missing, unreadable or
 * rejected by V8 (other V8 flags) only costs the compile; `saveCache`, called after a layout so that
 * the cache holds what a layout compiles, writes it again (atomically: a temporary file, then rename).
 */
export function loadElkWithCodeCache(cacheFolder?: string): { elk: ElkLayouter; cacheUsed: boolean; saveCache: () => void } {
  let file: string;
  let source: string;
  let version: string;
  try {
    file = require.resolve(elkBundle);
    source = readFileSync(file, 'utf8');
    version = (JSON.parse(readFileSync(path.join(path.dirname(file), '..', 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    throw new MissingLayoutLibrary(missingElkMessage());
  }
  // …/node_modules/elkjs/lib/elk.bundled.js -> …/node_modules/.cache/journey-audit
  const folder = cacheFolder ?? path.join(path.dirname(file), '..', '..', '.cache', 'journey-audit');
  const cacheFile = path.join(folder, `elkjs-${version}-node-${process.version}-${process.arch}.v8-code-cache`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  let script: Script;
  let elk: ElkLayouter;
  try {
    // The same wrapper Node puts around a CommonJS module.
    script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
    const module = { exports: {} as unknown };
    (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, path.dirname(file));
    elk = new (module.exports as ElkConstructor)();
  } catch {
    // As with require(): a bundle that does not load is reported as missing.
    throw new MissingLayoutLibrary(missingElkMessage());
  }
  let cacheIsCurrent = cachedData !== undefined && script.cachedDataRejected !== true;
  const saveCache = () => {
    if (cacheIsCurrent) return;
    cacheIsCurrent = true;
    // Two processes' first runs may write it at once: each has its own temporary file.
    const temporary = `${cacheFile}.${process.pid}.${threadId}.tmp`;
    try {
      mkdirSync(folder, { recursive: true });
      writeFileSync(temporary, script.createCachedData());
      renameSync(temporary, cacheFile);
    } catch {
      // A read-only install only misses the cache.
      try {
        rmSync(temporary, { force: true });
      } catch {
        // Nothing was written.
      }
    }
  };
  return { elk, cacheUsed: cacheIsCurrent, saveCache };
}
