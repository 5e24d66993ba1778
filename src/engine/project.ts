import type { AuditedFile } from './engine.js';
import { fingerprintOf } from './fingerprint.js';

/** Checks across files: journey ids must be unique in the audited set. Adds findings in place. */
export function checkProject(results: AuditedFile[]): void {
  const firstFileById = new Map<string, string>();
  for (const result of results) {
    // Only files whose journey graph was built take part (not files with parse errors or without steps).
    if (!result.journey || !result.journeyRange) continue;
    const first = firstFileById.get(result.journey);
    if (first === undefined) {
      firstFileById.set(result.journey, result.file);
      continue;
    }
    const anchor = result.journeyRange;
    const message = `journey id '${result.journey}' is already used by ${first}; journey ids must be unique in the audited set`;
    result.findings.unshift({
      ruleId: 'schema',
      category: 'input',
      severity: 'error',
      message,
      file: result.file,
      ...(anchor ?? { line: 1, column: 1, endLine: 1, endColumn: 1 }),
      journey: result.journey,
      fingerprint: fingerprintOf({ journey: result.journey, ruleId: 'schema', steps: [], data: { message } }),
      path: ['journey'],
    });
    result.inputError = true;
  }
}
