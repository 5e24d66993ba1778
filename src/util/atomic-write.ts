import { closeSync, fsyncSync, linkSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

function temporaryName(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now().toString(36)}.tmp`);
}

function writeTemporary(target: string, content: string | Uint8Array): string {
  const temporary = temporaryName(target);
  const descriptor = openSync(temporary, 'wx', 0o644);
  try {
    writeSync(descriptor, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  return temporary;
}

/**
 * Writes a file atomically: a temporary file in the same folder, then a rename. A process killed
 * mid-write leaves the old file or the new one, never a partial one.
 */
export function writeFileAtomic(target: string, content: string | Uint8Array): void {
  const temporary = writeTemporary(target, content);
  try {
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Like writeFileAtomic, for text that comes in pieces (a report too large to hold as one string): written as it comes. */
export function writePiecesAtomic(target: string, pieces: Iterable<string>): void {
  const temporary = temporaryName(target);
  const descriptor = openSync(temporary, 'wx', 0o644);
  try {
    try {
      for (const chunk of batches(pieces)) writeSync(descriptor, chunk);
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Pieces gathered into strings of about 64 KiB: one write per batch rather than per piece. */
export function* batches(pieces: Iterable<string>, size = 65536): Generator<string> {
  let pending: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    pending.push(piece);
    length += piece.length;
    if (length >= size) {
      yield pending.join('');
      pending = [];
      length = 0;
    }
  }
  if (length > 0) yield pending.join('');
}

/** Like writeFileAtomic, but fails with EEXIST instead of replacing an existing file. */
export function createFileAtomic(target: string, content: string | Uint8Array): void {
  const temporary = writeTemporary(target, content);
  try {
    linkSync(temporary, target);
  } finally {
    rmSync(temporary, { force: true });
  }
}
