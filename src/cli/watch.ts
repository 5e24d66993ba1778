import { statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { isIgnored, type LoadedConfig } from '../config/load.js';
import type { AuditedFile } from '../engine/engine.js';
import { checkProject } from '../engine/project.js';
import { ExitCode } from '../exit-codes.js';
import { discoverJourneyFiles, type Discovery } from '../files/discover.js';
import { auditFile } from '../engine/audit.js';
import { neutraliseControlCharacters } from '../util/text.js';
import { loadRunConfig, readRuleFlags, reloadRunConfig, type AuditCliOptions } from './options.js';
import { writeReport } from './output.js';

/** Quiet time after the last file event before re-auditing: editors write a file in several steps. */
const debounceMs = 15;
const clearScreen = '\x1b[2J\x1b[3J\x1b[H';

/** The folder to watch for an input: a folder itself, a file's folder, a glob's fixed prefix, or the nearest existing ancestor. */
function watchRoot(input: string): { root: string; recursive: boolean; only?: string } {
  const absolute = path.resolve(input);
  try {
    if (statSync(absolute).isDirectory()) return { root: absolute, recursive: true };
    return { root: path.dirname(absolute), recursive: false, only: path.basename(absolute) };
  } catch {
    // A glob or a path that does not exist yet: watch from the deepest folder that exists.
    let root = absolute;
    const globAt = root.search(/[*?[\]{}!]/);
    if (globAt !== -1) root = root.slice(0, globAt);
    for (;;) {
      try {
        if (statSync(root).isDirectory()) return { root, recursive: true };
      } catch {
        // keep climbing
      }
      const parent = path.dirname(root);
      if (parent === root) return { root, recursive: true };
      root = parent;
    }
  }
}

/**
 * `audit --watch`: audits once, then re-audits on every change until Ctrl-C. Incremental: only the
 * files named by file events are read and parsed again; the others keep their cached results, and
 * the checks across journeys (unique ids) are recomputed from the cached results on every run.
 */
export async function runWatch(paths: string[], options: AuditCliOptions, mode: { validateOnly: boolean }): Promise<number> {
  const loaded = await loadRunConfig(options);
  if (!loaded) return ExitCode.InputError;
  // Plugins are loaded once: a module cannot be imported afresh, so the rules stay those of the first load.
  const { rules, packPresets } = loaded;
  const cliRules = readRuleFlags(options, rules);
  if (!cliRules) return ExitCode.InputError;
  let config: LoadedConfig = loaded.config;
  const configFile = config.file ? path.resolve(config.file) : undefined;

  const cache = new Map<string, AuditedFile>();
  const changed = new Set<string>();
  let discovery: Discovery = { files: [], missing: [] };
  let needsDiscovery = true;
  let auditEverything = true;
  let running = false;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const clear = Boolean(process.stdout.isTTY) && !options.output;

  // The cache holds findings only: the formatters never read the journey graphs.
  const auditOptions = () => ({ config, rules, cliRules, keepModels: false, ...(mode.validateOnly ? { validateOnly: true } : {}) });

  async function run(): Promise<void> {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      const started = performance.now();
      if (needsDiscovery || auditEverything) {
        needsDiscovery = false;
        discovery = await discoverJourneyFiles(paths);
        const present = new Set(discovery.files);
        for (const file of cache.keys()) if (!present.has(file)) cache.delete(file);
      }
      let audited = 0;
      const results: AuditedFile[] = [];
      for (const file of discovery.files) {
        if (isIgnored(config, file)) continue;
        let result = cache.get(file);
        if (!result || auditEverything || changed.has(path.resolve(file))) {
          result = auditFile(file, auditOptions());
          cache.set(file, result);
          audited++;
        }
        // Project checks add findings in place: give them copies, so the cache keeps per-file results.
        results.push({ ...result, findings: [...result.findings] });
      }
      changed.clear();
      auditEverything = false;
      checkProject(results);

      if (clear) process.stdout.write(clearScreen);
      for (const missing of discovery.missing) {
        process.stderr.write(`journey-audit: ${neutraliseControlCharacters(missing)}: no such file, folder or matching journey files\n`);
      }
      writeReport(results, discovery.missing.length > 0, options, rules, config);
      const elapsed = Math.round(performance.now() - started);
      process.stderr.write(
        `journey-audit: watching ${results.length} ${results.length === 1 ? 'journey' : 'journeys'}; audited ${audited} in ${elapsed} ms at ${new Date().toLocaleTimeString()}. Press Ctrl-C to stop.\n`,
      );
    } catch (error) {
      // A failed run must not end the watch: say why and wait for the next change.
      process.stderr.write(`journey-audit: ${error instanceof Error ? error.message : String(error)}\n`);
    } finally {
      running = false;
    }
    if (again) {
      again = false;
      schedule();
    }
  }

  function schedule(): void {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void run();
    }, debounceMs);
  }

  function onEvent(root: string, eventType: string, filename: string | Buffer | null): void {
    if (filename === null) {
      auditEverything = true;
    } else {
      const absolute = path.join(root, filename.toString());
      if (absolute === configFile) {
        const reloaded = reloadRunConfig(options, rules, packPresets);
        if (reloaded) config = reloaded;
        auditEverything = true;
      }
      changed.add(absolute);
      // A new, removed or renamed file (or folder) changes the set of journeys.
      if (eventType === 'rename') needsDiscovery = true;
    }
    schedule();
  }

  const watchers: FSWatcher[] = [];
  const roots = paths.map(watchRoot);
  if (configFile) roots.push({ root: path.dirname(configFile), recursive: false, only: path.basename(configFile) });
  const seen = new Set<string>();
  for (const { root, recursive, only } of roots) {
    const key = `${root}|${recursive}|${only ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    try {
      const watcher = watch(root, { recursive }, (eventType, filename) => {
        if (only !== undefined && filename !== null && filename.toString() !== only) return;
        onEvent(root, eventType, filename);
      });
      watcher.on('error', (error: NodeJS.ErrnoException) => {
        process.stderr.write(`journey-audit: stopped watching ${root}: ${error.code ?? error.message}\n`);
        watcher.close();
      });
      watchers.push(watcher);
    } catch (error) {
      process.stderr.write(`journey-audit: cannot watch ${root}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
    }
  }
  if (watchers.length === 0) return ExitCode.InputError;

  await run();
  return new Promise<number>((resolve) => {
    const stop = () => {
      stopped = true;
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      if (timer) clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
      process.stderr.write('journey-audit: stopped watching\n');
      resolve(ExitCode.Clean);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
