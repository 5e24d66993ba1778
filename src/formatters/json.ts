import { writeJsonSafely } from '../util/text.js';
import { computeMetrics } from '../model/metrics.js';
import type { Finding } from '../types.js';
import { countFindings } from './counts.js';
import { inPieces, type Formatter } from './types.js';

/** ESLint-compatible JSON: one object per file with its messages and counts. */
export const json: Formatter = inPieces((results, _context, emit) => {
  const files = results.map((result) => {
    const counts = countFindings(result.findings);
    return {
      filePath: result.file,
      journey: result.journey ?? null,
      messages: result.findings.map(message),
      errorCount: counts.errors,
      warningCount: counts.warnings,
      infoCount: counts.infos,
      // Journey figures, for files that got far enough to have a journey graph.
      ...(result.analysis ? { metrics: computeMetrics(result.analysis) } : {}),
    };
  });
  // Each message entry is one piece.
  writeJsonSafely(files, emit, 3);
  emit('\n');
});

/** One entry of `messages`; the optional members are assigned, not spread from a temporary object per finding. */
function message(finding: Finding): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    line: finding.line,
    column: finding.column,
    endLine: finding.endLine,
    endColumn: finding.endColumn,
    category: finding.category,
    journey: finding.journey ?? null,
    step: finding.step ?? null,
    fingerprint: finding.fingerprint,
  };
  if (finding.relatedSteps) entry.relatedSteps = finding.relatedSteps;
  if (finding.suppressed) entry.suppressions = [finding.suppressed];
  if (finding.change) entry.change = finding.change;
  return entry;
}
