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

/** Like writeFileAtomic, for text written in pieces (a report too large to hold as one string): written as it comes. */
export function writePiecesAtomic(target: string, write: (emit: (piece: string) => void) => void): void {
  const temporary = temporaryName(target);
  const descriptor = openSync(temporary, 'wx', 0o644);
  try {
    try {
      const batcher = new Batcher((text) => writeSync(descriptor, text));
      write((piece) => batcher.add(piece));
      batcher.flush();
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

/** Like writeFileAtomic, but fails with EEXIST instead of replacing an existing file. */
export function createFileAtomic(target: string, content: string | Uint8Array): void {
  const temporary = writeTemporary(target, content);
  try {
    linkSync(temporary, target);
  } finally {
    rmSync(temporary, { force: true });
  }
}
