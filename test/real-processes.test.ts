import path from 'node:path';
import { describe, expect, it } from 'vitest';
// The same comparison `node scripts/real-processes.mjs` prints as a table (docs/real-processes.md).
import { evaluateCorpus } from '../scripts/real-processes.mjs';

const root = path.resolve(import.meta.dirname, '..');

/**
 * The real-process corpus: processes translated from public models, with markers set by an auditor who read only the
 * README and the processes (`# @expect RULE` at the step where they would raise the problem). The markers are the
 * truth: every finding must meet one, and every marker must be met.
 */
describe('the real-process corpus', () => {
  it('audits to exactly the findings the auditor marked', async () => {
    const evaluation = await evaluateCorpus(root);
    expect(evaluation.files).toBeGreaterThanOrEqual(8);
    expect(evaluation.inputErrors).toEqual([]);
    const disagreements = evaluation.rows.filter((row) => row.verdict !== 'true').map((row) => `${row.verdict} ${row.file}:${row.line} ${row.ruleId}`);
    expect(disagreements).toEqual([]);
    expect(evaluation.rows.length).toBeGreaterThanOrEqual(12);
  });
});
