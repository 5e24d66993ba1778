import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules, findRule } from '../src/rules/index.js';
import { RuleTester } from '../src/testing/rule-tester.js';

const fixturesRoot = path.join(import.meta.dirname, 'fixtures', 'rules');
RuleTester.describe = describe;
RuleTester.it = it;
const tester = new RuleTester();

/** ONE harness for every rule, the package's RuleTester: each fixture carries its own expectations as `# @expect` markers. */
for (const ruleId of readdirSync(fixturesRoot).sort()) {
  const rule = findRule(builtinRules, ruleId);
  it(`${ruleId} is a registered rule`, () => {
    expect(rule?.meta.id).toBe(ruleId);
  });
  if (rule) tester.run(ruleId, rule, RuleTester.fixtures(path.join(fixturesRoot, ruleId)));
}
