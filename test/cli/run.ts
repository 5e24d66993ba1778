import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const binary = path.join(repoRoot, 'bin', 'journey-audit.js');
export const cliFixtures = path.join(repoRoot, 'test', 'fixtures', 'cli');

export interface CliRun {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Spawns the built CLI (npm test builds first) with a colour-neutral environment. */
export function runCli(args: readonly string[], options: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {}): CliRun {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...options.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const result = spawnSync(process.execPath, [binary, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: env as NodeJS.ProcessEnv,
    encoding: 'utf8',
    input: options.input ?? '',
    timeout: 60_000,
  });
  return { stdout: result.stdout, stderr: result.stderr, code: result.status };
}
