import { describe, expect, it } from 'vitest';
import { defaultLimits, type EffectiveConfig } from '../src/config/types.js';
import { auditText } from '../src/engine/engine.js';
import { defaultSettings } from '../src/model/channels.js';
import { builtinRules } from '../src/rules/index.js';

const config = (holdBackOnErrors?: boolean): EffectiveConfig => ({
  rules: Object.fromEntries(builtinRules.map((rule) => [rule.meta.id, { severity: rule.meta.defaultSeverity, options: {} }])),
  settings: holdBackOnErrors === undefined ? defaultSettings : { ...defaultSettings, holdBackOnErrors },
  limits: defaultLimits,
});
const audit = (text: string, holdBackOnErrors?: boolean) => auditText(text, { file: 'j.journey.yaml', config: config(holdBackOnErrors), rules: builtinRules });
const found = (result: ReturnType<typeof audit>) => result.findings.map((finding) => `${finding.line} ${finding.ruleId}`);

/** A misspelt field on one step, a can-fail step without a failure branch on another, and an ownerless back-office step. */
const misspelt = `journey: refund
steps:
  - id: ask
    channel: web
    actor: customer
    nxt: check
  - id: check
    actor: backstage
    can-fail: true
    next: paid
  - id: paid
    kind: end
    outcome: resolved
`;

describe('one mistake, one message', () => {
  it('reports a misspelt field once and holds back the rules that read the flow', () => {
    const result = audit(misspelt);
    // The schema error, and the step-by-step rules on the steps that are not broken; no dead-end, missing-end or
    // unreachable-step that only follow from the missing `next`.
    expect(found(result)).toEqual(['6 schema', '7 fail-point-unhandled', '7 unowned-step']);
    expect(result.heldBack).toContain('unreachable-step');
    expect(result.heldBack).toContain('dead-end');
    expect(result.heldBack).not.toContain('fail-point-unhandled');
  });

  it('keeps step-by-step rules quiet on the broken step itself', () => {
    // `ask` can fail too, but its problem is the misspelt field: only `check` (now on line 8) is reported.
    const result = audit(misspelt.replace('    nxt: check', '    can-fail: true\n    nxt: check'));
    expect(found(result).filter((entry) => entry.endsWith('fail-point-unhandled'))).toEqual(['8 fail-point-unhandled']);
  });

  it('runs every rule with holdBackOnErrors: false', () => {
    const result = audit(misspelt, false);
    expect(found(result)).toEqual(expect.arrayContaining(['3 dead-end', '7 unreachable-step']));
    expect(result.heldBack).toBeUndefined();
  });

  it('holds nothing back on a journey without errors', () => {
    expect(audit(misspelt.replace('nxt:', 'next:')).heldBack).toBeUndefined();
  });
});
