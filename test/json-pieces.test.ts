import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringifyJsonSafely, writeJsonSafely } from '../src/util/text.js';

function piecesOf(value: unknown, splitDepth?: number, wholeBelow?: number): string[] {
  const pieces: string[] = [];
  writeJsonSafely(value, (piece) => pieces.push(piece), splitDepth, wholeBelow);
  return pieces;
}

describe('JSON written in pieces', () => {
  it('joins to exactly the text of stringifyJsonSafely(value, 2), at every split depth', () => {
    const hostile = fc.constantFrom('\u009b', '\u202e', '\n', '"', '\\', '\u0000', 'plain');
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue(),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(fc.oneof(fc.string(), hostile), tie('node'), { maxKeys: 4 }),
        fc.record({ kept: tie('node'), dropped: fc.constant(undefined) }),
        hostile,
      ),
    })).node;
    fc.assert(
      fc.property(value, fc.integer({ min: 0, max: 5 }), (input, splitDepth) => {
        expect(piecesOf(input, splitDepth, 0).join('')).toBe(stringifyJsonSafely(input, 2));
      }),
      { numRuns: 500 },
    );
    // Documents large enough to be split: hundreds of random entries, as in a report of many findings.
    fc.assert(
      fc.property(fc.array(value, { minLength: 260, maxLength: 300 }), fc.integer({ min: 1, max: 5 }), (entries, splitDepth) => {
        const document = [{ file: 'a', messages: entries, count: entries.length }];
        expect(piecesOf(document, splitDepth, 8).join('')).toBe(stringifyJsonSafely(document, 2));
      }),
      { numRuns: 30 },
    );
  });

  it('writes a large list element by element, not as one string', () => {
    const report = [{ messages: Array.from({ length: 1000 }, (_, index) => ({ line: index, message: `finding ${index}` })) }];
    const pieces = piecesOf(report, 4, 100);
    expect(pieces.length).toBeGreaterThan(1000);
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThan(100);
    // A small document is one piece.
    expect(piecesOf([{ messages: [{ line: 1 }] }], 4, 100)).toEqual([stringifyJsonSafely([{ messages: [{ line: 1 }] }], 2)]);
  });
});
