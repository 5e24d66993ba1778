import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultLimits, type EffectiveConfig } from '../src/config/types.js';
import { auditText, renderMessage } from '../src/engine/engine.js';
import { fingerprintOf, reportFingerprint, semanticPath, semanticPathText } from '../src/engine/fingerprint.js';
import { defaultSettings } from '../src/model/channels.js';
import { builtinRules } from '../src/rules/index.js';

const folder = path.join(import.meta.dirname, 'fixtures', 'fingerprints');
const config: EffectiveConfig = {
  // A fixed set of rules, so these expectations do not move when the catalog grows.
  rules: Object.fromEntries(builtinRules.filter((rule) => ['unknown-step', 'unreachable-step', 'dead-end'].includes(rule.meta.id)).map((rule) => [rule.meta.id, { severity: rule.meta.defaultSeverity, options: {} }])),
  settings: defaultSettings,
  limits: defaultLimits,
};

function audit(name: string, text = readFileSync(path.join(folder, `${name}.journey.yaml`), 'utf8')) {
  const result = auditText(text, { file: `${name}.journey.yaml`, config, rules: builtinRules });
  expect(result.inputError, `${name} is a valid journey`).toBe(false);
  return result.findings;
}

/** `rule step` → fingerprint, with the line kept aside to show positions did move. */
function identities(findings: ReturnType<typeof audit>) {
  return findings.map((finding) => `${finding.ruleId} ${finding.step ?? '-'} ${finding.fingerprint}`).sort();
}

describe('finding fingerprints', () => {
  const original = audit('original');

  it('the original journey has findings of several rules to compare', () => {
    expect(original.map((finding) => `${finding.line} ${finding.ruleId} ${finding.step}`)).toEqual([
      '20 unknown-step check-warranty',
      '22 dead-end book-repair',
      '27 unreachable-step old-callback',
      '33 unreachable-step repaired',
    ]);
  });

  it('survive inserting unrelated steps (even one whose id is close to a missing target)', () => {
    const inserted = audit('inserted');
    const unrelated = new Set(['send-quota', 'archived']);
    expect(identities(inserted.filter((finding) => !unrelated.has(finding.step ?? '')))).toEqual(identities(original));
    expect(inserted.find((finding) => finding.ruleId === 'unknown-step')?.message).toContain("did you mean 'send-quota'");
    expect(inserted.find((finding) => finding.ruleId === 'dead-end')?.line).not.toBe(22);
  });

  it('survive moving steps and reordering branches', () => {
    const moved = audit('moved');
    expect(identities(moved)).toEqual(identities(original));
    expect(moved.map((finding) => finding.line)).not.toEqual(original.map((finding) => finding.line));
  });

  it('survive reformatting: flow style, indentation, quoting, key order, comments', () => {
    const reformatted = audit('reformatted');
    expect(identities(reformatted)).toEqual(identities(original));
    expect(reformatted.map((finding) => finding.line)).not.toEqual(original.map((finding) => finding.line));
  });

  it('change when the finding itself changes', () => {
    const text = readFileSync(path.join(folder, 'original.journey.yaml'), 'utf8');
    const renamed = audit('renamed', text.replace(/book-repair/g, 'schedule-repair'));
    const deadEnd = (findings: typeof original) => findings.find((finding) => finding.ruleId === 'dead-end')!.fingerprint;
    expect(deadEnd(renamed)).not.toBe(deadEnd(original));
    const otherTarget = audit('retargeted', text.replace('to: send-quote', 'to: send-estimate'));
    const unknown = (findings: typeof original) => findings.find((finding) => finding.ruleId === 'unknown-step')!.fingerprint;
    expect(unknown(otherTarget)).not.toBe(unknown(original));
  });

  it('of unused disable comments follow the comment, not its line', () => {
    const text = readFileSync(path.join(folder, 'original.journey.yaml'), 'utf8').replace(
      '  - id: submit-claim',
      '  # journey-audit-disable-next-line dead-end -- legacy\n  - id: submit-claim',
    );
    const before = audit('comment', text).find((finding) => finding.ruleId === 'unused-disable-directive')!;
    const shifted = audit('comment', text.replace('title: Claim a repair under warranty', 'title: Claim a repair under warranty\ndescription: moved down a line'));
    const after = shifted.find((finding) => finding.ruleId === 'unused-disable-directive')!;
    expect(after.line).toBe(before.line + 1);
    expect(after.fingerprint).toBe(before.fingerprint);
  });
});

describe('semanticPath', () => {
  it('names list entries by id, branch target, item or value', () => {
    const data = { steps: [{ id: 'a', next: [{ to: 'b' }, 'c'], collects: [{ item: 'email' }, 'phone'] }, { name: 'no id' }] };
    expect(semanticPath(data, ['steps', 0, 'next', 0])).toEqual(['steps', 'a', 'next', 'b']);
    expect(semanticPath(data, ['steps', 0, 'next', 1])).toEqual(['steps', 'a', 'next', 'c']);
    expect(semanticPath(data, ['steps', 0, 'collects', 0])).toEqual(['steps', 'a', 'collects', 'email']);
    expect(semanticPath(data, ['steps', 1])).toEqual(['steps', '#1']);
    expect(semanticPath(data, [])).toEqual([]);
  });

  it('as text is the path joined with slashes, for every kind of segment', () => {
    const data = { steps: [{ id: 'a', next: [{ to: 'b' }, 'c', 3, { when: 'x' }], collects: [{ item: 'email' }, 'phone'] }, { name: 'no id' }], 'a/b': { c: [true] } };
    const paths = [[], ['steps'], ['steps', 0], ['steps', 1], ['steps', 5, 'id'], ['steps', 0, 'next', 0, 'to'], ['steps', 0, 'next', 2], ['steps', 0, 'next', 3], ['steps', 0, 'collects', 1], ['a/b', 'c', 0], ['journey'], [0, 'x']];
    for (const path of paths) expect(semanticPathText(data, path)).toBe(semanticPath(data, path).join('/'));
  });
});

/** The fingerprint as first written: a Hash object per finding and the report's data copied with its messageId. */
function referenceFingerprint(parts: { journey: string; ruleId: string; steps: readonly string[]; data: Record<string, unknown> | undefined; anchor?: readonly string[] }): string {
  const data = parts.data
    ? Object.keys(parts.data)
        .sort()
        .filter((key) => key !== 'hint' && typeof parts.data![key] !== 'number')
        .map((key) => `${key}=${String(parts.data![key])}`)
    : [];
  const text = [parts.journey, parts.ruleId, parts.steps.join(','), data.join('&'), (parts.anchor ?? []).join('/')].join('\u0000');
  return createHash('sha256').update(text).digest('hex').slice(0, 20);
}

describe('fingerprint computation', () => {
  // A small deterministic generator, so a failure can be replayed.
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const words = ['step', 'from', 'hint', 'messageId', 'channel', 'é', 'a&b', 'x=y', '', 'Zeta', '10', '2', 'zz\u0000'];
  const values: unknown[] = ['refund', 3, 0.5, '', 'ünïcode ✓', true, 'a,b', undefined];
  const cases = Array.from({ length: 400 }, () => {
    const data: Record<string, unknown> | undefined = random() < 0.1 ? undefined : Object.fromEntries(Array.from({ length: Math.floor(random() * 5) }, () => [pick(words), pick(values)]));
    return {
      journey: pick(['card-dispute', 'j', '']),
      ruleId: pick(['dead-end', 'unknown-step']),
      steps: Array.from({ length: Math.floor(random() * 3) }, () => pick(words)),
      data,
      messageId: pick(['unknown', 'messageId', 'noEscape']),
      anchor: random() < 0.2 ? [] : Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(words)),
    };
  });

  it('of a rule report equals the first implementation for the report data plus its messageId', () => {
    for (const entry of cases) {
      expect(reportFingerprint(entry.journey, entry.ruleId, entry.steps, entry.data, entry.messageId, entry.anchor)).toBe(
        referenceFingerprint({ ...entry, data: { ...entry.data, messageId: entry.messageId } }),
      );
      // The anchor given already joined, as the engine does.
      expect(reportFingerprint(entry.journey, entry.ruleId, entry.steps, entry.data, entry.messageId, entry.anchor.join('/'))).toBe(
        referenceFingerprint({ ...entry, data: { ...entry.data, messageId: entry.messageId } }),
      );
    }
  });

  it('of engine findings equals the first implementation', () => {
    for (const entry of cases) {
      const parts = { journey: entry.journey, ruleId: entry.ruleId, steps: entry.steps, data: entry.data, ...(entry.anchor.length ? { anchor: entry.anchor } : {}) };
      expect(fingerprintOf(parts)).toBe(referenceFingerprint(parts));
    }
  });
});

describe('message templates', () => {
  const reference = (template: string, data: Record<string, string | number> | undefined) =>
    template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (data && key in data ? String(data[key]) : whole));
  const templates = [
    "step '{{from}}' continues to '{{target}}', which is not a step of this journey{{hint}}",
    '{{ spaced }} and {{tight}}{{tight}} and {{missing}} and {{ missing }}',
    'no placeholders',
    '',
    '{{a}}',
    '{{{a}}} {{a b}} {{}} {a} {{a}',
  ];
  const data: Array<Record<string, string | number> | undefined> = [undefined, {}, { from: 'a', target: 'b', hint: '', spaced: 1.5, tight: 'x', a: '$&$1' }, { from: 0, a: 'value' }];

  it('fill placeholders exactly like a regular-expression replace', () => {
    for (const template of templates) for (const values of data) expect(renderMessage(template, values)).toBe(reference(template, values));
  });
});
