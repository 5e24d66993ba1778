import type { Severity } from '../types.js';
import { neutraliseControlCharacters } from '../util/text.js';
import { activeFindings } from './counts.js';
import { displayPath } from './paths.js';
import type { Formatter } from './types.js';

const commands: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice' };

/** Escaping GitHub Actions requires for a command's message; other control characters are made visible. */
export function escapeData(text: string): string {
  return neutraliseControlCharacters(text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

/** Escaping for a command's property values: the data escapes plus `:` and `,`, which separate properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * The file property names the real file: only the escapes GitHub decodes (`%`, CR, LF, `:`, `,`), so a
 * control character in a file name stays that character and the annotation lands on that file.
 */
function escapeFileProperty(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * GitHub Actions workflow commands: one `::error|warning|notice` annotation per active finding, shown
 * inline on the pull request's changed files. Paths are relative to the repository root.
 */
export const github: Formatter = (results, context) => {
  const lines: string[] = [];
  for (const result of results) {
    for (const finding of activeFindings(result)) {
      const properties = [
        ['file', displayPath(finding.file, context)],
        ['line', String(finding.line)],
        ['col', String(finding.column)],
        ['endLine', String(Math.max(finding.endLine, finding.line))],
        ['endColumn', String(finding.endColumn)],
        ['title', finding.ruleId],
      ]
        .map(([key, value]) => `${key}=${key === 'file' ? escapeFileProperty(value!) : escapeProperty(value!)}`)
        .join(',');
      lines.push(`::${commands[finding.severity]} ${properties}::${escapeData(finding.message)}`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
};
