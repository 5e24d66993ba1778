import { describe, expect, it } from 'vitest';
import { boundedEditDistance, closest, createSuggester } from '../src/util/suggest.js';

describe('createSuggester', () => {
  // Deterministic, so a failure can be replayed.
  let seed = 11;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const alphabet = ['a', 'b', 'c', '-', 'D', 'İ', 'ß', '1'];
  const word = (max: number) => Array.from({ length: Math.floor(random() * max) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
  const mutate = (text: string) => {
    const chars = [...text];
    for (let edits = Math.floor(random() * 4); edits > 0; edits--) {
      const at = Math.floor(random() * (chars.length + 1));
      const kind = random();
      if (kind < 0.33) chars.splice(at, 1);
      else if (kind < 0.66) chars.splice(at, 0, alphabet[Math.floor(random() * alphabet.length)]!);
      else chars.splice(at, 1, alphabet[Math.floor(random() * alphabet.length)]!);
    }
    return chars.join('');
  };

  it('gives the answer of closest() for every word: nearest, earliest on ties, else the longest prefix', () => {
    let hints = 0;
    for (let set = 0; set < 150; set++) {
      const candidates = Array.from({ length: 1 + Math.floor(random() * 30) }, () => word(12));
      const suggest = createSuggester(candidates);
      for (let query = 0; query < 40; query++) {
        const base = candidates[Math.floor(random() * candidates.length)]!;
        const text = random() < 0.2 ? base + word(6) : random() < 0.5 ? mutate(base) : word(14);
        const expected = closest(text, candidates);
        if (expected !== undefined) hints++;
        expect(suggest(text), `${JSON.stringify(text)} among ${JSON.stringify(candidates)}`).toBe(expected);
      }
    }
    expect(hints).toBeGreaterThan(1000);
  });

  it('answers like closest() against 50,000 step ids', () => {
    const ids = Array.from({ length: 50_000 }, (_, index) => `step-${String(index).padStart(6, '0')}`);
    const suggest = createSuggester(ids);
    for (const [text, hint] of [['step-missing-123', undefined], ['step-00012', 'step-000012'], ['step-000123-extra', 'step-000123'], ['STEP-000007', 'step-000007']] as const) {
      expect(suggest(text)).toBe(hint);
      expect(closest(text, ids)).toBe(hint);
    }
  });
});

describe('boundedEditDistance', () => {
  /** Textbook Levenshtein distance, full table. */
  function levenshtein(a: string, b: string): number {
    const table = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++) {
      for (let j = 1; j <= b.length; j++) {
        table[i]![j] = Math.min(table[i - 1]![j]! + 1, table[i]![j - 1]! + 1, table[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      }
    }
    return table[a.length]![b.length]!;
  }
  let seed = 5;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const text = (max: number) => Array.from({ length: Math.floor(random() * max) }, () => 'ab-01'[Math.floor(random() * 5)]).join('');

  it('is exact up to the bound and above it beyond, also for words sharing a prefix and a suffix', () => {
    for (let pair = 0; pair < 3000; pair++) {
      const prefix = random() < 0.5 ? text(6) : '';
      const suffix = random() < 0.5 ? text(4) : '';
      const a = prefix + text(8) + suffix;
      const b = prefix + text(8) + suffix;
      const bound = Math.floor(random() * 6);
      const exact = levenshtein(a, b);
      const bounded = boundedEditDistance(a, b, bound);
      if (exact <= bound) expect(bounded, `${a} ${b} ${bound}`).toBe(exact);
      else expect(bounded, `${a} ${b} ${bound}`).toBeGreaterThan(bound);
    }
  });
});
