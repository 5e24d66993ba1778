import type { DocPath } from '../types.js';

/**
 * A fast reader for the plain YAML that journeys are written in: block mappings and sequences,
 * plain and single-line quoted scalars, single-line flow collections, comments and blank lines.
 *
 * It returns exactly what `yaml` (parseDocument + toJS, YAML 1.2 core schema) returns for such a file:
 * the same data and the same node ranges, including the places where `yaml` lets trailing comments
 * extend a node. Anything outside that subset (anchors, tags, block scalars, multi-line scalars, tabs,
 * CR line ends, several documents, duplicate keys, odd indentation, ...) makes it give up by returning
 * undefined, and the caller parses the file with `yaml` itself, which also reports every error.
 * So the fast path never has to produce an error message: it only ever accepts valid YAML.
 *
 * Why: `yaml`'s CST parser and composer take about 17 s and 1.4 GiB for a 17 MB journey; this reader
 * takes well under a second and keeps only the data plus a compact table of offsets.
 */
export interface FastParse {
  data: Record<string, unknown>;
  /** [start, end) offsets of the node at `path` (or of its key), like `yaml`'s node.range[0..1]; nearest ancestor when missing. */
  offsets(path: DocPath, target: 'key' | 'value'): [number, number];
}

/** Positions of one mapping: keys in source order and [keyStart, keyEnd, valueStart, valueEnd] per key. */
interface MapPositions {
  keys: string[];
  pos: number[];
}
/** Positions of one sequence: [start, end] per item. */
type SeqPositions = number[];

class GiveUp {}
const giveUp = new GiveUp();

const NL = 10;
const SP = 32;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const DQUOTE = 34;
const SQUOTE = 39;
const COMMA = 44;
const LBRACKET = 91;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;
const BACKSLASH = 92;

/** Characters or line starts the subset does not handle: tabs, CR, control characters, BOM, NEL/LS/PS, document markers, directives. */
const outsideSubset = /[\t\r\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]|^(?:---|\.\.\.)(?:[ \n]|$)|^%/m;

/**
 * The YAML 1.2 core schema's implicit scalar types, tested in `yaml`'s order with its resolvers
 * (yaml/dist/schema/core: null, bool, int oct/dec/hex, float nan/exp/fixed). Kept here so the fast
 * path does not load `yaml` at all; test/parse/fast-yaml.test.ts checks them against `yaml` itself.
 */
const implicitTypes: Array<[RegExp, (source: string) => unknown]> = [
  [/^(?:~|[Nn]ull|NULL)?$/, () => null],
  [/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (source) => source[0] === 't' || source[0] === 'T'],
  [/^0o[0-7]+$/, (source) => parseInt(source.substring(2), 8)],
  [/^[-+]?[0-9]+$/, (source) => parseInt(source, 10)],
  [/^0x[0-9a-fA-F]+$/, (source) => parseInt(source.substring(2), 16)],
  [/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/, (source) => (source.slice(-3).toLowerCase() === 'nan' ? NaN : source[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY)],
  [/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, (source) => parseFloat(source)],
  [/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, (source) => parseFloat(source)],
];

function mayBeTyped(code: number): boolean {
  // First characters that any core-schema test can match: ~ n N t T f F 0-9 + - .
  return code === 126 || code === 110 || code === 78 || code === 116 || code === 84 || code === 102 || code === 70 || (code >= 48 && code <= 57) || code === 43 || code === 45 || code === 46;
}

/** The value of a plain scalar under the core schema, as `yaml` resolves it. */
export function resolvePlain(source: string): unknown {
  if (!mayBeTyped(source.charCodeAt(0))) return source;
  for (const [test, resolve] of implicitTypes) if (test.test(source)) return resolve(source);
  return source;
}

function isKeyStart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;
}
function isKeyChar(code: number): boolean {
  return isKeyStart(code) || code === DASH || code === 46 || code === 47 || code === SP;
}

/** Characters that cannot start a plain scalar here (indicators), or start something the subset leaves to `yaml`. */
function isPlainStartForbidden(code: number, next: number): boolean {
  switch (code) {
    case DASH:
      return next === SP || next === NL || Number.isNaN(next);
    case 63: // ?
    case COLON:
    case COMMA:
    case LBRACKET:
    case RBRACKET:
    case LBRACE:
    case RBRACE:
    case HASH:
    case 38: // &
    case 42: // *
    case 33: // !
    case 124: // |
    case 62: // >
    case DQUOTE:
    case SQUOTE:
    case 37: // %
    case 64: // @
    case 96: // `
      return true;
    default:
      return false;
  }
}

class Reader {
  readonly positions = new Map<object, MapPositions | SeqPositions>();
  private readonly length: number;
  // The value just read: its data, range[0], range[1] and range[2] (the end including trailing comments, as `yaml` has it).
  private value: unknown = null;
  private valueStart = 0;
  private valueEnd = 0;
  private valueEnd2 = 0;
  // The next content line: its indentation and where its content starts (indent -1 at the end of the text).
  private indent = -1;
  private contentStart = 0;
  // Comment lines skipped before that line, not yet attached to a node.
  private groupHasComment = false;
  private groupMaxIndent = -1;

  /**
   * Entries read so far: every key, value and sequence item counts one, at least as many as `yaml`'s
   * reader counts for the same text (see parse/limits.ts), so a file this reader accepts is never one
   * the full parser would refuse for its size. Past a limit it gives up, and `yaml` reports the limit.
   */
  private entries = 0;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
    private readonly maxKeys: number,
    private readonly maxEntries: number,
  ) {
    this.length = text.length;
  }

  /** Counts one key of a mapping that already has `keys` keys, and its value. */
  private countKey(keys: number): void {
    if (keys >= this.maxKeys) throw giveUp;
    this.entries += 2;
    if (this.entries > this.maxEntries) throw giveUp;
  }

  /** Counts one sequence item (its `-` or comma, and its value). */
  private countItem(): void {
    this.entries += 2;
    if (this.entries > this.maxEntries) throw giveUp;
  }

  read(): { data: Record<string, unknown>; start: number; end: number } {
    this.scanToContent(0);
    if (this.indent !== 0) throw giveUp;
    const start = this.contentStart;
    const data = this.blockMap(0, 1);
    if ((this.indent as number) !== -1) throw giveUp;
    return { data, start, end: this.valueEnd };
  }

  private code(offset: number): number {
    return offset < this.length ? this.text.charCodeAt(offset) : NaN;
  }

  /** From a line start, skips blank and comment lines; stops at the next content line or the end. */
  private scanToContent(lineStart: number): void {
    const text = this.text;
    let hasComment = false;
    let maxIndent = -1;
    let offset = lineStart;
    while (offset < this.length) {
      let column = offset;
      while (text.charCodeAt(column) === SP) column++;
      const code = text.charCodeAt(column);
      if (column >= this.length) break;
      if (code === NL) {
        offset = column + 1;
        continue;
      }
      if (code === HASH) {
        hasComment = true;
        if (column - offset > maxIndent) maxIndent = column - offset;
        const newline = text.indexOf('\n', column);
        offset = newline === -1 ? this.length : newline + 1;
        continue;
      }
      this.indent = column - offset;
      this.contentStart = column;
      this.groupHasComment = hasComment;
      this.groupMaxIndent = maxIndent;
      return;
    }
    this.indent = -1;
    this.contentStart = this.length;
    this.groupHasComment = hasComment;
    this.groupMaxIndent = maxIndent;
  }

  /**
   * After a value's line, `yaml` attaches each following comment line indented deeper than the
   * collection holding the value (with any blank lines before it) to that value's end.
   */
  private absorbIndentedComments(containerIndent: number, lineStart: number): number {
    const text = this.text;
    let end = lineStart;
    let offset = lineStart;
    while (offset < this.length) {
      let column = offset;
      while (text.charCodeAt(column) === SP) column++;
      if (column >= this.length) break;
      const code = text.charCodeAt(column);
      if (code === NL) {
        offset = column + 1;
        continue;
      }
      if (code === HASH && column - offset > containerIndent) {
        const newline = text.indexOf('\n', column);
        end = offset = newline === -1 ? this.length : newline + 1;
        continue;
      }
      break;
    }
    return end;
  }

  /**
   * A collection ends (is popped by a less indented line or the end of the text). Comment lines
   * skipped before that line move up to the parent unless one of them is indented at least as deep
   * as this collection; then they stay and extend its end to the closing line (`yaml`'s commentEnd).
   */
  private closeCollection(collectionIndent: number, lastEnd: number): number {
    if (this.groupHasComment && collectionIndent !== 0 && this.groupMaxIndent >= collectionIndent) {
      this.groupHasComment = false;
      return this.contentStart;
    }
    return lastEnd;
  }

  private isSeqItem(offset: number): boolean {
    if (this.text.charCodeAt(offset) !== DASH) return false;
    const next = this.code(offset + 1);
    return next === SP || next === NL || Number.isNaN(next);
  }

  /** Ends the line after an inline value: spaces, an optional comment, the newline. Returns the next line start. */
  private finishLine(offset: number): number {
    const text = this.text;
    let column = offset;
    while (text.charCodeAt(column) === SP) column++;
    if (column >= this.length) return this.length;
    const code = text.charCodeAt(column);
    if (code === NL) return column + 1;
    if (code === HASH && column > offset) {
      const newline = text.indexOf('\n', column);
      return newline === -1 ? this.length : newline + 1;
    }
    throw giveUp;
  }

  private blockMap(indent: number, depth: number): Record<string, unknown> {
    if (depth + 1 > this.maxDepth) throw giveUp;
    const text = this.text;
    const map: Record<string, unknown> = {};
    const keys: string[] = [];
    const pos: number[] = [];
    this.positions.set(map, { keys, pos });
    const start = this.contentStart;
    let lastEnd = start;
    for (;;) {
      // The key: a plain, single-line scalar that reads as a string.
      const keyStart = this.contentStart;
      if (!isKeyStart(text.charCodeAt(keyStart))) throw giveUp;
      let colon = keyStart + 1;
      for (;;) {
        const code = text.charCodeAt(colon);
        if (code === COLON) {
          const next = this.code(colon + 1);
          if (next === SP || next === NL || Number.isNaN(next)) break;
          throw giveUp;
        }
        if (!isKeyChar(code)) throw giveUp;
        colon++;
      }
      let keyEnd = colon;
      while (text.charCodeAt(keyEnd - 1) === SP) keyEnd--;
      if (colon - keyStart > 1000) throw giveUp;
      const key = text.slice(keyStart, keyEnd);
      if (key === '__proto__' || Object.prototype.hasOwnProperty.call(map, key)) throw giveUp;
      if (mayBeTyped(key.charCodeAt(0)) && resolvePlain(key) !== key) throw giveUp;

      let column = colon + 1;
      while (text.charCodeAt(column) === SP) column++;
      const code = this.code(column);
      if (code === NL || Number.isNaN(code) || (code === HASH && column > colon + 1)) {
        // Nothing on the key's line: a nested block follows, or the value is empty (null).
        const emptyAt = column;
        const sameLineComment = code === HASH;
        let lineStart: number;
        if (code === HASH) {
          const newline = text.indexOf('\n', column);
          lineStart = newline === -1 ? this.length : newline + 1;
        } else {
          lineStart = Number.isNaN(code) ? this.length : column + 1;
        }
        this.scanToContent(lineStart);
        if (this.indent > indent) {
          if (this.isSeqItem(this.contentStart)) this.value = this.blockSeq(this.indent, depth + 1);
          else this.value = this.blockMap(this.indent, depth + 1);
        } else if (this.indent === indent && this.isSeqItem(this.contentStart)) {
          this.value = this.blockSeq(this.indent, depth + 1);
        } else {
          if (sameLineComment || this.groupHasComment) throw giveUp;
          this.value = null;
          this.valueStart = this.valueEnd = this.valueEnd2 = emptyAt;
        }
      } else {
        const after = this.inlineValue(column, depth + 1);
        this.valueEnd2 = this.absorbIndentedComments(indent, this.finishLine(after));
        this.scanToContent(this.valueEnd2);
      }
      this.countKey(keys.length);
      keys.push(key);
      pos.push(keyStart, keyEnd, this.valueStart, this.valueEnd);
      map[key] = this.value;
      lastEnd = this.valueEnd2;

      if (this.indent === indent && !this.isSeqItem(this.contentStart)) continue;
      if (this.indent < indent) {
        const end2 = this.closeCollection(indent, lastEnd);
        this.valueStart = start;
        this.valueEnd = lastEnd;
        this.valueEnd2 = end2;
        return map;
      }
      throw giveUp;
    }
  }

  private blockSeq(indent: number, depth: number): unknown[] {
    if (depth + 1 > this.maxDepth) throw giveUp;
    const text = this.text;
    const list: unknown[] = [];
    const pos: SeqPositions = [];
    this.positions.set(list, pos);
    const start = this.contentStart;
    let lastEnd = start;
    for (;;) {
      const dash = this.contentStart;
      if (text.charCodeAt(dash + 1) !== SP) throw giveUp;
      let column = dash + 1;
      while (text.charCodeAt(column) === SP) column++;
      const code = this.code(column);
      if (code === NL || Number.isNaN(code) || code === HASH || this.isSeqItem(column)) throw giveUp;
      const lineStart = dash - this.indent;
      if (this.isCompactMap(column)) {
        this.indent = column - lineStart;
        this.contentStart = column;
        this.countItem();
        list.push(this.blockMap(this.indent, depth + 1));
      } else {
        this.countItem();
        const after = this.inlineValue(column, depth + 1);
        this.valueEnd2 = this.absorbIndentedComments(indent, this.finishLine(after));
        this.scanToContent(this.valueEnd2);
        list.push(this.value);
      }
      pos.push(this.valueStart, this.valueEnd);
      lastEnd = this.valueEnd2;

      if (this.indent === indent && this.isSeqItem(this.contentStart)) continue;
      if (this.indent < indent || (this.indent === indent && !this.isSeqItem(this.contentStart))) {
        const end2 = this.closeCollection(indent, lastEnd);
        this.valueStart = start;
        this.valueEnd = lastEnd;
        this.valueEnd2 = end2;
        return list;
      }
      throw giveUp;
    }
  }

  /** `- key: value` starts a mapping inside the item: a plain key followed by ': ' or ':' at the line end. */
  private isCompactMap(offset: number): boolean {
    const text = this.text;
    if (!isKeyStart(text.charCodeAt(offset))) return false;
    for (let column = offset + 1; column < this.length; column++) {
      const code = text.charCodeAt(column);
      if (code === NL) return false;
      if (code === COLON) {
        const next = this.code(column + 1);
        if (next === SP || next === NL || Number.isNaN(next)) return true;
      } else if (code === HASH && text.charCodeAt(column - 1) === SP) {
        return false;
      }
    }
    return false;
  }

  /** A value on the current line: plain or quoted scalar, or flow collection. Returns the offset after it. */
  private inlineValue(offset: number, depth: number): number {
    if (depth > this.maxDepth) throw giveUp;
    const code = this.text.charCodeAt(offset);
    if (code === DQUOTE) return this.doubleQuoted(offset);
    if (code === SQUOTE) return this.singleQuoted(offset);
    if (code === LBRACKET) return this.flowSeq(offset, depth);
    if (code === LBRACE) return this.flowMap(offset, depth);
    return this.blockPlain(offset);
  }

  private blockPlain(offset: number): number {
    const text = this.text;
    if (isPlainStartForbidden(text.charCodeAt(offset), this.code(offset + 1))) throw giveUp;
    let column = offset;
    let end = offset;
    for (; column < this.length; column++) {
      const code = text.charCodeAt(column);
      if (code === NL) break;
      if (code === SP) {
        if (text.charCodeAt(column + 1) === HASH) break;
        continue;
      }
      if (code === COLON) {
        // 'a: b: c' is a nested mapping on one line; 'b:' at the end would be one too.
        const next = this.code(column + 1);
        if (next === SP || next === NL || Number.isNaN(next)) throw giveUp;
      }
      end = column + 1;
    }
    const source = text.slice(offset, end);
    this.value = resolvePlain(source);
    this.valueStart = offset;
    this.valueEnd = end;
    return end;
  }

  private doubleQuoted(offset: number): number {
    const text = this.text;
    let escaped = false;
    let column = offset + 1;
    for (;; column++) {
      if (column >= this.length) throw giveUp;
      const code = text.charCodeAt(column);
      if (code === DQUOTE) break;
      if (code === NL) throw giveUp;
      if (code === BACKSLASH) {
        escaped = true;
        const next = text.charCodeAt(column + 1);
        // Only the escapes YAML and JSON share; \x, \U, \N, \_, \0, \e, ... are left to `yaml`.
        if (next !== DQUOTE && next !== BACKSLASH && next !== 47 && next !== 98 && next !== 102 && next !== 110 && next !== 114 && next !== 116 && next !== 117) throw giveUp;
        column++;
      }
    }
    const inner = text.slice(offset + 1, column);
    if (escaped) {
      try {
        this.value = JSON.parse(`"${inner}"`) as string;
      } catch {
        throw giveUp;
      }
    } else {
      this.value = inner;
    }
    this.valueStart = offset;
    this.valueEnd = column + 1;
    return column + 1;
  }

  private singleQuoted(offset: number): number {
    const text = this.text;
    let doubled = false;
    let column = offset + 1;
    for (;; column++) {
      if (column >= this.length) throw giveUp;
      const code = text.charCodeAt(column);
      if (code === NL) throw giveUp;
      if (code === SQUOTE) {
        if (text.charCodeAt(column + 1) === SQUOTE) {
          doubled = true;
          column++;
          continue;
        }
        break;
      }
    }
    const inner = text.slice(offset + 1, column);
    this.value = doubled ? inner.replace(/''/g, "'") : inner;
    this.valueStart = offset;
    this.valueEnd = column + 1;
    return column + 1;
  }

  /** A plain scalar inside [ ] or { }: ends at , ] } (or ': ' for a key). */
  private flowPlain(offset: number, asKey: boolean): number {
    const text = this.text;
    const first = text.charCodeAt(offset);
    const second = this.code(offset + 1);
    if (isPlainStartForbidden(first, second)) throw giveUp;
    // In a flow collection `-` starts a plain scalar only when a safe character follows it: `[a, -]` and
    // `[-, b]` are errors for `yaml` (YAML 1.2 ns-plain-safe(c) excludes the flow indicators).
    if (first === DASH && (second === COMMA || second === RBRACKET || second === RBRACE || second === LBRACKET || second === LBRACE)) throw giveUp;
    let column = offset;
    let end = offset;
    for (; column < this.length; column++) {
      const code = text.charCodeAt(column);
      if (code === NL || code === LBRACKET || code === LBRACE) throw giveUp;
      if (code === COMMA || code === RBRACKET || code === RBRACE) break;
      if (code === SP) {
        if (text.charCodeAt(column + 1) === HASH) throw giveUp;
        continue;
      }
      if (code === COLON) {
        const next = this.code(column + 1);
        if (next === SP && asKey) break;
        if (next === SP || next === NL || next === COMMA || next === RBRACKET || next === RBRACE || next === LBRACKET || next === LBRACE || Number.isNaN(next)) throw giveUp;
      }
      end = column + 1;
    }
    if (column >= this.length) throw giveUp;
    this.value = resolvePlain(text.slice(offset, end));
    this.valueStart = offset;
    this.valueEnd = end;
    return column;
  }

  private flowScalar(offset: number, asKey: boolean): number {
    const code = this.text.charCodeAt(offset);
    if (code === DQUOTE) return this.doubleQuoted(offset);
    if (code === SQUOTE) return this.singleQuoted(offset);
    return this.flowPlain(offset, asKey);
  }

  private skipSpaces(offset: number): number {
    while (this.text.charCodeAt(offset) === SP) offset++;
    return offset;
  }

  private flowSeq(offset: number, depth: number): number {
    if (depth + 1 > this.maxDepth) throw giveUp;
    const text = this.text;
    const list: unknown[] = [];
    const pos: SeqPositions = [];
    this.positions.set(list, pos);
    let column = this.skipSpaces(offset + 1);
    if (text.charCodeAt(column) !== RBRACKET) {
      for (;;) {
        column = this.skipSpaces(this.flowScalar(column, false));
        this.countItem();
        list.push(this.value);
        pos.push(this.valueStart, this.valueEnd);
        const code = text.charCodeAt(column);
        if (code === RBRACKET) break;
        if (code !== COMMA) throw giveUp;
        column = this.skipSpaces(column + 1);
        if (text.charCodeAt(column) === RBRACKET) throw giveUp; // a trailing comma
      }
    }
    this.value = list;
    this.valueStart = offset;
    this.valueEnd = column + 1;
    return column + 1;
  }

  private flowMap(offset: number, depth: number): number {
    if (depth + 1 > this.maxDepth) throw giveUp;
    const text = this.text;
    const map: Record<string, unknown> = {};
    const keys: string[] = [];
    const pos: number[] = [];
    this.positions.set(map, { keys, pos });
    let column = this.skipSpaces(offset + 1);
    if (text.charCodeAt(column) !== RBRACE) {
      for (;;) {
        const keyStart = column;
        if (!isKeyStart(text.charCodeAt(keyStart))) throw giveUp;
        column = this.flowPlain(keyStart, true);
        const key = this.value;
        const keyEnd = this.valueEnd;
        if (typeof key !== 'string' || key === '__proto__' || Object.prototype.hasOwnProperty.call(map, key)) throw giveUp;
        if (text.charCodeAt(column) !== COLON || text.charCodeAt(column + 1) !== SP) throw giveUp;
        column = this.skipSpaces(column + 1);
        const code = text.charCodeAt(column);
        if (code === COMMA || code === RBRACE) throw giveUp; // an empty value
        column = this.skipSpaces(this.flowScalar(column, false));
        this.countKey(keys.length);
        keys.push(key);
        pos.push(keyStart, keyEnd, this.valueStart, this.valueEnd);
        map[key] = this.value;
        const next = text.charCodeAt(column);
        if (next === RBRACE) break;
        if (next !== COMMA) throw giveUp;
        column = this.skipSpaces(column + 1);
        if (text.charCodeAt(column) === RBRACE) throw giveUp;
      }
    }
    this.value = map;
    this.valueStart = offset;
    this.valueEnd = column + 1;
    return column + 1;
  }
}

/** Limits the fast reader keeps to: past one it gives up, and `yaml`'s guarded reader reports it with a position. */
export interface FastLimits {
  maxDepth: number;
  maxKeys?: number;
  maxNodes?: number;
}

/** Reads `text` if it lies in the subset and within the limits, else returns undefined (then use `yaml`). */
export function parseSimpleYaml(text: string, limits: number | FastLimits): FastParse | undefined {
  if (outsideSubset.test(text)) return undefined;
  const { maxDepth, maxKeys = Infinity, maxNodes = Infinity } = typeof limits === 'number' ? { maxDepth: limits } : limits;
  const reader = new Reader(text, maxDepth, maxKeys, maxNodes);
  let root: { data: Record<string, unknown>; start: number; end: number };
  try {
    root = reader.read();
  } catch (error) {
    if (error === giveUp) return undefined;
    throw error;
  }
  const positions = reader.positions;

  function offsets(path: DocPath, target: 'key' | 'value'): [number, number] {
    // Mirrors the walk over `yaml` nodes in yaml-source.ts: stop at the first segment that does not exist.
    let node: unknown = root.data;
    let start = root.start;
    let end = root.end;
    let keyStart = -1;
    let keyEnd = -1;
    for (const segment of path) {
      const table = typeof node === 'object' && node !== null ? positions.get(node) : undefined;
      if (table === undefined) break;
      if (Array.isArray(table)) {
        if (typeof segment !== 'number' || !Number.isInteger(segment) || segment < 0 || segment * 2 >= table.length) break;
        node = (node as unknown[])[segment];
        start = table[segment * 2]!;
        end = table[segment * 2 + 1]!;
        keyStart = keyEnd = -1;
      } else {
        const index = table.keys.indexOf(String(segment));
        if (index === -1) break;
        node = (node as Record<string, unknown>)[table.keys[index]!];
        keyStart = table.pos[index * 4]!;
        keyEnd = table.pos[index * 4 + 1]!;
        start = table.pos[index * 4 + 2]!;
        end = table.pos[index * 4 + 3]!;
      }
    }
    return target === 'key' && keyStart >= 0 ? [keyStart, keyEnd] : [start, end];
  }

  return { data: root.data, offsets };
}
