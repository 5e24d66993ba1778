/**
 * A cheap, linear look at YAML text before the real parser sees it. The parser recurses once per
 * nesting level and allocates per node, so a hostile file (10,000 nested `[`, millions of tiny flow
 * entries, one 50 MB line) could overflow the stack or exhaust memory inside it. This scan refuses
 * such files first, with a position, in time and memory proportional to nothing but one pass.
 *
 * It approximates YAML's structure: block nesting from indentation and `- ` entries, flow nesting
 * from brackets at token starts, skipping quoted and block scalars and comments. It may count a level
 * more than the parser would (never fewer for the shapes that make the parser recurse), which only
 * matters near the limits.
 */

export interface StructureLimits {
  /** Deepest nesting of maps and sequences. */
  maxDepth: number;
  /** Longest line, in characters. */
  maxLineLength: number;
  /** Most structural entries: lines with content plus flow-collection items. */
  maxNodes: number;
  /** Most keys in one mapping (the parser checks key uniqueness in quadratic time). */
  maxKeys: number;
}

export interface StructureProblem {
  line: number;
  column: number;
  message: string;
}

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

interface Level {
  indent: number;
  /** A sequence written at the same indentation as the key that holds it. */
  sameIndentSequence: boolean;
  /** Lines at this indentation that are not `- ` entries: keys of a mapping. */
  keys: number;
}

export function prescanStructure(text: string, limits: StructureLimits): StructureProblem | undefined {
  const length = text.length;
  const stack: Level[] = [];
  let flowDepth = 0;
  let nodes = 0;
  let line = 1;
  let lineStart = 0;
  /** Inside a quoted scalar that may span lines: its quote character, or 0. */
  let quote = 0;
  /** Inside a block scalar (`|` or `>`): lines indented deeper than this belong to it; -1 when not. */
  let blockScalarParent = -1;

  const tooDeep = (offset: number): StructureProblem => ({
    line,
    column: offset - lineStart + 1,
    message: `the document nests deeper than ${limits.maxDepth} levels (limits.maxDepth)`,
  });
  const tooMany = (offset: number): StructureProblem => ({
    line,
    column: offset - lineStart + 1,
    message: `the document has more than ${limits.maxNodes} entries (limits.maxNodes); split it into smaller journeys`,
  });

  const tooManyKeys = (offset: number): StructureProblem => ({
    line,
    column: offset - lineStart + 1,
    message: `a mapping has more than ${limits.maxKeys} keys (limits.maxKeys)`,
  });
  /** Per open flow collection: its keys so far for `{`, -1 for `[`. */
  const flowKeys: number[] = [];

  let offset = 0;
  while (offset < length) {
    // ---- start of a line
    let lineEnd = text.indexOf('\n', offset);
    if (lineEnd === -1) lineEnd = length;
    if (lineEnd - offset > limits.maxLineLength) {
      return {
        line,
        column: limits.maxLineLength + 1,
        message: `line ${line} is ${lineEnd - offset} characters long, more than the limit of ${limits.maxLineLength} (limits.maxLineLength)`,
      };
    }
    let position = offset;
    while (position < lineEnd && (text.charCodeAt(position) === SPACE || text.charCodeAt(position) === TAB)) position++;
    const indent = position - offset;
    const blank = position >= lineEnd || text.charCodeAt(position) === CR || text.charCodeAt(position) === 0x23; /* # */

    if (blockScalarParent >= 0) {
      if (blank || indent > blockScalarParent) {
        offset = lineEnd + 1;
        line++;
        lineStart = offset;
        continue;
      }
      blockScalarParent = -1;
    }

    let atTokenStart = true;
    if (quote === 0 && flowDepth === 0 && !blank) {
      if (++nodes > limits.maxNodes) return tooMany(position);
      while (stack.length > 0 && stack[stack.length - 1]!.indent > indent) stack.pop();
      const top = stack[stack.length - 1];
      const isEntry = isSequenceEntry(text, position, lineEnd);
      if (top && top.indent === indent) {
        if (isEntry && !top.sameIndentSequence && stack.length > 0) {
          // `key:` followed by `- item` at the key's indentation: a sequence one level down.
          const below = stack[stack.length - 2];
          if (!below || below.indent < indent) stack.push({ indent, sameIndentSequence: true, keys: 0 });
        } else if (!isEntry && top.sameIndentSequence) {
          stack.pop();
        }
      } else {
        stack.push({ indent, sameIndentSequence: false, keys: 0 });
      }
      // Compact nesting on one line: `- - - x` or `- key: value`.
      while (isSequenceEntry(text, position, lineEnd)) {
        position++;
        while (position < lineEnd && text.charCodeAt(position) === SPACE) position++;
        if (position >= lineEnd || text.charCodeAt(position) === 0x23 || text.charCodeAt(position) === CR) break;
        stack.push({ indent: position - offset, sameIndentSequence: false, keys: 0 });
        if (stack.length + flowDepth > limits.maxDepth) return tooDeep(position);
      }
      if (stack.length > limits.maxDepth) return tooDeep(position);
      const level = stack[stack.length - 1]!;
      if (!level.sameIndentSequence && !isSequenceEntry(text, position, lineEnd) && ++level.keys > limits.maxKeys) return tooManyKeys(position);
    }

    // ---- the rest of the line, character by character
    for (; position < lineEnd; position++) {
      const char = text.charCodeAt(position);
      if (quote !== 0) {
        if (quote === 0x22 /* " */ && char === 0x5c /* \ */) {
          position++;
        } else if (char === quote) {
          if (quote === 0x27 /* ' */ && text.charCodeAt(position + 1) === 0x27) position++;
          else {
            quote = 0;
            atTokenStart = false;
          }
        }
        continue;
      }
      // Whitespace keeps the state: `key:   [` opens a flow collection, `a 'b` is plain text.
      if (char === SPACE || char === TAB || char === CR) continue;
      if (char === 0x23 /* # */ && (position === lineStart || isSpace(text.charCodeAt(position - 1)))) break;
      if (atTokenStart && (char === 0x22 || char === 0x27)) {
        quote = char;
        continue;
      }
      if (char === 0x5b /* [ */ || char === 0x7b /* { */) {
        if (flowDepth > 0 || atTokenStart) {
          flowDepth++;
          flowKeys.push(char === 0x7b ? 1 : -1);
          if (++nodes > limits.maxNodes) return tooMany(position);
          if (stack.length + flowDepth > limits.maxDepth) return tooDeep(position);
          atTokenStart = true;
          continue;
        }
      } else if (flowDepth > 0 && (char === 0x5d /* ] */ || char === 0x7d /* } */)) {
        flowDepth--;
        flowKeys.pop();
        atTokenStart = false;
        continue;
      } else if (flowDepth > 0 && char === 0x2c /* , */) {
        if (++nodes > limits.maxNodes) return tooMany(position);
        const keys = flowKeys[flowKeys.length - 1];
        if (keys !== undefined && keys >= 0 && (flowKeys[flowKeys.length - 1] = keys + 1) > limits.maxKeys) return tooManyKeys(position);
        atTokenStart = true;
        continue;
      } else if ((char === 0x3a /* : */ || char === 0x3f /* ? */) && (position + 1 >= lineEnd || isSpace(text.charCodeAt(position + 1)) || (char === 0x3a && flowDepth > 0))) {
        atTokenStart = true;
        continue;
      } else if (atTokenStart && flowDepth === 0 && (char === 0x7c /* | */ || char === 0x3e /* > */) && isBlockScalarHeader(text, position + 1, lineEnd)) {
        blockScalarParent = indent;
        break;
      } else if (atTokenStart && (char === 0x26 /* & */ || char === 0x21 /* ! */)) {
        // An anchor or a tag: what follows it starts a token too.
        while (position + 1 < lineEnd && !isSpace(text.charCodeAt(position + 1))) position++;
        continue;
      }
      atTokenStart = false;
    }
    offset = lineEnd + 1;
    line++;
    lineStart = offset;
  }
  return undefined;
}

function isSpace(char: number): boolean {
  return char === SPACE || char === TAB || char === CR || char === LF;
}

/** `-` followed by a space or the end of the line. */
function isSequenceEntry(text: string, position: number, lineEnd: number): boolean {
  return text.charCodeAt(position) === 0x2d /* - */ && (position + 1 >= lineEnd || isSpace(text.charCodeAt(position + 1)));
}

/** After `|` or `>`: optional chomping and indentation indicators, then a comment or the end of the line. */
function isBlockScalarHeader(text: string, position: number, lineEnd: number): boolean {
  let index = position;
  while (index < lineEnd && /[+\-0-9]/.test(text[index]!)) index++;
  while (index < lineEnd && isSpace(text.charCodeAt(index))) index++;
  return index >= lineEnd || text.charCodeAt(index) === 0x23;
}
