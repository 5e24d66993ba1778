import path from 'node:path';
import type { FormatterContext } from './types.js';

/**
 * A finding's file as a forward-slash path relative to the context's root (the repository root in
 * CI), or undefined when the file lies outside it.
 */
export function repoPath(file: string, context: Pick<FormatterContext, 'cwd' | 'root'>): string | undefined {
  const absolute = path.resolve(context.cwd, file);
  const relative = path.relative(context.root ?? context.cwd, absolute);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}

/** The path to show or link to: relative to the root when possible, else absolute. */
export function displayPath(file: string, context: Pick<FormatterContext, 'cwd' | 'root'>): string {
  return repoPath(file, context) ?? path.resolve(context.cwd, file).split(path.sep).join('/');
}

/** Percent-encodes each segment of a relative path for use in a URI reference. */
export function encodePath(relative: string): string {
  return relative.split('/').map(encodeURIComponent).join('/');
}
