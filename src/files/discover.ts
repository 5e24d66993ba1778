import { lstatSync, statSync } from 'node:fs';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';

export const journeyFilePattern = '**/*.journey.{yaml,yml}';

export interface Discovery {
  /** Journey files to audit, relative to cwd where possible, sorted. */
  files: string[];
  /** Paths that matched nothing or could not be read: usage errors (exit 2). */
  missing: string[];
}

function display(cwd: string, file: string): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') ? relative : file;
}

/**
 * Expands files, folders and globs into journey files. Folders are searched for *.journey.yaml/yml;
 * files given by name are audited whatever their name. Symlinked folders are not followed,
 * so a symlink loop cannot trap the walk.
 */
export async function discoverJourneyFiles(inputs: readonly string[], cwd = process.cwd()): Promise<Discovery> {
  const files = new Set<string>();
  const missing: string[] = [];
  for (const input of inputs) {
    const absolute = path.resolve(cwd, input);
    let kind: 'file' | 'directory' | 'none' = 'none';
    try {
      const stats = statSync(absolute);
      kind = stats.isDirectory() ? 'directory' : 'file';
    } catch {
      // A dangling or looping symlink is still a named file: report it as unreadable when read.
      try {
        lstatSync(absolute);
        kind = 'file';
      } catch {
        kind = 'none';
      }
    }
    if (kind === 'file') {
      files.add(display(cwd, absolute));
    } else if (kind === 'directory') {
      const found = await glob(journeyFilePattern, { cwd: absolute, absolute: true, followSymbolicLinks: false, dot: false, ignore: ['**/node_modules/**'] });
      for (const file of found) files.add(display(cwd, file));
    } else if (isDynamicPattern(input)) {
      const found = await glob(input, { cwd, absolute: true, followSymbolicLinks: false, ignore: ['**/node_modules/**'] });
      const journeys = found.filter((file) => /\.(ya?ml)$/i.test(file));
      if (journeys.length === 0) missing.push(input);
      for (const file of journeys) files.add(display(cwd, file));
    } else {
      missing.push(input);
    }
  }
  return { files: [...files].sort(), missing };
}
