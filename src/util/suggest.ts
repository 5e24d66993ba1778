/** Levenshtein distance, bounded: small strings only (field names, rule ids, channel names). */
export function editDistance(a: string, b: string): number {
  return boundedEditDistance(a, b, Math.max(a.length, b.length));
}

let row = new Int32Array(64);

/**
 * Levenshtein distance when it is at most `bound`, otherwise any number above `bound`.
 * Stops as soon as a whole row exceeds the bound, so hints stay cheap against
 * thousands of candidates (step ids of a generated journey).
 */
export function boundedEditDistance(a: string, b: string, bound: number): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > bound) return bound + 1;
  if (row.length <= b.length) row = new Int32Array(b.length * 2 + 2);
  const previous = row;
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    let rowMinimum = i;
    const code = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      const value = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (code === b.charCodeAt(j - 1) ? 0 : 1));
      previous[j] = value;
      if (value < rowMinimum) rowMinimum = value;
      diagonal = above;
    }
    if (rowMinimum > bound) return bound + 1;
  }
  return previous[b.length]!;
}

/**
 * The closest candidate for "did you mean" hints: within two edits or a third of the word's
 * length, or else a candidate the word starts with ('ending' -> 'end').
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.ceil(word.length / 3)) + 1;
  let prefixMatch: string | undefined;
  for (const candidate of candidates) {
    const other = candidate.toLowerCase();
    if (other.length >= 3 && lower.startsWith(other) && (prefixMatch === undefined || other.length > prefixMatch.length)) prefixMatch = candidate;
    if (Math.abs(other.length - lower.length) >= bestDistance) continue;
    const distance = boundedEditDistance(lower, other, bestDistance - 1);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best ?? prefixMatch;
}

export function didYouMean(word: string, candidates: Iterable<string>): string {
  const hint = closest(word, candidates);
  return hint ? ` — did you mean '${hint}'?` : '';
}
