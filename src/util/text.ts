/** Plain-value helpers shared by the model, rules and formatters. */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

export function asStringArray(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is string => typeof item === 'string');
}

const unitMinutes: Record<string, number> = { s: 1 / 60, m: 1, h: 60, d: 24 * 60, w: 7 * 24 * 60 };

/** '5m' -> 5, '2d' -> 2880 (minutes); undefined when the text is not a duration. */
export function parseDuration(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const match = /^(\d+(?:\.\d+)?)\s*(s|m|h|d|w)$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * unitMinutes[match[2]!]!;
}

/** 2880 -> '2d', 90 -> '1.5h': the shortest readable form. */
export function formatDuration(minutes: number): string {
  if (!Number.isFinite(minutes)) return '∞';
  const units: Array<[string, number]> = [['w', 10080], ['d', 1440], ['h', 60], ['m', 1]];
  for (const [unit, size] of units) {
    if (minutes >= size) return `${Number((minutes / size).toFixed(1))}${unit}`;
  }
  return `${Number((minutes * 60).toFixed(0))}s`;
}

/** Case- and whitespace-insensitive form of a step name, for equality checks. */
export function normaliseName(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, ' ').replace(/[.!?]+$/, '');
}

const hex = (char: string) => char.charCodeAt(0).toString(16).padStart(4, '0');

/**
 * Invisible characters that reorder or redirect text: the bidirectional marks (ALM, LRM, RLM), embeddings
 * and overrides (U+202A-U+202E) and isolates (U+2066-U+2069). A file name or step name carrying one can
 * make a line read differently from what it is.
 */
const directionControls = '\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069';

/** Line and paragraph separators beyond the C0 line breaks: terminals and editors break lines at them. */
const lineSeparators = '\u2028\u2029';

const unsafeInLine = new RegExp(`[\u0000-\u0008\u000a-\u001f\u007f-\u009f${lineSeparators}${directionControls}]`, 'g');
const unsafeInPage = new RegExp(`[\u0000-\u0008\u000b-\u001f\u007f-\u009f${lineSeparators}${directionControls}]`, 'g');

/**
 * Text from files made safe for one line of terminal output: control characters (C0 but tab, DEL, C1),
 * line breaks of every kind and direction controls are shown as `\uXXXX`, so a hostile name can neither
 * drive the terminal, nor start a line of its own (a forged "✔ No problems"), nor reorder what is read.
 */
export function neutraliseControlCharacters(text: string): string {
  return text.replace(unsafeInLine, (char) => `\\u${hex(char)}`);
}

/** The same for a page of several lines (rule docs): newlines are kept, everything else is neutralised. */
export function neutralisePage(text: string): string {
  return text.replace(unsafeInPage, (char) => `\\u${hex(char)}`);
}

/** Direction controls and line separators only, for formats that escape the C0 controls their own way. */
export const invisibleControls = new RegExp(`[${lineSeparators}${directionControls}]`, 'g');

/** Characters that drive a terminal, break lines or reorder text, beyond the C0 controls that JSON and XML escape themselves. */
const beyondC0 = new RegExp(`[\u007f-\u009f${lineSeparators}${directionControls}]`, 'g');

/**
 * JSON.stringify, with DEL, C1 controls and bidirectional overrides escaped too (JSON.stringify
 * escapes only C0), so JSON printed to a terminal cannot drive it. Parses to the same value.
 */
export function stringifyJsonSafely(value: unknown, space?: number): string {
  return JSON.stringify(value, null, space).replace(beyondC0, (char) => `\\u${hex(char)}`);
}

/**
 * stringifyJsonSafely(value, 2) in pieces, for documents too large to hold as one string (the JSON and SARIF reports
 * of a 100,000-step journey run to 80 MB, bench W3): containers above `splitDepth` holding `wholeBelow` objects or more
 * are written element by element through `emit`; smaller ones, and what lies at that depth, are stringified whole and
 * indented to their place. The pieces joined
 * are exactly stringifyJsonSafely(value, 2) for JSON data (objects, arrays, strings, numbers, booleans, null;
 * undefined members left out as JSON.stringify leaves them out). Plain recursion, not generators: W1 writes
 * 500 reports' worth of pieces.
 */
export function writeJsonSafely(value: unknown, emit: (piece: string) => void, splitDepth = 4, wholeBelow = defaultWholeBelow): void {
  writePieces(value, '', 0, { splitDepth, wholeBelow, emit });
}

/**
 * Containers of fewer objects and arrays than this are written as one piece: below it (tens of MB of text) one
 * string costs less than the pieces (W1, 500 journeys: about 17,000 objects), above it memory matters more (W3).
 */
const defaultWholeBelow = 65_536;

interface PieceWriter {
  splitDepth: number;
  wholeBelow: number;
  emit: (piece: string) => void;
}

/** How many of the `budget` objects and arrays are left after counting those in `value`; negative once over budget. */
function containersLeft(value: unknown, budget: number): number {
  if (value === null || typeof value !== 'object') return budget;
  let left = budget - 1;
  for (const member of Array.isArray(value) ? value : Object.values(value)) {
    if (left < 0) break;
    left = containersLeft(member, left);
  }
  return left;
}

function writePieces(value: unknown, indent: string, depth: number, writer: PieceWriter): void {
  const { splitDepth, wholeBelow, emit } = writer;
  if (
    depth >= splitDepth ||
    value === null ||
    typeof value !== 'object' ||
    typeof (value as { toJSON?: unknown }).toJSON === 'function' ||
    containersLeft(value, wholeBelow) >= 0
  ) {
    const text = stringifyJsonSafely(value, 2);
    emit(depth === 0 ? text : text.replaceAll('\n', `\n${indent}`));
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      emit('[]');
      return;
    }
    emit('[');
    for (let index = 0; index < value.length; index++) {
      emit(index === 0 ? `\n${inner}` : `,\n${inner}`);
      const element: unknown = value[index];
      // JSON.stringify writes null for array elements it cannot represent.
      writePieces(element === undefined || typeof element === 'function' || typeof element === 'symbol' ? null : element, inner, depth + 1, writer);
    }
    emit(`\n${indent}]`);
    return;
  }
  let first = true;
  for (const [key, member] of Object.entries(value)) {
    if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
    emit(`${first ? '{' : ','}\n${inner}${stringifyJsonSafely(key)}: `);
    first = false;
    writePieces(member, inner, depth + 1, writer);
  }
  emit(first ? '{}' : `\n${indent}}`);
}

/** The same for XML: those characters as character references, which parse to the same text. */
export function xmlWithCharacterReferences(xml: string): string {
  return xml.replace(beyondC0, (char) => `&#x${hex(char)};`);
}
