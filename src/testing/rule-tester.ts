import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { checkRuleOptions } from '../config/load.js';
import { defaultLimits, type EffectiveConfig } from '../config/types.js';
import { auditText, renderMessage } from '../engine/engine.js';
import { defaultSettings, type JourneySettings } from '../model/channels.js';
import type { Rule } from '../rules/define.js';
import type { Finding } from '../types.js';

/**
 * RuleTester runs a rule over small journeys and checks exactly what it reports, as ESLint's RuleTester does. It
 * depends on no test framework: it takes `describe` and `it` from RuleTester.describe/it when set (node:test), else
 * from the globals (vitest with globals, jest), and asserts with node:assert.
 */

/** A journey the rule must not flag: YAML text, or a fixture file. */
export interface ValidTestCase {
  /** Shown as the test's name; defaults to the file name or the journey id. */
  name?: string;
  /** The journey as YAML text. */
  code?: string;
  /** A fixture file; its `# @expect rule-id[:messageId]` markers say what must be reported, line by line. */
  file?: string;
  /** Rule options, merged over the rule's defaults; checked against its options schema. */
  options?: Record<string, unknown>;
  /** Catalogs in force (channels, systems, pii, departments), as a config would give them. */
  settings?: Partial<JourneySettings>;
  /** The file name findings carry (default: the fixture path, or `journey.yaml`). */
  filename?: string;
}

export interface ExpectedFinding {
  /** Defaults to the rule's id. */
  ruleId?: string;
  messageId?: string;
  /** The exact message, or a pattern it must match. */
  message?: string | RegExp;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
}

export interface InvalidTestCase extends ValidTestCase {
  /** What must be reported, in line and column order, or how many findings; a fixture file's markers can replace it. */
  errors?: number | ExpectedFinding[];
}

export interface RuleTests {
  valid: ReadonlyArray<string | ValidTestCase>;
  invalid: readonly InvalidTestCase[];
}

type Block = (name: string, body: () => void) => unknown;

export interface RuleTesterDefaults {
  /** Catalogs for every case; a case's own settings are merged over them. */
  settings?: Partial<JourneySettings>;
}

/** A fixture's own expectations: `# @expect rule-id[:messageId] [col=N]`, `# @options {json}`, `# @settings {json}`. */
export interface FixtureMarkers {
  expectations: Array<{ ruleId: string; messageId?: string; line: number; column?: number }>;
  options: Record<string, unknown>;
  settings: Partial<JourneySettings>;
}

export function readFixtureMarkers(text: string): FixtureMarkers {
  const markers: FixtureMarkers = { expectations: [], options: {}, settings: {} };
  text.split(/\r?\n/).forEach((line, index) => {
    const options = /^\s*#\s*@options\s+(.*)$/.exec(line);
    if (options) markers.options = JSON.parse(options[1]!) as Record<string, unknown>;
    const settings = /^\s*#\s*@settings\s+(.*)$/.exec(line);
    if (settings) markers.settings = JSON.parse(settings[1]!) as Partial<JourneySettings>;
    for (const match of line.matchAll(/@expect\s+([a-z0-9/-]+)(?::([A-Za-z0-9_-]+))?(?:\s+col=(\d+))?/g)) {
      const expectation: FixtureMarkers['expectations'][number] = { ruleId: match[1]!, line: index + 1 };
      if (match[2]) expectation.messageId = match[2];
      if (match[3]) expectation.column = Number(match[3]);
      markers.expectations.push(expectation);
    }
  });
  return markers;
}

const unfilledPlaceholder = /\{\{\s*\w+\s*\}\}/;

export class RuleTester {
  /** Set these to node:test's describe and it (or any framework's); otherwise the globals are used. */
  static describe: Block | undefined;
  static it: Block | undefined;

  constructor(private readonly defaults: RuleTesterDefaults = {}) {}

  /**
   * The cases of a fixture folder: files named `valid-*.journey.yaml` are valid cases, `invalid-*` invalid ones
   * whose markers say what must be reported.
   */
  static fixtures(folder: string): RuleTests {
    const files = readdirSync(folder).filter((name) => /\.ya?ml$/.test(name)).sort();
    return {
      valid: files.filter((name) => name.startsWith('valid-')).map((name) => ({ file: path.join(folder, name) })),
      invalid: files.filter((name) => !name.startsWith('valid-')).map((name) => ({ file: path.join(folder, name) })),
    };
  }

  /** Declares one test per case, under a block named `name`. */
  run(name: string, rule: Rule, tests: RuleTests): void {
    const describe = RuleTester.describe ?? (globalThis as { describe?: Block }).describe;
    const it = RuleTester.it ?? (globalThis as { it?: Block }).it;
    if (typeof describe !== 'function' || typeof it !== 'function') {
      throw new Error('RuleTester needs describe and it: run it under vitest (globals) or jest, or set RuleTester.describe and RuleTester.it (for node:test: import { describe, it } from "node:test")');
    }
    // An empty block fails under some frameworks (vitest): only lists with cases get one.
    describe(name, () => {
      if (tests.valid.length > 0) {
        describe('valid', () => {
          for (const entry of tests.valid) {
            const testCase = typeof entry === 'string' ? { code: entry } : entry;
            it(caseName(testCase), () => this.check(rule, testCase, true));
          }
        });
      }
      if (tests.invalid.length > 0) {
        describe('invalid', () => {
          for (const testCase of tests.invalid) it(caseName(testCase), () => this.check(rule, testCase, false));
        });
      }
    });
  }

  /** Runs one case and asserts; usable without describe/it too. */
  check(rule: Rule, testCase: InvalidTestCase, valid: boolean): void {
    const text = testCase.code ?? (testCase.file !== undefined ? readFileSync(testCase.file, 'utf8') : undefined);
    assert.ok(text !== undefined, 'a test case needs `code` (YAML text) or `file` (a fixture path)');
    const markers = readFixtureMarkers(text);
    const options = { ...markers.options, ...testCase.options };
    const problem = checkRuleOptions(rule, options);
    assert.equal(problem?.message, undefined, `the case's options do not fit the rule's options schema`);
    const settings = { ...defaultSettings, ...this.defaults.settings, ...markers.settings, ...testCase.settings };
    settings.channels = { ...defaultSettings.channels, ...this.defaults.settings?.channels, ...markers.settings.channels, ...testCase.settings?.channels };
    const config: EffectiveConfig = {
      rules: { [rule.meta.id]: { severity: rule.meta.defaultSeverity, options } },
      settings,
      limits: defaultLimits,
    };
    // The messageId of each report, by the message it renders: findings carry the text, not the id.
    const messageIds = new Map<string, string>();
    const recording: Rule = {
      meta: rule.meta,
      check: (context) =>
        rule.check({
          ...context,
          report: (entry) => {
            const template = rule.meta.messages[entry.messageId];
            assert.ok(template !== undefined, `rule '${rule.meta.id}' reported messageId '${entry.messageId}', which its meta.messages does not define`);
            messageIds.set(renderMessage(template, entry.data), entry.messageId);
            context.report(entry);
          },
        }),
    };
    const file = testCase.filename ?? testCase.file ?? 'journey.yaml';
    const result = auditText(text, { file, config, rules: [recording] });
    const input = result.findings.filter((finding) => finding.category === 'input').map(describeFinding);
    assert.deepEqual(input, [], 'the journey must be valid (parse and schema), or the case proves nothing about the rule');
    const crashed = result.findings.find((finding) => finding.message.startsWith(`rule '${rule.meta.id}' failed on this journey`));
    assert.equal(crashed?.message, undefined, 'the rule threw');
    const findings = result.findings.filter((finding) => finding.ruleId === rule.meta.id);
    for (const finding of findings) {
      assert.doesNotMatch(finding.message, unfilledPlaceholder, `a placeholder was left unfilled at ${finding.line}:${finding.column}: "${finding.message}"`);
    }
    const fromMarkers = testCase.file !== undefined || markers.expectations.length > 0;
    if (valid) {
      assert.deepEqual(markers.expectations, [], 'a valid case carries no @expect markers');
      assert.deepEqual(findings.map(describeFinding), [], 'a valid case must not be flagged');
      return;
    }
    if (fromMarkers && testCase.errors === undefined) {
      const expected = markers.expectations.filter((expectation) => expectation.ruleId === rule.meta.id || expectation.ruleId === shortId(rule.meta.id));
      assert.ok(expected.length > 0, `an invalid case marks at least one finding of '${rule.meta.id}' with # @expect`);
      const actual = findings.map((finding) => {
        const marker = expected.find((candidate) => candidate.line === finding.line);
        const column = marker?.column !== undefined ? `:${finding.column}` : '';
        const messageId = marker?.messageId !== undefined ? `:${messageIds.get(finding.message) ?? '?'}` : '';
        return `${finding.line}${column} ${marker?.ruleId ?? rule.meta.id}${messageId}`;
      });
      const wanted = expected.map((marker) => `${marker.line}${marker.column !== undefined ? `:${marker.column}` : ''} ${marker.ruleId}${marker.messageId !== undefined ? `:${marker.messageId}` : ''}`);
      assert.deepEqual(actual.sort(), wanted.sort(), 'findings must be exactly the @expect markers (line[:column] rule[:messageId])');
      return;
    }
    const errors = testCase.errors;
    assert.ok(errors !== undefined, 'an invalid case needs `errors` (or a fixture with @expect markers)');
    if (typeof errors === 'number') {
      assert.equal(findings.length, errors, `expected ${errors} finding(s), got: ${findings.map(describeFinding).join('; ') || 'none'}`);
      return;
    }
    assert.equal(findings.length, errors.length, `expected ${errors.length} finding(s), got: ${findings.map(describeFinding).join('; ') || 'none'}`);
    errors.forEach((expected, index) => {
      const finding = findings[index]!;
      const where = `finding ${index + 1} (${describeFinding(finding)})`;
      if (expected.ruleId !== undefined) assert.equal(finding.ruleId, expected.ruleId, `${where}: rule id`);
      if (expected.messageId !== undefined) assert.equal(messageIds.get(finding.message), expected.messageId, `${where}: messageId`);
      if (typeof expected.message === 'string') assert.equal(finding.message, expected.message, `${where}: message`);
      if (expected.message instanceof RegExp) assert.match(finding.message, expected.message, `${where}: message`);
      for (const key of ['line', 'column', 'endLine', 'endColumn'] as const) {
        if (expected[key] !== undefined) assert.equal(finding[key], expected[key], `${where}: ${key}`);
      }
    });
  }
}

/** `acme/refund-limit` is marked `refund-limit` in the pack's own fixtures too. */
function shortId(id: string): string {
  return id.slice(id.indexOf('/') + 1);
}

function describeFinding(finding: Finding): string {
  return `${finding.line}:${finding.column} ${finding.ruleId} ${finding.message}`;
}

function caseName(testCase: ValidTestCase): string {
  if (testCase.name) return testCase.name;
  if (testCase.file) return path.basename(testCase.file);
  const id = /^journey:\s*(\S+)/m.exec(testCase.code ?? '')?.[1];
  return id ?? (testCase.code ?? '').split('\n')[0]!.slice(0, 60);
}
