/**
 * The one limit checked before any parser runs: the longest line. A line is a line whatever YAML
 * makes of it, so this check is exact. Depth, keys per mapping, entries and alias expansion are
 * counted where the data is read (parse/fast-yaml.ts and the guarded `yaml` reader in
 * parse/yaml-source.ts), never guessed from lines.
 */

export interface StructureProblem {
  line: number;
  column: number;
  message: string;
}

/** The first line longer than `maxLineLength` characters, with its position; undefined when none is. */
export function findLongLine(text: string, maxLineLength: number): StructureProblem | undefined {
  let line = 1;
  for (let offset = 0; offset <= text.length; line++) {
    let lineEnd = text.indexOf('\n', offset);
    if (lineEnd === -1) lineEnd = text.length;
    if (lineEnd - offset > maxLineLength) {
      return {
        line,
        column: maxLineLength + 1,
        message: `line ${line} is ${lineEnd - offset} characters long, more than the limit of ${maxLineLength} (limits.maxLineLength)`,
      };
    }
    offset = lineEnd + 1;
  }
  return undefined;
}
