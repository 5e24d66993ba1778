import type { AuditedFile } from '../engine/engine.js';
import type { Finding, Severity } from '../types.js';
import { activeFindings, countFindings, plural } from './counts.js';
import { displayPath, encodePath, repoPath } from './paths.js';
import type { FixedFinding, Formatter, FormatterContext } from './types.js';
import { invisibleControls } from '../util/text.js';
import { heldBackNote } from './stylish.js';

/** GitHub refuses comments longer than this; GitLab's limit is larger. */
const commentLimit = 65_536;
/** Marks the comment so a workflow can find and update it instead of adding a new one. */
export const commentMarker = '<!-- journey-audit -->';

const icons: Record<Severity, string> = { error: '❌', warning: '⚠️', info: 'ℹ️' };

/**
 * User text as inline Markdown that cannot escape its table cell or list item: line breaks become
 * spaces, HTML is escaped, Markdown punctuation is backslash-escaped, and `@` cannot mention anyone.
 */
export function inlineText(text: string): string {
  return text
    .replace(/\r\n?|\n|\u2028|\u2029/g, ' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(invisibleControls, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    // Only characters that take effect inside a line: the text never starts one. `$` starts math on GitHub.
    .replace(/[\\`*_[\]|~$]/g, (char) => `\\${char}`)
    .replace(/@/g, '@\u200b');
}

/** Text inside an HTML element (like <summary>), where Markdown escapes are not processed. */
function htmlText(text: string): string {
  return text
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(invisibleControls, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/@/g, '@\u200b');
}

/** A fenced block whose fence is longer than any backtick run in the content, so the content cannot close it. */
export function fencedBlock(info: string, content: string): string {
  const longestRun = Math.max(0, ...[...content.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}${info}\n${content.replace(/\n$/, '')}\n${fence}`;
}

function linkTarget(file: string, line: number | undefined, context: FormatterContext): string | undefined {
  const relative = repoPath(file, context);
  if (relative === undefined) return undefined;
  const url = `${context.linkBase ?? ''}${encodePath(relative)}${line !== undefined ? `#L${line}` : ''}`;
  return url.replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/ /g, '%20');
}

function link(text: string, file: string, line: number | undefined, context: FormatterContext): string {
  const target = linkTarget(file, line, context);
  return target === undefined ? inlineText(text) : `[${inlineText(text)}](${target})`;
}

function journeyLabel(result: AuditedFile, context: FormatterContext): string {
  return result.journey ?? displayPath(result.file, context);
}

interface JourneySection {
  result: AuditedFile;
  findings: Finding[];
  fixed: FixedFinding[];
  diagram: string | undefined;
}

function findingLine(finding: Finding, context: FormatterContext, comparing: boolean): string {
  const position = link(`${displayPath(finding.file, context)}:${finding.line}:${finding.column}`, finding.file, finding.line, context);
  const isNew = comparing && finding.change === 'new' ? ' · **new**' : '';
  return `- ${icons[finding.severity]} **${finding.severity}** ${inlineText(finding.message)} · ${inlineText(finding.ruleId)} · ${position}${isNew}`;
}

function sectionText(section: JourneySection, context: FormatterContext, options: { diagrams: boolean; comparing: boolean }): string {
  const parts = [`#### ${inlineText(journeyLabel(section.result, context))}`];
  const lines = section.findings.map((finding) => findingLine(finding, context, options.comparing));
  for (const fixed of section.fixed) {
    if (fixed.message !== undefined) lines.push(`- ✅ fixed: ${inlineText(fixed.message)} · ${inlineText(fixed.ruleId)}`);
  }
  const unnamedFixes = section.fixed.filter((fixed) => fixed.message === undefined).length;
  if (unnamedFixes > 0) lines.push(`- ✅ ${plural(unnamedFixes, 'finding')} of the baseline no longer ${unnamedFixes === 1 ? 'occurs' : 'occur'}`);
  if (section.result.heldBack) lines.push(`- ⏸️ ${heldBackNote(section.result.heldBack.length)}`);
  if (lines.length === 0) lines.push('No problems.');
  parts.push(lines.join('\n'));
  if (options.diagrams && section.diagram) {
    parts.push(`<details>\n<summary>Diagram of ${htmlText(journeyLabel(section.result, context))}</summary>\n\n${fencedBlock('mermaid', section.diagram)}\n\n</details>`);
  }
  return parts.join('\n\n');
}

/**
 * A pull-request comment: a headline, a table per journey (errors, warnings and, when comparing with
 * a baseline or a base ref, new and fixed), the findings of each journey with links to their lines,
 * and each journey's diagram in a collapsible block when `context.diagram` provides one. Kept under
 * GitHub's comment size limit by leaving out diagrams first, then findings.
 */
export const markdown: Formatter = (results, context) => {
  const comparison = context.comparison;
  const comparing = comparison !== undefined;
  const sections: JourneySection[] = [];
  let cleanJourneys = 0;
  for (const result of results) {
    const findings = activeFindings(result);
    const fixed = comparison?.fixed.filter((entry) => entry.file === result.file) ?? [];
    const diagram = context.diagram?.(result);
    if (findings.length === 0 && fixed.length === 0 && !diagram && !result.heldBack) {
      cleanJourneys++;
      continue;
    }
    sections.push({ result, findings, fixed, diagram });
  }

  const all = results.flatMap((result) => result.findings);
  const total = countFindings(all);
  const problems = total.errors + total.warnings + total.infos;
  const suppressed = all.filter((finding) => finding.suppressed).length;
  const journeys = plural(results.length, 'journey');
  let headline: string;
  if (problems === 0) {
    headline = `✅ **No problems** in ${journeys}`;
  } else {
    const counts = [plural(total.errors, 'error'), plural(total.warnings, 'warning'), ...(total.infos > 0 ? [plural(total.infos, 'info', 'infos')] : [])];
    const withProblems = results.filter((result) => activeFindings(result).length > 0).length;
    headline = `${total.errors > 0 ? '❌' : '⚠️'} **${plural(problems, 'problem')}** (${counts.join(', ')}) in ${withProblems} of ${journeys}`;
  }
  if (comparison) {
    const added = all.filter((finding) => !finding.suppressed && finding.change === 'new').length;
    headline += ` · ${added} new, ${comparison.fixed.length} fixed compared with ${inlineText(comparison.against)}`;
  }
  if (suppressed > 0) headline += ` · ${suppressed} suppressed`;

  const head = [commentMarker, '### journey-audit', headline];
  if (sections.length > 0) {
    const columns = ['Journey', 'File', 'Errors', 'Warnings', ...(comparing ? ['New', 'Fixed'] : [])];
    const rows = sections.map(({ result, findings, fixed }) => {
      const counts = countFindings(findings);
      const cells = [inlineText(journeyLabel(result, context)), link(displayPath(result.file, context), result.file, undefined, context), String(counts.errors), String(counts.warnings)];
      if (comparing) cells.push(String(findings.filter((finding) => finding.change === 'new').length), String(fixed.length));
      return `| ${cells.join(' | ')} |`;
    });
    const align = columns.map((_column, index) => (index < 2 ? ':--' : '--:'));
    head.push([`| ${columns.join(' | ')} |`, `| ${align.join(' | ')} |`, ...rows].join('\n'));
  }
  if (cleanJourneys > 0 && sections.length > 0) head.push(`${plural(cleanJourneys, 'other journey')} without problems.`);

  const render = (diagrams: boolean) => sections.map((section) => sectionText(section, context, { diagrams, comparing }));
  const budget = commentLimit - 1_000;
  const size = (parts: string[]) => parts.reduce((sum, part) => sum + part.length + 2, 0);
  let body = render(true);
  const notes: string[] = [];
  if (size(head) + size(body) > budget && sections.some((section) => section.diagram)) {
    body = render(false);
    notes.push('Diagrams are left out to keep this comment within the size limit.');
  }
  if (size(head) + size(body) > budget) {
    const kept: string[] = [];
    let used = size(head);
    for (const part of body) {
      if (used + part.length + 2 > budget) break;
      kept.push(part);
      used += part.length + 2;
    }
    notes.push(`${plural(body.length - kept.length, 'more journey')} with findings left out to keep this comment within the size limit; see the full report.`);
    body = kept;
  }
  return `${[...head, ...body, ...notes.map((note) => `_${note}_`)].join('\n\n')}\n`;
};
