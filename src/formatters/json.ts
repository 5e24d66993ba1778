import { writeJsonSafely } from '../util/text.js';
import { computeMetrics } from '../model/metrics.js';
import type { Finding } from '../types.js';
import { countFindings } from './counts.js';
import { inPieces, type Formatter } from './types.js';

/**
 * ESLint's JSON shape: one object per file. `messages` holds the active findings only; findings silenced by a
 * comment or the baseline are in `suppressedMessages`, each with its `suppressions`, so that counting
 * `messages` by severity gives what failed the run. Findings that kept a file from being audited at all
 * (unreadable, YAML syntax, schema) carry `fatal: true` and count in `fatalErrorCount`, as ESLint's parse errors do.
 */
export const json: Formatter = inPieces((results, _context, emit) => {
  const files = results.map((result) => {
    const counts = countFindings(result.findings);
    const messages: Array<Record<string, unknown>> = [];
    const suppressedMessages: Array<Record<string, unknown>> = [];
    let fatalErrorCount = 0;
    for (const finding of result.findings) {
      if (finding.suppressed) {
        suppressedMessages.push(message(finding));
        continue;
      }
      messages.push(message(finding));
      if (isFatal(finding) && finding.severity === 'error') fatalErrorCount++;
    }
    return {
      filePath: result.file,
      journey: result.journey ?? null,
      messages,
      suppressedMessages,
      errorCount: counts.errors,
      fatalErrorCount,
      warningCount: counts.warnings,
      infoCount: counts.infos,
      // Nothing is fixed automatically; the counts are there because ESLint's consumers add them up.
      fixableErrorCount: 0,
      fixableWarningCount: 0,
      // Rules that did not run because of the journey's schema or reference errors.
      ...(result.heldBack ? { heldBackRules: result.heldBack } : {}),
      // Journey figures, for files that got far enough to have a journey graph.
      ...(result.metrics ? { metrics: result.metrics } : result.analysis ? { metrics: computeMetrics(result.analysis) } : {}),
      // The journey as lived, when the result comes from `journey-audit replay`.
      ...(result.replay ? { replay: result.replay } : {}),
    };
  });
  // Each message entry is one piece.
  writeJsonSafely(files, emit, 3);
  emit('\n');
});

/** Findings about input that could not be audited: the rules never ran on that file. */
const isFatal = (finding: Finding) => finding.category === 'input';

/** ESLint's names for the kinds of suppression: `directive` for an inline comment. */
const suppressionKind = { inSource: 'directive', external: 'external' } as const;

/** One entry of `messages` or `suppressedMessages`; the optional members are assigned, not spread from a temporary object per finding. */
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
  if (isFatal(finding)) entry.fatal = true;
  if (finding.relatedSteps) entry.relatedSteps = finding.relatedSteps;
  if (finding.suppressed) entry.suppressions = [{ kind: suppressionKind[finding.suppressed.kind], justification: finding.suppressed.justification ?? '' }];
  if (finding.change) entry.change = finding.change;
  return entry;
}
