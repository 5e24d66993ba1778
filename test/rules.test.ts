import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules, findRule } from '../src/rules/index.js';
import { auditFixture, messageIdOf, type Expectation } from './harness.js';

const fixturesRoot = path.join(import.meta.dirname, 'fixtures', 'rules');

/** An expectation as text, with the parts its marker gives: `12:9 rule-id:messageId`. */
const describeExpectation = (expectation: Expectation) =>
  `${expectation.line}${expectation.column !== undefined ? `:${expectation.column}` : ''} ${expectation.ruleId}${expectation.messageId !== undefined ? `:${expectation.messageId}` : ''}`;

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
        const { result, expectations, reports } = auditFixture(file, rule);
        // A fixture must be a valid journey, or it proves nothing about the rule.
        expect(result.findings.filter((finding) => finding.category === 'input').map((finding) => `${finding.line}:${finding.column} ${finding.message}`)).toEqual([]);
        // Every placeholder of a reported message gets a value: a template's `{{name}}` never reaches a reader.
        expect(reports.filter((observed) => observed.missing.length > 0).map((observed) => `${observed.report.messageId}: no value for ${observed.missing.join(', ')}`)).toEqual([]);
        const ours = expectations.filter((expectation) => expectation.ruleId === ruleId);
        // Each finding is described with the parts the marker on its line asks for.
        const actual = result.findings
          .filter((finding) => finding.ruleId === ruleId)
          .map((finding) => {
            const marker = ours.find((candidate) => candidate.line === finding.line);
            const seen: Expectation = { ruleId, line: finding.line };
            if (marker?.column !== undefined) seen.column = finding.column;
            if (marker?.messageId !== undefined) {
              const messageId = messageIdOf(finding, reports);
              if (messageId !== undefined) seen.messageId = messageId;
            }
            return describeExpectation(seen);
          })
          .sort();
        const expected = ours.map(describeExpectation).sort();
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
