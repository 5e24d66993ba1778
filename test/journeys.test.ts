import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configForFile, loadConfig } from '../src/config/load.js';
import { defaultLimits, type EffectiveConfig } from '../src/config/types.js';
import { auditText } from '../src/engine/engine.js';
import { defaultSettings } from '../src/model/channels.js';
import { builtinRules } from '../src/rules/index.js';

/** The journeys the README audits first: they must be valid, or the first impression is a schema error. */
const folder = path.join(import.meta.dirname, '..', 'journeys');
const suffix = '.journey.yaml';
const files = readdirSync(folder).filter((name) => name.endsWith(suffix)).sort();
const config: EffectiveConfig = { rules: {}, settings: defaultSettings, limits: defaultLimits };
const audited = files.map((name) => {
  const text = readFileSync(path.join(folder, name), 'utf8');
  return { name, text, result: auditText(text, { file: `journeys/${name}`, config, rules: builtinRules, validateOnly: true }) };
});

describe('bundled journeys', () => {
  it('has at least twelve journeys and nothing else in the folder', () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
    expect(readdirSync(folder).filter((name) => !name.endsWith(suffix))).toEqual([]);
  });

  for (const { name, text, result } of audited) {
    describe(name, () => {

      it('is a valid journey', () => {
        expect(result.findings.map((finding) => `${finding.line}:${finding.column} ${finding.ruleId} ${finding.message}`)).toEqual([]);
        expect(result.inputError).toBe(false);
      });

      it('has the id its file is named after', () => {
        expect(result.journey).toBe(name.slice(0, -suffix.length));
      });

      it('points editors at the schema on its first line', () => {
        expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../src/schema/journey.schema.json');
      });
    });
  }

  it('uses each journey id once', () => {
    const ids = audited.map(({ result }) => result.journey);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('examples/journey-audit.config.yaml', () => {
  const example = path.join(import.meta.dirname, '..', 'examples', 'journey-audit.config.yaml');
  const loaded = loadConfig(example, builtinRules);

  it('loads, with its custom channels and departments', () => {
    expect(loaded.settings.channels['video-call']).toEqual({});
    expect(loaded.settings.channels.whatsapp).toEqual({ async: true });
    expect(loaded.settings.departments).toContain('customer-care');
  });

  it('applies the legacy override and the ignore list relative to its own folder', () => {
    const examples = path.dirname(example);
    expect(configForFile(loaded, path.join(examples, 'journeys/legacy/2019/meter-read.journey.yaml')).rules['dead-end']?.severity).toBe('warning');
    expect(configForFile(loaded, path.join(examples, 'journeys/legacy/card-dispute-2019.journey.yaml')).rules['dead-end']?.severity).toBe('error');
  });

  it('knows every department that owns a step in the bundled journeys', () => {
    const settings = configForFile(loaded, path.join(folder, files[0]!)).settings;
    const problems = audited.flatMap(({ name, text }) =>
      auditText(text, { file: name, config: { ...config, settings }, rules: builtinRules, validateOnly: true }).findings.map((finding) => `${name}:${finding.line} ${finding.message}`),
    );
    expect(problems).toEqual([]);
  });
});

interface ExpectedFinding {
  rule: string;
  step: string;
  at?: (string | number)[];
  related?: string[];
  why: string;
}

/**
 * test/fixtures/journeys-expected.yaml says what the full catalog must find in each bundled journey.
 * Rules not registered yet are skipped, so the check tightens as the catalog grows.
 */
describe('journeys-expected.yaml', () => {
  const expected = parse(readFileSync(path.join(import.meta.dirname, 'fixtures', 'journeys-expected.yaml'), 'utf8')) as Record<string, ExpectedFinding[]>;
  const recommended = loadConfig(undefined, builtinRules);
  const registered = new Set(builtinRules.map((rule) => rule.meta.id));

  it('has an entry for every bundled journey', () => {
    expect(Object.keys(expected).sort()).toEqual(files);
  });

  for (const { name, text, result } of audited) {
    it(`${name}: names steps and paths that exist`, () => {
      const entries = expected[name] ?? [];
      const model = result.model!;
      for (const entry of entries) {
        expect(entry.why, `${entry.rule} needs a reason`).toMatch(/\w/);
        if (entry.step !== 'journey') expect(model.stepIndexById.has(entry.step), entry.step).toBe(true);
        for (const other of entry.related ?? []) expect(model.stepIndexById.has(other), other).toBe(true);
        if (entry.at?.[0] === 'steps') expect(model.steps[entry.at[1] as number]?.id, `${entry.rule} at`).toBe(entry.step);
      }
    });

    it(`${name}: registered rules find exactly what is expected`, () => {
      const file = path.join(folder, name);
      const audit = auditText(text, { file: name, config: configForFile(recommended, file), rules: builtinRules });
      const actual = audit.findings.filter((finding) => registered.has(finding.ruleId)).map((finding) => `${finding.ruleId} ${finding.step ?? 'journey'}`);
      const wanted = (expected[name] ?? []).filter((entry) => registered.has(entry.rule)).map((entry) => `${entry.rule} ${entry.step}`);
      expect(actual.sort()).toEqual(wanted.sort());
    });
  }
});
