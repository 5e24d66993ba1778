import type { AuditedFile } from '../engine/engine.js';
import type { Finding } from '../types.js';

export interface Counts {
  errors: number;
  warnings: number;
  infos: number;
}

/** Findings that count: everything not suppressed by a comment or baseline. */
export function activeFindings(result: AuditedFile): Finding[] {
  return result.findings.filter((finding) => !finding.suppressed);
}

export function countFindings(findings: readonly Finding[]): Counts {
  const counts: Counts = { errors: 0, warnings: 0, infos: 0 };
  for (const finding of findings) {
    if (finding.suppressed) continue;
    if (finding.severity === 'error') counts.errors++;
    else if (finding.severity === 'warning') counts.warnings++;
    else counts.infos++;
  }
  return counts;
}

export function plural(count: number, word: string, wordPlural = `${word}s`): string {
  return `${count} ${count === 1 ? word : wordPlural}`;
}
