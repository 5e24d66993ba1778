import { statSync } from 'node:fs';
import path from 'node:path';

/**
 * Why a file cannot be written at `target`, found before any work is done: the nearest existing
 * ancestor must be a folder (missing folders below it are created), and the target must not be one.
 */
export function outputPathProblem(target: string): string | undefined {
  const absolute = path.resolve(target);
  const existing = statIfExists(absolute);
  if (existing?.isDirectory()) return `${target} is a folder; name a file`;
  let ancestor = path.dirname(absolute);
  for (;;) {
    const stat = statIfExists(ancestor);
    if (stat) return stat.isDirectory() ? undefined : `${path.relative(process.cwd(), ancestor) || ancestor} is a file, not a folder`;
    const parent = path.dirname(ancestor);
    if (parent === ancestor) return undefined;
    ancestor = parent;
  }
}

function statIfExists(file: string) {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}
