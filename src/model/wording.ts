/** Normalised text: lower case, one space between words, no punctuation at the ends. */
export function normaliseText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\s\u00a0]+/g, ' ')
    .replace(/^[\s"'“”.,;:!?]+|[\s"'“”.,;:!?]+$/g, '');
}

/** Matches any of `words` at the start of a word, case-insensitively; undefined when no word is given. */
export function wordMatcher(words: readonly string[]): RegExp | undefined {
  const stems = words.map((word) => word.trim()).filter((word) => word !== '');
  if (stems.length === 0) return undefined;
  const escaped = stems.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[-\s]+/g, '[-\\s]+'));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})`, 'iu');
}
