import { stringifyJsonSafely } from '../util/text.js';
import { createHash } from 'node:crypto';
import type { Finding } from '../types.js';
import { activeFindings } from './counts.js';
import { displayPath } from './paths.js';
import type { Formatter } from './types.js';

export type CodeQualitySeverity = 'blocker' | 'critical' | 'major' | 'minor' | 'info';

/**
 * A file that cannot be read hides every other problem (blocker); an error that strands the customer
 * is critical, other errors major; warnings minor; infos info.
 */
export function codeQualitySeverity(finding: Finding): CodeQualitySeverity {
  if (finding.category === 'input') return 'blocker';
  if (finding.severity === 'error') return finding.category === 'broken' ? 'critical' : 'major';
  return finding.severity === 'warning' ? 'minor' : 'info';
}

/**
 * GitLab Code Quality (a subset of the Code Climate format) for the merge request widget. GitLab
 * compares reports by fingerprint, which must be unique in a report: it combines the file, the
 * finding's stable fingerprint and, for repeats of the same finding, its occurrence number.
 */
export const gitlab: Formatter = (results, context) => {
  const issues = [];
  for (const result of results) {
    const occurrences = new Map<string, number>();
    for (const finding of activeFindings(result)) {
      const filePath = displayPath(finding.file, context);
      const occurrence = occurrences.get(finding.fingerprint) ?? 0;
      occurrences.set(finding.fingerprint, occurrence + 1);
      const identity = [filePath, finding.fingerprint, ...(occurrence > 0 ? [String(occurrence)] : [])].join('\u0000');
      issues.push({
        description: finding.message,
        check_name: finding.ruleId,
        fingerprint: createHash('sha256').update(identity).digest('hex'),
        severity: codeQualitySeverity(finding),
        location: { path: filePath, lines: { begin: finding.line, end: Math.max(finding.endLine, finding.line) } },
      });
    }
  }
  return `${stringifyJsonSafely(issues, 2)}\n`;
};
