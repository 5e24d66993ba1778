import { execFile } from 'node:child_process';
import path from 'node:path';
import { decodeJourneyBytes } from './read.js';

/** A git problem the user must fix (not a repository, unknown ref, git missing): exit 2. */
export class GitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitError';
  }
}

interface GitRun {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** Runs git with an argument array (never a shell), so refs and paths are never interpreted. */
function runGit(args: readonly string[], cwd: string): Promise<GitRun> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, encoding: 'buffer', maxBuffer: 256 * 1024 * 1024, windowsHide: true }, (error, stdout, stderr) => {
      const code = (error as NodeJS.ErrnoException & { code?: unknown } | null)?.code;
      if (code === 'ENOENT') {
        reject(new GitError('git is not installed or not on the PATH; --changed-since needs it'));
        return;
      }
      resolve({ code: error ? (typeof code === 'number' ? code : 1) : 0, stdout, stderr: stderr.toString('utf8').trim() });
    });
  });
}

/** The repository's top folder, or undefined outside a git work tree. */
export async function repositoryRoot(cwd: string): Promise<string | undefined> {
  const run = await runGit(['rev-parse', '--show-toplevel'], cwd);
  return run.code === 0 ? path.resolve(run.stdout.toString('utf8').trim()) : undefined;
}

/** The commit a ref names; a GitError for refs that name none. */
export async function resolveCommit(ref: string, root: string): Promise<string> {
  // A ref starting with '-' would be read as an option.
  if (ref === '' || ref.startsWith('-')) throw new GitError(`'${ref}' is not a git ref`);
  const run = await runGit(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], root);
  if (run.code !== 0) throw new GitError(`unknown git ref '${ref}' (is it fetched? CI checkouts are often shallow: fetch the history, e.g. fetch-depth: 0 in actions/checkout)`);
  return run.stdout.toString('utf8').trim();
}

export interface ChangedFile {
  /** Absolute path in the work tree. */
  file: string;
  /** Path relative to the repository root at the base commit (differs after a rename); undefined when new. */
  basePath?: string;
}

/**
 * Files that differ between `commit` and the work tree (committed, staged or not), plus untracked
 * files that are not ignored. Deleted files are left out; renamed files carry their old path.
 */
export async function changedFiles(commit: string, root: string): Promise<ChangedFile[]> {
  const diff = await runGit(['diff', '--name-status', '-z', '-M', '--no-ext-diff', commit, '--'], root);
  if (diff.code !== 0) throw new GitError(`git diff failed: ${diff.stderr}`);
  const changed: ChangedFile[] = [];
  const fields = diff.stdout.toString('utf8').split('\0');
  for (let index = 0; index < fields.length - 1; ) {
    const status = fields[index++]!;
    if (status.startsWith('R') || status.startsWith('C')) {
      const from = fields[index++]!;
      const to = fields[index++]!;
      changed.push({ file: path.join(root, to), ...(status.startsWith('R') ? { basePath: from } : {}) });
    } else {
      const name = fields[index++]!;
      if (status === 'D') continue;
      changed.push(status === 'A' ? { file: path.join(root, name) } : { file: path.join(root, name), basePath: name });
    }
  }
  const untracked = await runGit(['ls-files', '--others', '--exclude-standard', '-z'], root);
  if (untracked.code !== 0) throw new GitError(`git ls-files failed: ${untracked.stderr}`);
  for (const name of untracked.stdout.toString('utf8').split('\0')) if (name) changed.push({ file: path.join(root, name) });
  return changed;
}

/** A file's text at a commit (read with `git show`, no checkout); undefined when it did not exist there. */
export async function fileAtCommit(commit: string, repoPath: string, root: string): Promise<{ ok: true; text: string } | { ok: false; message: string } | undefined> {
  const run = await runGit(['show', `${commit}:${repoPath}`], root);
  if (run.code !== 0) return undefined;
  return decodeJourneyBytes(run.stdout);
}
