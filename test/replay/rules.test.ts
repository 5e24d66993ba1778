import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultLimits } from '../../src/config/types.js';
import { defaultSettings } from '../../src/model/channels.js';
import { replayRules } from '../../src/replay/rules/index.js';
import { replayJourney } from '../../src/replay/run.js';
import { readFixtureMarkers as readFixture } from '../../src/testing/rule-tester.js';

const fixturesRoot = path.join(import.meta.dirname, '..', 'fixtures', 'replay');
const config = { rules: {}, settings: defaultSettings, limits: defaultLimits };

/**
 * ONE harness for every replay rule: each fixture is a journey with `# @expect` markers and a log of the same name
 * (`.csv`); the rule runs with the fixture's `# @options`.
 */
describe('replay rule fixtures', () => {
  it('every replay rule has fixtures both ways, and every fixture folder is a replay rule', () => {
    const folders = readdirSync(fixturesRoot).sort();
    expect(folders).toEqual(replayRules.map((rule) => rule.meta.id).sort());
    for (const folder of folders) {
      const names = readdirSync(path.join(fixturesRoot, folder)).filter((name) => name.endsWith('.journey.yaml'));
      expect(names.filter((name) => name.startsWith('invalid-')).length, folder).toBeGreaterThanOrEqual(2);
      expect(names.filter((name) => name.startsWith('valid-')).length, folder).toBeGreaterThanOrEqual(2);
    }
  });
});

for (const rule of replayRules) {
  const ruleId = rule.meta.id;
  const folder = path.join(fixturesRoot, ruleId);
  if (!existsSync(folder)) continue;
  describe(ruleId, { timeout: 60_000 }, () => {
    for (const name of readdirSync(folder).filter((entry) => entry.endsWith('.journey.yaml')).sort()) {
      it(name, async () => {
        const file = path.join(folder, name);
        const { expectations, options } = readFixture(readFileSync(file, 'utf8'));
        const outcome = await replayJourney({ journeyFile: file, config, log: file.replace(/\.journey\.yaml$/, '.csv'), ruleOptions: { [ruleId]: options } });
        expect(outcome.result.findings.filter((finding) => finding.category === 'input').map((finding) => finding.message)).toEqual([]);
        const actual = outcome.result.findings.filter((finding) => finding.ruleId === ruleId).map((finding) => finding.line).sort((a, b) => a - b);
        const expected = expectations.filter((expectation) => expectation.ruleId === ruleId).map((expectation) => expectation.line).sort((a, b) => a - b);
        if (name.startsWith('valid-')) expect(expected, 'valid fixtures carry no @expect markers').toEqual([]);
        else expect(expected.length, 'invalid fixtures mark at least one finding').toBeGreaterThan(0);
        expect(actual).toEqual(expected);
      });
    }
  });
}
