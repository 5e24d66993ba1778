import type { Journey } from '../model/journey.js';
import type { Finding } from '../types.js';
import { invisibleControls } from '../util/text.js';
import { numberFindings } from './mermaid.js';

/**
 * Escapes text from a journey file for Markdown prose: every ASCII punctuation mark that Markdown or
 * GitHub/GitLab give a meaning to inside a line is backslash-escaped (CommonMark allows that for all
 * ASCII punctuation), so a name can never open a link, an image, emphasis, a table cell, raw HTML,
 * math, a mention or an issue reference. Line-start syntax cannot occur: escaped text never starts a line.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ').replace(invisibleControls, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).replace(/[\\`*_{}[\]#!|<>~&$@]/g, '\\$&');
}

/** Rule ids are plain kebab-case; one from a plugin that is not falls back to escaped prose. */
function codeSpan(text: string): string {
  return /^[\w.:/-]+$/.test(text) ? `\`${text}\`` : escapeMarkdown(text);
}

export interface MarkdownInput {
  journey: Journey;
  findings: readonly Finding[];
  /** Path of the journey file as shown to the reader. */
  file: string;
  /** Mermaid text from journeyToMermaid (already safe: every label is escaped there). */
  mermaid: string;
  annotate: boolean;
}

/**
 * A Markdown page for one journey: a ```mermaid block that GitHub and GitLab draw natively, and the
 * numbered findings that match the badges in the diagram.
 */
export function journeyMarkdown(input: MarkdownInput): string {
  const { journey } = input;
  const lines: string[] = [];
  const heading = journey.title !== undefined ? `${escapeMarkdown(journey.title)} (${escapeMarkdown(journey.id)})` : escapeMarkdown(journey.id);
  lines.push(`# ${heading}`, '', `Source: ${escapeMarkdown(input.file)}`, '');
  // The Mermaid text holds no backticks (they are entity codes), so the fence cannot be closed early.
  lines.push('```mermaid', input.mermaid.trimEnd(), '```', '');
  if (input.annotate) {
    const numbered = numberFindings(input.findings);
    lines.push('## Findings', '');
    if (numbered.length === 0) lines.push('No findings.');
    for (const { number, finding } of numbered) {
      const step = finding.step !== undefined ? ` at step ${escapeMarkdown(finding.step)}` : '';
      lines.push(`${number}. **${finding.severity}** ${codeSpan(finding.ruleId)}${step}: ${escapeMarkdown(finding.message)} (line ${finding.line})`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
