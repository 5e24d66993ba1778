/**
 * Text measured without a browser. The widths are DejaVu Sans's advance widths (the font the pictures
 * name first, and the one Debian and most Linux machines have), rounded up by character class, so a
 * wrapped line never runs past its box; the narrower fallback fonts (Liberation Sans, Arial, Helvetica)
 * only leave more room.
 */

const narrow = new Set([...'iljtfrI.,:;\'!|()[]{}" ']);
const wide = new Set([...'mwMW@%']);

/** Width of one character in em. */
function characterWidth(character: string): number {
  if (narrow.has(character)) return 0.4;
  if (wide.has(character)) return 1.0;
  const code = character.codePointAt(0)!;
  if (code >= 0x41 && code <= 0x5a) return 0.77;
  if (code > 0x2000) return 1.0;
  return 0.64;
}

/** Width of `text` at `size` points; bold text is about a tenth wider. */
export function textWidth(text: string, size: number, bold = false): number {
  let em = 0;
  for (const character of text) em += characterWidth(character);
  return em * size * (bold ? 1.1 : 1);
}

/** Cuts a word that is wider than the line into pieces that fit, after a hyphen where it can. */
function splitLongWord(word: string, width: number, size: number, bold: boolean): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const part of word.split(/(?<=-)/)) {
    if (textWidth(piece + part, size, bold) <= width) piece += part;
    else if (textWidth(part, size, bold) <= width) {
      if (piece !== '') pieces.push(piece);
      piece = part;
    } else {
      for (const character of part) {
        if (piece !== '' && textWidth(piece + character, size, bold) > width) {
          pieces.push(piece);
          piece = '';
        }
        piece += character;
      }
    }
  }
  if (piece !== '') pieces.push(piece);
  return pieces;
}

/** Plain text for a picture: Markdown code quotes in rule messages become typographic quotes. */
export function plainText(text: string): string {
  return text.replace(/`([^`]*)`/g, '‘$1’');
}

/**
 * Breaks text into lines no wider than `width`. With `maxLines`, the last line ends with an ellipsis
 * when the text does not fit; without it, all the text is kept (legend entries are never cut).
 */
export function wrapText(text: string, width: number, size: number, options: { bold?: boolean; maxLines?: number } = {}): string[] {
  const bold = options.bold ?? false;
  const words = text.replace(/\s+/g, ' ').trim().split(' ').flatMap((word) => (textWidth(word, size, bold) > width ? splitLongWord(word, width, size, bold) : [word]));
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line !== '' && textWidth(candidate, size, bold) > width) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line !== '') lines.push(line);
  if (lines.length === 0) lines.push('');
  const maxLines = options.maxLines;
  if (maxLines !== undefined && lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    let last = kept[maxLines - 1]!;
    while (last !== '' && textWidth(`${last}…`, size, bold) > width) last = Array.from(last).slice(0, -1).join('');
    kept[maxLines - 1] = `${last.trimEnd()}…`;
    return kept;
  }
  return lines;
}
