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
    expect(() => parseBaseline('{"version": 1, "files": {"a": {"r": {"f": 1.5}}}}')).toThrow('files["a"]["r"]["f"] must be a count from 1 to 100,000, not 1.5');
    expect(parseBaseline('{"version": 1, "files": {"a": {"r": {"f": 2}}}}')).toEqual({ version: 1, files: { a: { r: { f: 2 } } } });
  });

  /** The message and position of what parseBaseline refuses. */
  function refusal(text: string): string {
    try {
      parseBaseline(text);
    } catch (error) {
      if (error instanceof BaselineError) return `${error.line}:${error.column} ${error.message}`;
      throw error;
    }
    return 'accepted';
  }

  it('position every problem at the value at fault', () => {
    expect(refusal('{\n  "version": 1,\n  "files": {\n    "a": {"r": {"f": "2"}}\n  }\n}\n')).toBe('4:22 files["a"]["r"]["f"] must be a count from 1 to 100,000, not "2"');
    expect(refusal('{\n  "version": 1,\n  "files": {\n    "a": []\n  }\n}')).toBe('4:10 files["a"] must map rule ids to fingerprints');
    expect(refusal('{\n  "version": 1,\n  "files": {"a": {"r": {"f": 1}},}\n}')).toBe('3:34 not valid JSON (property name expected)');
    expect(refusal('{"version": 3, "files": {}}')).toBe('1:13 unsupported baseline version 3; this journey-audit reads version 1');
    expect(refusal('')).toMatch(/^1:1 not valid JSON/);
  });

  it('refuse a count no journey can repeat instead of expanding it into entries until memory runs out', () => {
    expect(refusal('{"version": 1, "files": {"a.journey.yaml": {"dead-end": {"f1": 100000000}}}}')).toBe('1:64 files["a.journey.yaml"]["dead-end"]["f1"] must be a count from 1 to 100,000, not 100000000');
    expect(refusal('{"version": 1, "files": {"a": {"r": {"f": 1e400}}}}')).toMatch(/^1:43 .* not Infinity|^1:43 .* not null/);
    const many = Array.from({ length: 101 }, (_, index) => `"f${index}": 100000`).join(', ');
    expect(refusal(`{"version": 1, "files": {"a": {"r": {${many}}}}}`)).toMatch(/records more than 10,000,000 findings/);
  });

  it('keep a file, rule or fingerprint named __proto__ or constructor as data', () => {
    const hostile = results().map((result) => ({ ...result, file: result.file.replace('a.journey.yaml', '__proto__') }));
    hostile[0]!.findings = [finding('dead-end', 'constructor', 3), finding('dead-end', '__proto__', 4)];
    const recorded = updatedBaseline({ version: 1, files: {} }, hostile, paths());
    const text = serializeBaseline(recorded);
    expect(JSON.parse(text).files).toEqual(JSON.parse('{"__proto__": {"dead-end": {"__proto__": 1, "constructor": 1}}}'));
    const again = parseBaseline(text);
    const fresh = results().map((result) => ({ ...result, file: result.file.replace('a.journey.yaml', '__proto__') }));
    fresh[0]!.findings = [finding('dead-end', 'constructor', 3), finding('dead-end', '__proto__', 4), finding('toString', 'constructor', 5)];
    applyBaseline(fresh, again, paths());
    expect(fresh[0]!.findings.map((entry) => entry.change)).toEqual(['unchanged', 'unchanged', 'new']);
    expect(({} as Record<string, unknown>).dead).toBeUndefined();
  });
});
