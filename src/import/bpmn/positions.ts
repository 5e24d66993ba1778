import { SaxesParser } from 'saxes';
import type { Range } from '../../types.js';

export interface XmlPositions {
  /** Element id -> the range of its start tag's name (`<bpmn:task` from `<` to the end of the name). */
  byId: Map<string, Range>;
  /** The document element (`definitions`), for findings about the model as a whole. */
  root: Range;
  /** The first well-formedness error, with its position. */
  error?: { message: string; line: number; column: number };
}

/**
 * Where each element with an `id` starts in the XML. bpmn-moddle keeps no positions (its reader, saxen, computes a
 * position only for errors, by rescanning the text), so the same text is read a second time with saxes, a maintained
 * XML parser that tracks line and column as it goes.
 */
export function elementPositions(xml: string): XmlPositions {
  const byId = new Map<string, Range>();
  let root: Range | undefined;
  let error: XmlPositions['error'];
  const parser = new SaxesParser({ position: true });
  let tagStart: Range | undefined;
  parser.on('opentagstart', (tag) => {
    // After the tag name, saxes' column is one past the name (1-based); the `<` is the name's length plus one before.
    const column = parser.column - tag.name.length - 1;
    tagStart = { line: parser.line, column, endLine: parser.line, endColumn: parser.column };
    root ??= tagStart;
  });
  parser.on('opentag', (tag) => {
    const id = tag.attributes.id;
    if (typeof id === 'string' && tagStart && !byId.has(id)) byId.set(id, tagStart);
  });
  parser.on('error', (problem) => {
    if (!error) {
      // saxes puts "file:line:column: " in front of its message; the position is reported separately.
      error = { message: problem.message.replace(/^(?:[^:]*:)?\d+:\d+: /, ''), line: parser.line, column: Math.max(1, parser.column) };
    }
  });
  try {
    parser.write(xml).close();
  } catch {
    // saxes throws after reporting through 'error' when it cannot go on; the first error is kept above.
  }
  return { byId, root: root ?? { line: 1, column: 1, endLine: 1, endColumn: 2 }, ...(error ? { error } : {}) };
}
