import { createRequire } from 'node:module';
import type { Document, LineCounter, Node } from 'yaml';
import type { DocPath, Range } from '../types.js';
import { parseSimpleYaml, type FastParse } from './fast-yaml.js';

/** A problem with the YAML text itself, already positioned. */
interface ParseProblem extends Range {
  message: string;
}

export interface ParseLimits {
  /** Aliases a document may expand; guards against "billion laughs". */
  maxAliasCount: number;
  /** Deepest nesting of maps and sequences accepted. */
  maxDepth: number;
  /**
   * Most entries (scalars, collection openings, sequence items, aliases) of a file the fast reader leaves to `yaml`, whose memory grows with them.
   * The fast reader is linear and compact, so files it takes are not counted.
   */
  maxNodes?: number;
  /** Most keys in one mapping; `yaml` checks key uniqueness in time quadratic in this. */
  maxKeys?: number;
}

const defaultParseLimits: ParseLimits = { maxAliasCount: 100, maxDepth: 200 };

/** A limit reached while `yaml` was reading, at the offset of the token that crossed it. */
class LimitReached {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

/** Token types that make an entry (see ParseLimits.maxNodes): scalars, collection openings, sequence items, aliases. */
const entryTokens: ReadonlySet<string> = new Set(['scalar', 'single-quoted-scalar', 'double-quoted-scalar', 'block-scalar-header', 'flow-map-start', 'flow-seq-start', 'seq-item-ind', 'alias']);

/** The lexer's markers (document, flow end, scalar): tokens that take no room in the text. */
const markers: ReadonlySet<string> = new Set(['\u0002', '\u0018', '\u001f']);

/**
 * Counts entries with `yaml`'s lexer alone, which streams and keeps nothing: the parser's tokens for a
 * million entries take more than half a gigabyte, so the count comes before them.
 */
function countEntries(text: string, maxNodes: number): void {
  const { CST, Lexer } = loadYaml();
  let entries = 0;
  let offset = 0;
  for (const lexeme of new Lexer().lex(text)) {
    const type = CST.tokenType(lexeme);
    if (type !== null && entryTokens.has(type) && ++entries > maxNodes) {
      throw new LimitReached(offset, `the document has more than ${maxNodes} entries (limits.maxNodes); split it into smaller journeys`);
    }
    if (!markers.has(lexeme)) offset += lexeme.length;
  }
}

/**
 * `yaml`'s own lexer and parser, driven one token at a time with the limits checked as the text is read:
 * the parser's stack of open collections is the nesting depth, the open mapping's items are its keys,
 * and entries are counted per token. Reading stops at the first token past a limit, so no layout of a
 * file (block scalars, quotes, flow collections) reaches the composer's recursion, its quadratic key
 * check or its memory beyond the limits.
 */
function* guardedTokens(text: string, limits: ParseLimits, onNewLine: (offset: number) => void): Generator<import('yaml').CST.Token> {
  const { Lexer, Parser } = loadYaml();
  const parser = new Parser(onNewLine);
  const maxKeys = limits.maxKeys ?? Infinity;
  if (limits.maxNodes !== undefined) countEntries(text, limits.maxNodes);
  onNewLine(0);
  for (const lexeme of new Lexer().lex(text)) {
    const offset = parser.offset;
    yield* parser.next(lexeme);
    const stack = parser.stack;
    if (stack.length > limits.maxDepth) {
      let collections = 0;
      for (const token of stack) {
        if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
        // Positioned at the collection one level too deep.
        if (++collections > limits.maxDepth) throw new LimitReached(token.offset, `the document nests deeper than ${limits.maxDepth} levels (limits.maxDepth)`);
      }
    }
    // Items join the collections at the top of the stack (a key's scalar may sit above its mapping).
    for (let index = stack.length - 1; index >= 0 && index >= stack.length - 3; index--) {
      const token = stack[index]!;
      const isMap = token.type === 'block-map' || (token.type === 'flow-collection' && token.start.source === '{');
      // An item holding only indentation or comments is the parser's scratch: a key or `:` makes it an entry.
      const item = isMap ? token.items[maxKeys] : undefined;
      if (item && (item.key || item.sep)) {
        // Positioned at the first key past the limit.
        throw new LimitReached(item.key?.offset ?? item.sep?.[0]?.offset ?? offset, `a mapping has more than ${maxKeys} keys (limits.maxKeys)`);
      }
    }
  }
  yield* parser.end();
}

/**
 * The parsed document plus the source map that turns document paths into positions.
 * Rules never see this; the engine uses `locate` to position what rules report.
 */
export interface ParsedYaml {
  /** Plain data (maps become null-prototype-free plain objects), or undefined when unusable. */
  data: unknown;
  problems: ParseProblem[];
  /** Position of the node at `path`; with `target: 'key'`, of the key naming it. Falls back to the nearest existing ancestor. */
  locate(path: DocPath, target?: 'key' | 'value'): Range;
}

type Pos = { line: number; col: number };

/** `yaml` is loaded only for files the fast reader leaves to it. */
const require = createRequire(import.meta.url);
let yamlModule: typeof import('yaml') | undefined;
function loadYaml(): typeof import('yaml') {
  yamlModule ??= require('yaml') as typeof import('yaml');
  return yamlModule;
}

type LinePositions = Pick<LineCounter, 'linePos'>;

function rangeFrom(lineCounter: LinePositions, start: number, end: number): Range {
  const a: Pos = lineCounter.linePos(start);
  const b: Pos = lineCounter.linePos(Math.max(start, end));
  return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
}

function depthExceeds(node: unknown, max: number): boolean {
  const { isMap, isPair, isSeq } = loadYaml();
  // Iterative so that a 10,000-level document cannot overflow the stack here.
  const stack: Array<[unknown, number]> = [[node, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    // Depth counts maps and sequences, like the pre-scan; a scalar adds no level.
    if (depth > max && (isMap(current) || isSeq(current))) return true;
    if (isMap(current) || isSeq(current)) {
      for (const item of current.items as unknown[]) {
        if (isPair(item)) {
          stack.push([item.value, depth + 1]);
        } else {
          stack.push([item, depth + 1]);
        }
      }
    }
  }
  return false;
}

/**
 * Parses one journey file. Plain journey YAML goes through a fast reader that gives the same data and
 * positions as `yaml`; anything else (and every file with an error) goes through `yaml` itself.
 */
export function parseYaml(text: string, limits: ParseLimits = defaultParseLimits): ParsedYaml {
  // The fast reader is linear and compact, so the number of entries (a bound on `yaml`'s memory) does not apply to it.
  const fast = parseSimpleYaml(text, { maxDepth: limits.maxDepth, ...(limits.maxKeys !== undefined ? { maxKeys: limits.maxKeys } : {}) });
  if (fast) return fromFastParse(text, fast);
  return parseYamlFully(text, limits);
}

/** Line starts of `text` and the same binary search as `yaml`'s LineCounter.linePos. */
function lineCounterFor(text: string): LinePositions {
  const lineStarts = [0];
  for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', newline + 1)) lineStarts.push(newline + 1);
  return {
    linePos(offset: number) {
      let low = 0;
      let high = lineStarts.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (lineStarts[middle]! < offset) low = middle + 1;
        else high = middle;
      }
      if (lineStarts[low] === offset) return { line: low + 1, col: 1 };
      if (low === 0) return { line: 0, col: offset };
      return { line: low, col: offset - lineStarts[low - 1]! + 1 };
    },
  };
}

function fromFastParse(text: string, fast: FastParse): ParsedYaml {
  let lineCounter: LinePositions | undefined;
  return {
    data: fast.data,
    problems: [],
    locate(path: DocPath, target: 'key' | 'value' = 'value'): Range {
      lineCounter ??= lineCounterFor(text);
      const [start, end] = fast.offsets(path, target);
      return rangeFrom(lineCounter, start, end);
    },
  };
}

/** The reference parser: `yaml` with a source map, strict about errors. */
export function parseYamlFully(text: string, limits: ParseLimits = defaultParseLimits): ParsedYaml {
  const { Composer, isMap, isScalar, isSeq, LineCounter } = loadYaml();
  const lineCounter = new LineCounter();
  const problems: ParseProblem[] = [];
  const at = (offset: number, end?: number): Range => rangeFrom(lineCounter, offset, end ?? offset + 1);
  const whole: Range = { line: 1, column: 1, endLine: 1, endColumn: 1 };
  let docs: Document.Parsed[];
  try {
    // What parseAllDocuments does, with the limits checked token by token.
    docs = Array.from(new Composer({ uniqueKeys: true, strict: true, logLevel: 'error' }).compose(guardedTokens(text, limits, (offset) => lineCounter.addNewLine(offset))));
  } catch (error) {
    if (!(error instanceof LimitReached)) throw error;
    // The entries are counted before the parser has seen any line: positions from the text itself.
    const range = rangeFrom(lineCounterFor(text), error.offset, error.offset + 1);
    return { data: undefined, problems: [{ ...range, message: error.message }], locate: () => range };
  }
  const doc = docs[0];

  if (docs.length > 1) {
    const second = docs[1]!;
    const start = second.range?.[0] ?? 0;
    problems.push({ ...at(start), message: 'more than one YAML document in the file; a journey file holds exactly one journey' });
  }

  if (doc) {
    for (const error of doc.errors) {
      const source = error.code === 'DUPLICATE_KEY' ? (/^[^:\n]*/.exec(text.slice(error.pos[0], error.pos[0] + 200))?.[0] ?? '') : '';
      problems.push({ ...at(error.pos[0], error.pos[1]), message: describeYamlError(error.code, error.message, source) });
    }
    for (const warning of doc.warnings) {
      // Unresolved tags (`!something`, `!!js/function`) are never executed; the file is rejected so nobody relies on them.
      problems.push({ ...at(warning.pos[0], warning.pos[1]), message: describeYamlError(warning.code, warning.message, '') });
    }
  }

  let data: unknown;
  if (doc && problems.length === 0) {
    if (depthExceeds(doc.contents, limits.maxDepth)) {
      problems.push({ ...whole, message: `the document nests deeper than ${limits.maxDepth} levels (limits.maxDepth)` });
    } else {
      try {
        data = doc.toJS({ maxAliasCount: limits.maxAliasCount });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        problems.push({
          ...whole,
          message: /excessive alias/i.test(message)
            ? `aliases expand too far (more than ${limits.maxAliasCount} alias nodes, limits.maxAliasCount): ${message}`
            : `cannot read the document: ${message}`,
        });
      }
    }
  }

  function findNode(path: DocPath): { node: Node | null; key: Node | null; depthFound: number } {
    let node: unknown = doc?.contents ?? null;
    let key: Node | null = null;
    let depthFound = 0;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
        if (!pair) break;
        key = pair.key as Node;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment];
        if (item === undefined) break;
        key = null;
        node = item;
      } else {
        break;
      }
      depthFound++;
      // A key with no value (`next:`) still has a position: the key's.
      if (node === null || node === undefined) {
        return { node: key, key, depthFound };
      }
    }
    return { node: (node as Node | null) ?? null, key, depthFound };
  }

  function locate(path: DocPath, target: 'key' | 'value' = 'value'): Range {
    const { node, key } = findNode(path);
    const chosen = target === 'key' && key ? key : node;
    const range = chosen?.range;
    if (!range) return whole;
    return rangeFrom(lineCounter, range[0], range[1]);
  }

  return { data, problems, locate };
}

/** yaml's messages are precise but terse; these read better to a process owner. */
function describeYamlError(code: string, message: string, source: string): string {
  const firstLine = (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
  switch (code) {
    case 'DUPLICATE_KEY':
      return `duplicate key '${source.trim()}': a key may appear only once in a mapping`;
    case 'TAB_AS_INDENT':
      return 'tabs are not allowed for indentation in YAML; use spaces';
    case 'TAG_RESOLVE_FAILED':
      return `${firstLine}; custom tags are not supported and are never executed`;
    default:
      return `YAML syntax error: ${firstLine}`;
  }
}
