import { stringifyJsonSafely } from '../util/text.js';
import { defaultSettings } from '../model/channels.js';
import { computeMetrics } from '../model/metrics.js';
import type { Finding } from '../types.js';
import { countFindings } from './counts.js';
import type { Formatter } from './types.js';

/** ESLint-compatible JSON: one object per file with its messages and counts. */
export const json: Formatter = (results) => {
  const files = results.map((result) => {
    const counts = countFindings(result.findings);
    return {
      filePath: result.file,
      journey: result.journey ?? null,
      messages: result.findings.map(message),
      errorCount: counts.errors,
      warningCount: counts.warnings,
      infoCount: counts.infos,
      // Rules that did not run because of the journey's schema or reference errors.
      ...(result.heldBack ? { heldBackRules: result.heldBack } : {}),
      // Journey figures, for files that got far enough to have a journey graph.
      ...(result.model ? { metrics: computeMetrics(result.model, result.settings ?? defaultSettings) } : {}),
    };
  });
  return `${stringifyJsonSafely(files, 2)}\n`;
};

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
