import { neutraliseControlCharacters } from '../util/text.js';
import { activeFindings, countFindings, plural } from './counts.js';
import type { Formatter } from './types.js';

/** The terminal format: findings grouped by file, `line:col severity message rule-id`, and a summary line. */
export const stylish: Formatter = (results, { colors }) => {
  // Nothing was audited: the CLI has already said why on stderr.
  if (results.length === 0) return '';
  const lines: string[] = [];
  let total = { errors: 0, warnings: 0, infos: 0 };
  let filesWithProblems = 0;
  let suppressed = 0;
  for (const result of results) {
    const findings = activeFindings(result);
    suppressed += result.findings.length - findings.length;
    if (findings.length === 0) continue;
    filesWithProblems++;
    const counts = countFindings(findings);
    total = { errors: total.errors + counts.errors, warnings: total.warnings + counts.warnings, infos: total.infos + counts.infos };
    lines.push('', colors.underline(neutraliseControlCharacters(result.file)));
    const rows = findings.map((finding) => ({
      position: `${finding.line}:${finding.column}`,
      severity: finding.severity,
      message: neutraliseControlCharacters(finding.message),
      ruleId: finding.ruleId,
    }));
    // A reduce, not Math.max(...rows): a file can have more findings than a call can take arguments.
    const positionWidth = rows.reduce((width, row) => Math.max(width, row.position.length), 0);
    const messageWidth = Math.min(100, rows.reduce((width, row) => Math.max(width, row.message.length), 0));
    for (const row of rows) {
      const paint = row.severity === 'error' ? colors.red : row.severity === 'warning' ? colors.yellow : colors.blue;
      lines.push(`  ${colors.dim(row.position.padEnd(positionWidth))}  ${paint(row.severity.padEnd(7))}  ${row.message.padEnd(messageWidth)}  ${colors.dim(row.ruleId)}`);
    }
  }
  const problems = total.errors + total.warnings + total.infos;
  const journeys = plural(results.length, 'journey');
  const note = suppressed > 0 ? colors.dim(` (${suppressed} suppressed)`) : '';
  lines.push('');
  if (problems === 0) {
    lines.push(`${colors.green('✔')} No problems in ${journeys}${note}`);
  } else {
    const parts = [plural(total.errors, 'error'), plural(total.warnings, 'warning')];
    if (total.infos > 0) parts.push(plural(total.infos, 'info', 'infos'));
    const paint = total.errors > 0 ? colors.red : total.warnings > 0 ? colors.yellow : colors.blue;
    lines.push(paint(colors.bold(`✖ ${plural(problems, 'problem')} (${parts.join(', ')}) in ${filesWithProblems} of ${journeys}`)) + note);
  }
  return `${lines.join('\n').replace(/^\n/, '')}\n`;
};
