import { lstatSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';

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

const journeyFileName = /\.journey\.ya?ml$/;

/**
 * Every entry named *.journey.yaml/yml under `root`, whatever it is: regular files, but also
 * symlinks (even dangling or looping ones), folders, pipes and devices with such a name, so that
 * the reader reports each one instead of the walk skipping it silently. Symlinked folders are not
 * entered, so a symlink loop cannot trap the walk; hidden folders and node_modules are skipped.
 */
function walkFolder(root: string): string[] {
  const found: string[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const folder = pending.pop()!;
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (journeyFileName.test(entry.name)) found.push(full);
      else if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') pending.push(full);
    }
  }
  return found;
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
      for (const file of walkFolder(absolute)) files.add(display(cwd, file));
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
