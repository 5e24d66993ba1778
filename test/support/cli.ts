import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import path from 'node:path';

export const repositoryRoot = path.resolve(import.meta.dirname, '..', '..');
const binary = path.join(repositoryRoot, 'bin', 'journey-audit.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI; tests build first (`npm test` runs tsc before vitest). */
export function runCli(args: readonly string[], options: SpawnSyncOptions = {}): CliRun {
  const result = spawnSync(process.execPath, [binary, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' }, ...options });
  return { status: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** Lines that only a JavaScript stack trace has. */
export const stackTracePattern = /^\s+at .+(\(|:\d+:\d+)|\bnode:internal\b|^\w*Error: /m;
