import { closeSync, fsyncSync, linkSync, lstatSync, mkdirSync, openSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * The one way journey-audit writes a file. Every command (--output, the baseline, render, report, init, import)
 * goes through writeFileAtomic or createFileAtomic, so every write is complete, flushed and atomic, and every
 * failure is a WriteError: one line naming the file and the system's reason, with the old file intact and no
 * temporary file left behind.
 */

/** Reasons people can act on, for the error codes a write meets in practice. */
const reasons: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EIO: 'input/output error on the device',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  ENOENT: 'the folder does not exist',
  ENAMETOOLONG: 'the name is too long',
  EFBIG: 'the file is too large for the file system',
  EMFILE: 'too many open files',
  EXDEV: 'the temporary file and the target are on different devices',
  ELOOP: 'too many symbolic links in the path',
  EEXIST: 'it already exists',
};

/** "no space left on the device (ENOSPC)" for a system error, the message otherwise. */
function describeSystemError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string') return `${reasons[code] ?? 'system error'} (${code})`;
  return error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
}

/** A file that could not be written; `message` is one line: "cannot write FILE: REASON (CODE)". */
export class WriteError extends Error {
  readonly code: string | undefined;
  constructor(
    readonly file: string,
    failure: unknown,
    verb = 'cannot write',
  ) {
    super(`${verb} ${file}: ${describeSystemError(failure)}`, { cause: failure });
    this.name = 'WriteError';
    this.code = (failure as NodeJS.ErrnoException | undefined)?.code;
  }
}

let temporaryCount = 0;

function temporaryName(target: string): string {
  // The counter keeps two writes of the same target in the same millisecond apart.
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now().toString(36)}${(temporaryCount++).toString(36)}.tmp`);
}

/** An error with a code, for the failures the system reports by a return value instead of an exception. */
function systemError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

/**
 * Writes every byte: write(2) may write fewer bytes than asked (a full disk, a signal, a pipe), so the
 * rest is written again until all are out; a write that makes no progress is a full device.
 */
function writeAll(descriptor: number, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) {
    const written = writeSync(descriptor, bytes, offset, bytes.length - offset);
    if (!(written > 0)) throw systemError('ENOSPC', 'the device accepted no more bytes');
    offset += written;
  }
}

/** Flushes the folder entry of a rename to the disk; some file systems cannot sync folders, which is fine. */
function syncFolder(folder: string): void {
  let descriptor: number | undefined;
  try {
    descriptor = openSync(folder, 'r');
    fsyncSync(descriptor);
  } catch {
    // Folders cannot be opened or synced on every platform and file system; the rename itself stays atomic.
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

/** Writes the content to a new hidden temporary file beside the target; on any failure nothing is left behind. */
function writeTemporary(target: string, content: string | Uint8Array): string {
  const temporary = temporaryName(target);
  const descriptor = openSync(temporary, 'wx', 0o644);
  try {
    try {
      writeAll(descriptor, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  return temporary;
}

/**
 * Where a write to `target` lands: a symbolic link is followed, so a linked baseline or report stays a
 * link and the file it points at is the one replaced.
 */
function resolveTarget(target: string): string {
  try {
    if (lstatSync(target).isSymbolicLink()) return realpathSync(target);
  } catch {
    // A missing target, or a dangling link: the path itself is written.
  }
  return target;
}

/**
 * Writes a file atomically: every byte to a temporary file in the same folder, flushed, then renamed over
 * the target. A process killed mid-write leaves the old file or the new one, never a partial one; a failed
 * write throws a WriteError and leaves the old file as it was. `shown` names the file in the message.
 */
export function writeFileAtomic(target: string, content: string | Uint8Array, shown: string = target): void {
  const destination = resolveTarget(target);
  let temporary: string;
  try {
    temporary = writeTemporary(destination, content);
  } catch (error) {
    throw new WriteError(shown, error);
  }
  try {
    // rename(2) over a folder fails on Linux only when the folder is not empty; refuse every folder alike.
    if (statSync(destination, { throwIfNoEntry: false })?.isDirectory()) throw systemError('EISDIR', 'the target is a folder');
    renameSync(temporary, destination);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new WriteError(shown, error);
  }
  syncFolder(path.dirname(destination));
}

/**
 * Like writeFileAtomic, for text written in pieces (a report too large to hold as one string): each batch is
 * written as it comes, every byte of it, and the file is flushed and renamed only when all are out.
 */
export function writePiecesAtomic(target: string, write: (emit: (piece: string) => void) => void, shown: string = target): void {
  const destination = resolveTarget(target);
  const temporary = temporaryName(destination);
  let descriptor: number;
  try {
    descriptor = openSync(temporary, 'wx', 0o644);
  } catch (error) {
    throw new WriteError(shown, error);
  }
  try {
    try {
      const batcher = new Batcher((text) => writeAll(descriptor, Buffer.from(text, 'utf8')));
      write((piece) => batcher.add(piece));
      batcher.flush();
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    if (statSync(destination, { throwIfNoEntry: false })?.isDirectory()) throw systemError('EISDIR', 'the target is a folder');
    renameSync(temporary, destination);
  } catch (error) {
    rmSync(temporary, { force: true });
    // A failure of the caller's own code is not a write error: it goes on as it is.
    throw (error as NodeJS.ErrnoException | undefined)?.code !== undefined ? new WriteError(shown, error) : error;
  }
  syncFolder(path.dirname(destination));
}

/** Gathers pieces into strings of about 64 KiB: one write per batch rather than per piece. */
export class Batcher {
  #pending: string[] = [];
  #length = 0;

  constructor(
    private readonly write: (text: string) => void,
    private readonly size = 65536,
  ) {}

  add(piece: string): void {
    this.#pending.push(piece);
    this.#length += piece.length;
    if (this.#length >= this.size) this.flush();
  }

  flush(): void {
    if (this.#length === 0) return;
    this.write(this.#pending.join(''));
    this.#pending = [];
    this.#length = 0;
  }
}

/** Like writeFileAtomic, but fails with a WriteError coded EEXIST instead of replacing an existing file. */
export function createFileAtomic(target: string, content: string | Uint8Array, shown: string = target): void {
  let temporary: string;
  try {
    temporary = writeTemporary(target, content);
  } catch (error) {
    throw new WriteError(shown, error);
  }
  try {
    linkSync(temporary, target);
  } catch (error) {
    throw new WriteError(shown, error);
  } finally {
    rmSync(temporary, { force: true });
  }
  syncFolder(path.dirname(target));
}

/**
 * Creates a folder and its missing parents, one at a time: a recursive mkdir reports ENOENT on a read-only
 * disk, where the real cause is EROFS. Throws a WriteError "cannot create the folder ...".
 */
export function createFolder(folder: string, shown: string = folder): void {
  const missing: string[] = [];
  for (let current = path.resolve(folder); ; current = path.dirname(current)) {
    let existing;
    try {
      existing = statSync(current, { throwIfNoEntry: false });
    } catch (error) {
      // ENOTDIR: a file stands where a folder of the path should be; the walk goes on up to it.
      if ((error as NodeJS.ErrnoException).code !== 'ENOTDIR') throw new WriteError(shown, error, 'cannot create the folder');
      missing.unshift(current);
      continue;
    }
    if (existing) {
      if (!existing.isDirectory()) throw new WriteError(shown, systemError('ENOTDIR', `${current} is not a folder`), 'cannot create the folder');
      break;
    }
    missing.unshift(current);
    if (path.dirname(current) === current) break;
  }
  for (const entry of missing) {
    try {
      mkdirSync(entry);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && statSync(entry, { throwIfNoEntry: false })?.isDirectory()) continue;
      throw new WriteError(shown, error, 'cannot create the folder');
    }
  }
}

/** A file's identity, device and inode after following links; undefined when it does not exist. */
function fileIdentity(file: string): string | undefined {
  try {
    const stats = statSync(file, { bigint: true });
    return `${stats.dev}:${stats.ino}`;
  } catch {
    return undefined;
  }
}

/**
 * The files a run reads (journeys, configs, baseline, plugins), by identity: an output that is one of
 * them, by any path, link or hard link, is refused. Path text alone misses `J/x` when `J -> journeys`.
 */
export class InputFiles {
  private readonly identities = new Set<string>();

  constructor(files: Iterable<string> = []) {
    for (const file of files) this.add(file);
  }

  add(file: string): void {
    const identity = fileIdentity(file);
    if (identity !== undefined) this.identities.add(identity);
  }

  /** True when writing `target` would replace one of the inputs. */
  includes(target: string): boolean {
    const identity = fileIdentity(target);
    return identity !== undefined && this.identities.has(identity);
  }
}

/**
 * writeFileAtomic without blocking: the same temporary file, fsync and rename. Many of these can run at
 * once, and the file system then commits their fsyncs together (a run writing a hundred blueprint pages
 * spends a fifth of the time it spends writing them one after another).
 */
export async function writeFileAtomicAsync(target: string, content: string | Uint8Array, shown: string = target): Promise<void> {
  const destination = resolveTarget(target);
  const temporary = temporaryName(destination);
  try {
    const handle = await open(temporary, 'wx', 0o644);
    try {
      // FileHandle.writeFile loops until every byte is written.
      await handle.writeFile(typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, destination);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new WriteError(shown, error);
  }
}
