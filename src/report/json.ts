import { stringifyJsonSafely } from '../util/text.js';
import { defaultSettings } from '../model/channels.js';
import { computeMetrics } from '../model/metrics.js';
import { countFindings } from './counts.js';
import type { Formatter } from './types.js';

/** ESLint-compatible JSON: one object per file with its messages and counts. */
export const json: Formatter = (results) => {
  const files = results.map((result) => {
    const counts = countFindings(result.findings);
    return {
      filePath: result.file,
      journey: result.journey ?? null,
      messages: result.findings.map((finding) => ({
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
        ...(finding.relatedSteps ? { relatedSteps: finding.relatedSteps } : {}),
        ...(finding.suppressed ? { suppressions: [finding.suppressed] } : {}),
        ...(finding.change ? { change: finding.change } : {}),
      })),
      errorCount: counts.errors,
      warningCount: counts.warnings,
      infoCount: counts.infos,
      // Journey figures, for files that got far enough to have a journey graph.
      ...(result.model ? { metrics: computeMetrics(result.model, result.settings ?? defaultSettings) } : {}),
    };
  });
  return `${stringifyJsonSafely(files, 2)}\n`;
};
