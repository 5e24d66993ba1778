import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const repositoryRoot = path.resolve(import.meta.dirname, '..', '..');
const binary = path.join(repositoryRoot, 'bin', 'journey-audit.js');
export const cliFixtures = path.join(repositoryRoot, 'test', 'fixtures', 'cli');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  /** Working directory; default the repository root. */
  cwd?: string;
  /** Variables to set; `undefined` removes one. NO_COLOR and FORCE_COLOR are removed unless given here. */
  env?: Record<string, string | undefined>;
  input?: string;
  /** Node options before the binary (a module preload, for example). */
  nodeArgs?: readonly string[];
  timeout?: number;
}

/**
 * THE way tests run the CLI: the built binary (npm test builds first), spawned as a user would, with a colour-neutral
 * environment (its output is a pipe, so it is plain unless a test forces colour).
 */
export function runCli(args: readonly string[], options: CliRunOptions = {}): CliRun {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...options.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const result = spawnSync(process.execPath, [...(options.nodeArgs ?? []), binary, ...args], {
    cwd: options.cwd ?? repositoryRoot,
    env: env as NodeJS.ProcessEnv,
    encoding: 'utf8',
    input: options.input ?? '',
    maxBuffer: 256 * 1024 * 1024,
    timeout: options.timeout ?? 120_000,
  });
  return { status: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** Lines that only a JavaScript stack trace has. */
export const stackTracePattern = /^\s+at .+(\(|:\d+:\d+)|\bnode:internal\b|^\w*Error: /m;
