let row = new Int32Array(64);

/**
 * Levenshtein distance when it is at most `bound`, otherwise any number above `bound`.
 * Stops as soon as a whole row exceeds the bound, so hints stay cheap against
 * thousands of candidates (step ids of a generated journey).
 */
export function boundedEditDistance(a: string, b: string, bound: number): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > bound) return bound + 1;
  // A common prefix and suffix never change the distance ('step-000123' and 'step-missing-123' compare as '000' and 'missing-').
  let start = 0;
  let endA = a.length;
  let endB = b.length;
  while (start < endA && start < endB && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--;
    endB--;
  }
  const lengthA = endA - start;
  const lengthB = endB - start;
  if (lengthA === 0 || lengthB === 0) return Math.min(lengthA + lengthB, bound + 1);
  if (row.length <= lengthB) row = new Int32Array(lengthB * 2 + 2);
  const previous = row;
  for (let j = 0; j <= lengthB; j++) previous[j] = j;
  for (let i = 1; i <= lengthA; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    let rowMinimum = i;
    const code = a.charCodeAt(start + i - 1);
    for (let j = 1; j <= lengthB; j++) {
      const above = previous[j]!;
      const value = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (code === b.charCodeAt(start + j - 1) ? 0 : 1));
      previous[j] = value;
      if (value < rowMinimum) rowMinimum = value;
      diagonal = above;
    }
    if (rowMinimum > bound) return bound + 1;
  }
  return Math.min(previous[lengthB]!, bound + 1);
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
  return hintFor(closest(word, candidates));
}

function hintFor(hint: string | undefined): string {
  return hint ? ` — did you mean '${hint}'?` : '';
}

interface Candidate {
  /** Position in the candidate list: ties go to the earlier candidate, as in `closest`. */
  order: number;
  text: string;
  lower: string;
}

/**
 * Candidates of one length with the same characters up to their digits (`step-000123` and `step-004567`):
 * a lower bound of the distance from a word holds for all of them, so far groups are skipped whole.
 */
interface CandidateGroup {
  /** Character class, count; classes as in `characterClass`. */
  counts: number[];
  candidates: Candidate[];
}

/** Digits fold into one class, other characters beyond ASCII into another; folding only weakens the bound. */
function characterClass(code: number): number {
  return code >= 48 && code <= 57 ? 48 : code < 128 ? code : 127;
}

const classCounts = new Int32Array(128);

/**
 * `closest` for many words against the same candidates (unknown targets against every step id of a journey):
 * the candidates are lower-cased once and grouped by length and by their characters (digits taken as one), so a
 * word is compared only with groups whose length is within its edit bound and whose characters could be; prefix
 * matches are looked up instead of searched. Gives the same answer as `closest` for every word.
 */
export function createSuggester(candidates: Iterable<string>): (word: string) => string | undefined {
  const byLength = new Map<number, Map<string, CandidateGroup>>();
  const byLower = new Map<string, Candidate[]>();
  let order = 0;
  for (const text of candidates) {
    const candidate: Candidate = { order: order++, text, lower: text.toLowerCase() };
    const { lower } = candidate;
    for (let i = 0; i < lower.length; i++) classCounts[characterClass(lower.charCodeAt(i))]!++;
    const counts: number[] = [];
    for (let i = 0; i < lower.length; i++) {
      const kind = characterClass(lower.charCodeAt(i));
      if (classCounts[kind]! === 0) continue;
      counts.push(kind, classCounts[kind]!);
      classCounts[kind] = 0;
    }
    const signature = counts.join(',');
    let sameLength = byLength.get(lower.length);
    if (!sameLength) byLength.set(lower.length, (sameLength = new Map()));
    const group = sameLength.get(signature);
    if (group) group.candidates.push(candidate);
    else sameLength.set(signature, { counts, candidates: [candidate] });
    const sameText = byLower.get(lower);
    if (sameText) sameText.push(candidate);
    else byLower.set(lower, [candidate]);
  }
  return (word) => {
    const lower = word.toLowerCase();
    const limit = Math.max(2, Math.ceil(word.length / 3));
    for (let i = 0; i < lower.length; i++) classCounts[characterClass(lower.charCodeAt(i))]!++;
    let best: Candidate | undefined;
    let bestDistance = limit + 1;
    // Nearest lengths first, so the bound tightens early; a tie is won by the earlier candidate.
    for (let gap = 0; gap <= limit && gap < bestDistance + 1; gap++) {
      for (const length of gap === 0 ? [lower.length] : [lower.length - gap, lower.length + gap]) {
        if (gap > (best ? bestDistance : limit)) continue;
        for (const group of byLength.get(length)?.values() ?? []) {
          // An edit changes at most one character on each side: the distance is at least the longer length
          // minus the characters (by class) the two have in common.
          let common = 0;
          for (let at = 0; at < group.counts.length; at += 2) common += Math.min(classCounts[group.counts[at]!]!, group.counts[at + 1]!);
          if (Math.max(lower.length, length) - common > (best ? bestDistance : limit)) continue;
          for (const candidate of group.candidates) {
            const bound = best ? bestDistance : limit;
            const distance = boundedEditDistance(lower, candidate.lower, bound);
            if (distance > bound) continue;
            if (!best || distance < bestDistance || (distance === bestDistance && candidate.order < best.order)) {
              best = candidate;
              bestDistance = distance;
            }
          }
        }
      }
    }
    for (let i = 0; i < lower.length; i++) classCounts[characterClass(lower.charCodeAt(i))] = 0;
    if (best) return best.text;
    // Candidates the word starts with ('ending' -> 'end'): the longest, the first of equal length.
    const prefixes: Candidate[] = [];
    for (let length = 3; length <= lower.length; length++) prefixes.push(...(byLower.get(lower.slice(0, length)) ?? []));
    let prefixMatch: string | undefined;
    for (const candidate of prefixes.sort((a, b) => a.order - b.order)) {
      if (prefixMatch === undefined || candidate.lower.length > prefixMatch.length) prefixMatch = candidate.text;
    }
    return prefixMatch;
  };
}

/** `didYouMean` for many words against the same candidates. */
export function createHinter(candidates: Iterable<string>): (word: string) => string {
  const suggest = createSuggester(candidates);
  return (word) => hintFor(suggest(word));
}
