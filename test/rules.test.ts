import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules, findRule } from '../src/rules/index.js';
import { auditFixture } from './harness.js';

const fixturesRoot = path.join(import.meta.dirname, 'fixtures', 'rules');

/** ONE harness for every rule: each fixture carries its own expectations as `# @expect` markers. */
for (const ruleId of readdirSync(fixturesRoot).sort()) {
  const rule = findRule(builtinRules, ruleId);
  describe(ruleId, () => {
    it('is a registered rule', () => {
      expect(rule?.meta.id).toBe(ruleId);
    });
    if (!rule) return;
    for (const name of readdirSync(path.join(fixturesRoot, ruleId)).sort()) {
      const file = path.join(fixturesRoot, ruleId, name);
      it(name, () => {
        const { result, expectations } = auditFixture(file, rule);
        // A fixture must be a valid journey, or it proves nothing about the rule.
        expect(result.findings.filter((finding) => finding.category === 'input').map((finding) => `${finding.line}:${finding.column} ${finding.message}`)).toEqual([]);
        const actual = result.findings
          .filter((finding) => finding.ruleId === ruleId)
          .map((finding) => {
            const expectation = expectations.find((candidate) => candidate.line === finding.line && candidate.ruleId === ruleId);
            return expectation?.column !== undefined ? `${finding.line}:${finding.column} ${ruleId}` : `${finding.line} ${ruleId}`;
          })
          .sort();
        const expected = expectations
          .filter((expectation) => expectation.ruleId === ruleId)
          .map((expectation) => (expectation.column !== undefined ? `${expectation.line}:${expectation.column} ${ruleId}` : `${expectation.line} ${ruleId}`))
          .sort();
        if (name.startsWith('valid-')) {
          expect(expected, 'valid fixtures carry no @expect markers').toEqual([]);
        } else {
          expect(expected.length, 'invalid fixtures mark at least one finding').toBeGreaterThan(0);
        }
        expect(actual).toEqual(expected);
      });
    }
  });
}
