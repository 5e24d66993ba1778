import { describe, expect, it } from 'vitest';
import { applyBaseline, BaselineError, parseBaseline, prunedBaseline, serializeBaseline, updatedBaseline, type Baseline, type BaselinePaths } from '../src/engine/baseline.js';
import type { AuditedFile } from '../src/engine/engine.js';
import type { Finding } from '../src/types.js';

function finding(ruleId: string, fingerprint: string, line: number, extra: Partial<Finding> = {}): Finding {
  return { ruleId, fingerprint, line, column: 9, endLine: line, endColumn: 20, category: 'broken', severity: 'error', message: `${ruleId} at ${line}`, file: 'journeys/a.journey.yaml', path: [], ...extra };
}

const paths = (existing: string[] = []): BaselinePaths => ({ keyOf: (file) => file.replace(/^journeys\//, ''), exists: (key) => existing.includes(key) });

function results(): AuditedFile[] {
  return [
    {
      file: 'journeys/a.journey.yaml',
      journey: 'a',
      inputError: false,
      findings: [
        finding('dead-end', 'f1', 3),
        finding('dead-end', 'f1', 9),
        finding('unknown-step', 'f2', 12),
        finding('unreachable-step', 'f3', 15, { suppressed: { kind: 'inSource' } }),
      ],
    },
    { file: 'journeys/b.journey.yaml', inputError: true, findings: [finding('parse', 'p1', 1, { category: 'input', file: 'journeys/b.journey.yaml' })] },
  ];
}

describe('baseline files', () => {
  it('record active rule findings with counts, sorted, never input errors or suppressed ones', () => {
    const baseline = updatedBaseline({ version: 1, files: {} }, results(), paths());
    expect(serializeBaseline(baseline)).toBe(
      ['{', '  "version": 1,', '  "files": {', '    "a.journey.yaml": {', '      "dead-end": {', '        "f1": 2', '      },', '      "unknown-step": {', '        "f2": 1', '      }', '    }', '  }', '}', ''].join('\n'),
    );
  });

  it('suppress recorded findings (kind external) up to their count; the rest are new', () => {
    const audited = results();
    const baseline: Baseline = { version: 1, files: { 'a.journey.yaml': { 'dead-end': { f1: 1 }, 'unknown-step': { f2: 1, gone: 2 } } } };
    const { stale } = applyBaseline(audited, baseline, paths());
    expect(audited[0]!.findings.map((f) => `${f.line} ${f.suppressed?.kind ?? 'active'} ${f.change ?? '-'}`)).toEqual(['3 external unchanged', '9 active new', '12 external unchanged', '15 inSource -']);
    expect(stale).toEqual([
      { file: 'journeys/a.journey.yaml', ruleId: 'unknown-step', fingerprint: 'gone' },
      { file: 'journeys/a.journey.yaml', ruleId: 'unknown-step', fingerprint: 'gone' },
    ]);
    expect(audited[1]!.findings[0]!.suppressed).toBeUndefined();
  });

  it('keep entries of files not audited while they exist; those of deleted files are stale', () => {
    const baseline: Baseline = { version: 1, files: { 'kept.journey.yaml': { 'dead-end': { k: 1 } }, 'deleted.journey.yaml': { 'dead-end': { d: 1 } } } };
    const { stale } = applyBaseline(results(), baseline, paths(['kept.journey.yaml']));
    expect(stale).toEqual([{ file: 'deleted.journey.yaml', ruleId: 'dead-end', fingerprint: 'd' }]);
    const updated = updatedBaseline(baseline, results(), paths(['kept.journey.yaml']));
    expect(Object.keys(updated.files).sort()).toEqual(['a.journey.yaml', 'kept.journey.yaml']);
  });

  it('prune removes stale entries and adds nothing', () => {
    const audited = results();
    const baseline: Baseline = { version: 1, files: { 'a.journey.yaml': { 'dead-end': { f1: 1 }, 'unknown-step': { gone: 2 } }, 'deleted.journey.yaml': { 'dead-end': { d: 1 } } } };
    const { stale } = applyBaseline(audited, baseline, paths());
    const pruned = prunedBaseline(baseline, stale, paths(), new Set(audited.map((result) => result.file)));
    expect(pruned).toEqual({ version: 1, files: { 'a.journey.yaml': { 'dead-end': { f1: 1 } } } });
  });

  it('refuse files that are not baselines, with a message that says why', () => {
    expect(() => parseBaseline('{oops')).toThrow(BaselineError);
    expect(() => parseBaseline('[]')).toThrow("expected an object with 'version': 1 and 'files'");
    expect(() => parseBaseline('{"version": 2, "files": {}}')).toThrow('unsupported baseline version 2');
    expect(() => parseBaseline('{"version": 1, "files": {"a": {"r": {"f": 1.5}}}}')).toThrow('files["a"]["r"]["f"] must be a count of 1 or more, not 1.5');
    expect(parseBaseline('{"version": 1, "files": {"a": {"r": {"f": 2}}}}')).toEqual({ version: 1, files: { a: { r: { f: 2 } } } });
  });
});
