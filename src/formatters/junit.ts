import { xmlWithCharacterReferences } from '../util/text.js';
import { createRequire } from 'node:module';
import type { Finding, Severity } from '../types.js';
import { displayPath } from './paths.js';
import type { Formatter } from './types.js';

type XmlBuilder2 = typeof import('xmlbuilder2');
const require = createRequire(import.meta.url);
let xmlbuilder2: XmlBuilder2 | undefined;

/**
 * Characters XML 1.0 cannot carry at all, not even as character references (most C0 controls,
 * lone surrogates, U+FFFE/U+FFFF): written as a visible \uXXXX instead of being dropped.
 */
function replaceInvalidCharacter(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Parsers turn tabs and line breaks in attribute values into spaces; say so explicitly. */
function attribute(text: string): string {
  return text.replace(/[\t\r\n]+/g, ' ');
}

const rank: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** Checks that run for the whole file before any rule: their test case takes the file's time. */
const inputRuleIds: ReadonlySet<string> = new Set(['parse', 'schema']);

interface TestCase {
  name: string;
  findings: Finding[];
}

/** Groups a file's findings into one test case per journey and rule, in order of first appearance. */
function testCases(findings: readonly Finding[]): TestCase[] {
  const byRule = new Map<string, TestCase>();
  for (const finding of findings) {
    const existing = byRule.get(finding.ruleId);
    if (existing) existing.findings.push(finding);
    else byRule.set(finding.ruleId, { name: finding.ruleId, findings: [finding] });
  }
  return [...byRule.values()];
}

/** Seconds as JUnit readers expect them: a plain decimal number. */
const seconds = (value: number | undefined) => (value ?? 0).toFixed(3);

const findingLine = (file: string, finding: Finding) => `${file}:${finding.line}:${finding.column} ${finding.severity} ${finding.message} (${finding.ruleId})`;

/**
 * JUnit XML for CI test reports: one testsuite per journey file, one testcase per journey and rule
 * that reported. Only findings at or above the severity that fails the run (--fail-on) make a
 * <failure>, listing them as file:line:col, so a run that exits 0 shows no failed test; findings below it
 * are listed in the test case's <system-out>. Rules whose findings are all suppressed are skipped test
 * cases; a file without findings is one passing test case. `time` is the measured wall time of the file
 * (test suite) and of the rule on that file (test case); parse and schema checks take the file's time;
 * checks not timed on their own (unused disable comments, duplicate journey ids) show 0.
 *
 * xmlbuilder2 does the escaping, including characters XML cannot represent; it is loaded only
 * when this format is chosen.
 */
export const junit: Formatter = (results, context) => {
  xmlbuilder2 ??= require('xmlbuilder2') as XmlBuilder2;
  const document = xmlbuilder2.create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: replaceInvalidCharacter });
  const root = document.ele('testsuites', { name: 'journey-audit' });
  const failRank = rank[context.failOn ?? 'error'];
  let totalTests = 0;
  let totalFailures = 0;
  let totalSkipped = 0;
  let totalSeconds = 0;
  for (const result of results) {
    const file = attribute(displayPath(result.file, context));
    const classname = attribute(result.journey ?? file);
    const cases = testCases(result.findings);
    const suite = root.ele('testsuite', { name: file });
    let failures = 0;
    let skipped = 0;
    const fileSeconds = result.timing?.seconds ?? 0;
    const caseSeconds = (ruleId: string) => (inputRuleIds.has(ruleId) ? fileSeconds : (result.timing?.rules[ruleId] ?? 0));
    if (cases.length === 0) suite.ele('testcase', { classname, name: 'journey-audit', file, time: seconds(fileSeconds) });
    for (const testCase of cases) {
      const element = suite.ele('testcase', { classname, name: testCase.name, file, time: seconds(caseSeconds(testCase.name)) });
      const active = testCase.findings.filter((finding) => !finding.suppressed);
      if (active.length === 0) {
        const kinds = [...new Set(testCase.findings.map((finding) => finding.suppressed!.kind))].join(', ');
        element.ele('skipped', { message: `${testCase.findings.length} suppressed (${kinds})` });
        skipped++;
        continue;
      }
      const failing = active.filter((finding) => rank[finding.severity] >= failRank);
      const passing = active.filter((finding) => rank[finding.severity] < failRank);
      if (failing.length > 0) {
        const worst = failing.reduce((a, b) => (rank[b.severity] > rank[a.severity] ? b : a));
        const message = failing.length === 1 ? worst.message : `${failing.length} problems; first: ${failing[0]!.message}`;
        element.ele('failure', { message: attribute(message), type: worst.severity }).txt(failing.map((finding) => findingLine(file, finding)).join('\n'));
        failures++;
      }
      // Below --fail-on: reported, but the test passes, as the run does.
      if (passing.length > 0) element.ele('system-out').txt(passing.map((finding) => findingLine(file, finding)).join('\n'));
    }
    const tests = Math.max(1, cases.length);
    suite.att({ tests: String(tests), failures: String(failures), errors: '0', skipped: String(skipped), time: seconds(fileSeconds) });
    totalTests += tests;
    totalFailures += failures;
    totalSkipped += skipped;
    totalSeconds += fileSeconds;
  }
  root.att({ tests: String(totalTests), failures: String(totalFailures), errors: '0', skipped: String(totalSkipped), time: seconds(totalSeconds) });
  return `${xmlWithCharacterReferences(document.end({ prettyPrint: true }))}\n`;
};
