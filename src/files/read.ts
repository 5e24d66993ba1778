import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from 'node:fs';

export type ReadResult = { ok: true; text: string } | { ok: false; message: string; line?: number; column?: number };

/**
 * Reads a journey file as text, refusing what cannot be a journey before any parsing happens.
 * The file is opened once and checked through its descriptor, so a file swapped or grown between
 * the size check and the read cannot slip past the limit; O_NONBLOCK keeps a named pipe from
 * blocking the run at open.
 */
export function readJourneyFile(file: string, maxFileSize: number): ReadResult {
  let descriptor: number | undefined;
  try {
    descriptor = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const stats = fstatSync(descriptor);
    if (stats.isDirectory()) return { ok: false, message: 'is a folder, not a journey file' };
    if (!stats.isFile()) return { ok: false, message: 'is not a regular file (a device, pipe or socket)' };
    if (stats.size > maxFileSize) return tooLarge(stats.size, maxFileSize);
    // One byte more than the limit tells a file that grew since fstat from one that did not.
    const buffer = Buffer.allocUnsafe(Math.min(stats.size, maxFileSize) + 1);
    let filled = 0;
    for (;;) {
      const read = readSync(descriptor, buffer, filled, buffer.length - filled, null);
      if (read === 0) break;
      filled += read;
      if (filled === buffer.length) {
        if (filled > maxFileSize) return tooLarge(filled, maxFileSize);
        break;
      }
    }
    return decodeJourneyBytes(buffer.subarray(0, filled));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && isSymbolicLink(file)) return { ok: false, message: 'is a symbolic link to a file that does not exist' };
    return { ok: false, message: describeFsError(error) };
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

function isSymbolicLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

function tooLarge(size: number, maxFileSize: number): ReadResult {
  return { ok: false, message: `is ${formatBytes(size)}, larger than the limit of ${formatBytes(maxFileSize)} (limits.maxFileSize)` };
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'cannot be read: it does not exist (was it removed or renamed?)';
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read: permission denied';
    case 'ELOOP':
      return 'cannot be read: too many levels of symbolic links (a symlink loop)';
    case 'EISDIR':
      return 'is a folder, not a journey file';
    default:
      return `cannot be read: ${code ?? (error instanceof Error ? error.message : String(error))}`;
  }
}

function formatBytes(size: number): string {
  if (size < 1024) return `${size} bytes`;
  return size >= 1024 * 1024 ? `${(size / 1024 / 1024).toFixed(1)} MiB` : `${(size / 1024).toFixed(1)} KiB`;
}

/** UTF-8 (with or without BOM) and UTF-16 with a BOM are read; binary and invalid UTF-8 are refused with a position. */
export function decodeJourneyBytes(bytes: Buffer): ReadResult {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { ok: true, text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { ok: true, text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bytes.subarray(start);
  const nul = body.indexOf(0);
  if (nul >= 0) {
    // Every other byte zero in ASCII text: UTF-16 saved without its byte-order mark.
    const utf16 = body.length >= 4 && ((body[1] === 0 && body[3] === 0) || (body[0] === 0 && body[2] === 0));
    const message = utf16 ? 'looks like UTF-16 text without a byte-order mark; save it as UTF-8' : 'is a binary file, not YAML text';
    return { ok: false, message, ...positionOf(body, nul) };
  }
  // isUtf8 validates like a fatal TextDecoder, without creating one per file.
  if (isUtf8(body)) {
    // Like TextDecoder, which drops a byte order mark at the start of what it decodes.
    const text = body.toString('utf8');
    return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  }
  const offset = firstInvalidUtf8(body);
  return { ok: false, message: 'is not valid UTF-8 text (save it as UTF-8)', ...positionOf(body, offset) };
}

function positionOf(bytes: Buffer, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = bytes.indexOf(10); index !== -1 && index < offset; index = bytes.indexOf(10, index + 1)) {
    line++;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function firstInvalidUtf8(bytes: Buffer): number {
  for (let index = 0; index < bytes.length; ) {
    const byte = bytes[index]!;
    const length = byte < 0x80 ? 1 : byte >> 5 === 0b110 ? 2 : byte >> 4 === 0b1110 ? 3 : byte >> 3 === 0b11110 ? 4 : 0;
    if (length === 0) return index;
    for (let k = 1; k < length; k++) if (((bytes[index + k] ?? 0) & 0xc0) !== 0x80) return index;
    index += length;
  }
  return 0;
}
