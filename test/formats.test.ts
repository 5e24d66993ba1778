import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, github } from '../src/formatters/github.js';
import { codeQualitySeverity, gitlab } from '../src/formatters/gitlab.js';
import { formatters } from '../src/formatters/index.js';
import { junit } from '../src/formatters/junit.js';
import { commentMarker, fencedBlock, inlineText, markdown } from '../src/formatters/markdown.js';
import { sarif } from '../src/formatters/sarif.js';
import type { Formatter, FormatterContext } from '../src/formatters/types.js';
import type { AuditedFile } from '../src/engine/engine.js';
import { sarifSchemaErrors } from './sarif-schema.js';
import { comparisonContext, goldenContext, goldenResults, hostile } from './fixtures/formats/results.js';

const require = createRequire(import.meta.url);
const folder = path.join(import.meta.dirname, 'fixtures', 'formats');

/** Compares with the golden file; `UPDATE_GOLDEN=1` rewrites it (review the diff before committing). */
function golden(name: string, formatter: Formatter, context: FormatterContext = goldenContext, results: readonly AuditedFile[] = goldenResults): string {
  const output = formatter(results, context);
  const file = path.join(folder, name);
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, output);
  expect(output).toBe(readFileSync(file, 'utf8'));
  return output;
}

describe('the format registry', () => {
  it('offers every CI format', () => {
    expect(Object.keys(formatters).sort()).toEqual(['github', 'gitlab', 'json', 'junit', 'markdown', 'sarif', 'stylish']);
  });
});

describe('sarif', () => {
  const output = golden('audit.sarif', sarif);
  const log = JSON.parse(output);

  it('validates against the official SARIF 2.1.0 schema', () => {
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(sarifSchemaErrors({ ...log, version: '2.0.0' })).not.toEqual([]);
  });

  it('describes every rule, engine checks included, and points results at them by index', () => {
    const rules = log.runs[0].tool.driver.rules as Array<{ id: string; defaultConfiguration: { level: string }; properties: { tags: string[] } }>;
    expect(rules.map((rule) => `${rule.id} ${rule.defaultConfiguration.level} ${rule.properties.tags.join()}`)).toEqual([
      'dead-end error broken',
      'duplicate-step warning redundant',
      'parse error input',
      'schema error input',
      'unused-disable-directive warning suppression',
    ]);
    for (const result of log.runs[0].results) expect(rules[result.ruleIndex]!.id).toBe(result.ruleId);
  });

  it('carries fingerprints, repository-relative URIs and suppressions', () => {
    const results = log.runs[0].results as Array<Record<string, any>>;
    expect(results.map((result) => result.partialFingerprints['journeyAudit/v1'])).toEqual([
      '0a1b2c3d4e5f60718293', 'aaaabbbbccccdddd0001', 'aaaabbbbccccdddd0002', 'ffffeeeeddddcccc0003', 'ffffeeeeddddcccc0004', '99998888777766665555',
    ]);
    expect(results[3]!.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'journeys/odd%20name%20(v2).journey.yaml', uriBaseId: '%SRCROOT%' });
    expect(log.runs[0].originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///repo/' } });
    expect(results.map((result) => result.suppressions?.[0]?.kind ?? '-')).toEqual(['-', 'external', 'inSource', '-', '-', '-']);
    expect(results[2]!.locations[0].physicalLocation.region).toEqual({ startLine: 31, startColumn: 11, endLine: 33, endColumn: 4 });
  });

  it('gives files outside the root an absolute file URI', () => {
    const outside = sarif([{ ...goldenResults[2]!, file: '/elsewhere/x.journey.yaml', findings: goldenResults[2]!.findings.map((f) => ({ ...f, file: '/elsewhere/x.journey.yaml' })) }], goldenContext);
    expect(JSON.parse(outside).runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'file:///elsewhere/x.journey.yaml' });
  });
});

describe('junit', () => {
  const output = golden('audit.junit.xml', junit);
  // An independent, strict parser: well-formedness is not judged by the library that wrote the XML.
  const { XMLParser, XMLValidator } = require('fast-xml-parser') as typeof import('fast-xml-parser');
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', trimValues: false, parseTagValue: false, parseAttributeValue: false, isArray: (name) => ['testsuite', 'testcase'].includes(name) });

  it('is well-formed XML that keeps hostile text intact', () => {
    expect(XMLValidator.validate('<a><b></a>')).not.toBe(true);
    expect(XMLValidator.validate(output)).toBe(true);
    const suites = parser.parse(output).testsuites.testsuite as Array<Record<string, any>>;
    expect(suites.map((suite) => ['name', 'tests', 'failures', 'skipped'].map((name) => suite[`@${name}`]).join(' '))).toEqual([
      'journeys/refund.journey.yaml 2 1 1',
      'journeys/odd name (v2).journey.yaml 1 1 0',
      'journeys/broken.journey.yaml 1 1 0',
      'journeys/clean.journey.yaml 1 0 0',
    ]);
    const odd = suites[1]!.testcase[0];
    expect(odd['@classname']).toBe('odd|journey');
    // Every character XML can carry survives (a CR LF line break reads as a line break); BEL and NUL,
    // which XML cannot carry at all, are written visibly.
    const expected = hostile.replace('\u0007\u0000', '\\u0007\\u0000');
    const text = (odd.failure['#text'] as string).replace(/\r\n?/g, '\n');
    expect(text.split('\n')[0]).toBe(`journeys/odd name (v2).journey.yaml:3:5 error ${expected.split('\r\n')[0]}`);
    expect(text.split('\n')[1]).toBe(`${expected.split('\r\n')[1]} (dead-end)`);
    expect(odd.failure['@message']).toBe(`2 problems; first: ${expected.replace('\r\n', ' ')}`);
  });

  it('rejects nothing and escapes everything: no raw markup from the message reaches the document', () => {
    expect(output).not.toContain('<b>');
    expect(output).not.toContain(']]>');
    expect(output).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  });
});

describe('junit and --fail-on', () => {
  const { XMLParser } = require('fast-xml-parser') as typeof import('fast-xml-parser');
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, parseAttributeValue: false, isArray: (name) => ['testsuite', 'testcase'].includes(name) });
  const base = goldenResults[0]!.findings[0]!;
  const warned: AuditedFile = {
    file: 'journeys/wait.journey.yaml',
    journey: 'wait',
    inputError: false,
    findings: [
      { ...base, ruleId: 'silent-wait', severity: 'warning', message: 'a long wait nobody explains', file: 'journeys/wait.journey.yaml', line: 7, column: 5 },
      { ...base, ruleId: 'dead-end', severity: 'error', message: 'no way on', file: 'journeys/wait.journey.yaml', line: 9, column: 5 },
      { ...base, ruleId: 'dead-end', severity: 'warning', message: 'no way on either', file: 'journeys/wait.journey.yaml', line: 11, column: 5 },
    ],
    timing: { seconds: 0.0125, rules: { 'silent-wait': 0.0004, 'dead-end': 0.0002 } },
  };
  const cases = (failOn: FormatterContext['failOn']) => {
    const document = parser.parse(junit([warned], { ...goldenContext, ...(failOn ? { failOn } : {}) }));
    return { root: document.testsuites, cases: document.testsuites.testsuite[0].testcase as Array<Record<string, any>> };
  };

  it('fails only the findings at or above --fail-on; the ones below go to system-out and the test passes', () => {
    const { root, cases: byDefault } = cases(undefined);
    expect(root['@failures']).toBe('1');
    const [wait, deadEnd] = byDefault;
    expect(wait!.failure).toBeUndefined();
    expect(wait!['system-out']).toBe('journeys/wait.journey.yaml:7:5 warning a long wait nobody explains (silent-wait)');
    expect(deadEnd!.failure['#text']).toBe('journeys/wait.journey.yaml:9:5 error no way on (dead-end)');
    expect(deadEnd!.failure['@message']).toBe('no way on');
    expect(deadEnd!['system-out']).toBe('journeys/wait.journey.yaml:11:5 warning no way on either (dead-end)');
  });

  it('fails warnings too with --fail-on warning', () => {
    const { root, cases: strict } = cases('warning');
    expect(root['@failures']).toBe('2');
    expect(strict[0]!.failure['@type']).toBe('warning');
    expect(strict[1]!.failure['@message']).toBe('2 problems; first: no way on');
    expect(strict.some((testCase) => 'system-out' in testCase)).toBe(false);
  });

  it('carries the measured time on the test suites and test cases', () => {
    const { root, cases: timed } = cases(undefined);
    expect(root['@time']).toBe('0.013');
    expect(root.testsuite[0]['@time']).toBe('0.013');
    expect(timed.map((testCase) => testCase['@time'])).toEqual(['0.000', '0.000']);
    const slow: AuditedFile = { ...warned, timing: { seconds: 2.5, rules: { 'silent-wait': 1.25, 'dead-end': 0.5 } } };
    const document = parser.parse(junit([slow], goldenContext));
    expect(document.testsuites.testsuite[0].testcase.map((testCase: Record<string, string>) => testCase['@time'])).toEqual(['1.250', '0.500']);
  });
});

describe('github', () => {
  const output = golden('audit.github.txt', github);

  it('writes one workflow command per active finding, escaped so none can start another', () => {
    const lines = output.trimEnd().split('\n');
    expect(lines.map((line) => line.slice(0, line.indexOf(' ')))).toEqual(['::error', '::error', '::error', '::error']);
    expect(lines[0]).toBe("::error file=journeys/refund.journey.yaml,line=12,col=11,endLine=12,endColumn=19,title=dead-end::step 'await-refund' has no `next` and is not an end step");
    expect(lines[1]).toContain('::step \'pay|ment\' says <b>"50 %25"</b> & ]]> `code` ``` @team $x$%0D%0A::error::injected, a:b \\u0007\\u0000');
  });

  it('escapes data and properties as GitHub requires', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
    const odd = github([{ file: 'we,ird:name.journey.yaml', inputError: false, findings: [{ ...goldenResults[0]!.findings[0]!, file: 'we,ird:name.journey.yaml', severity: 'info' }] }], goldenContext);
    expect(odd).toMatch(/^::notice file=we%2Cird%3Aname\.journey\.yaml,line=12,/);
  });

  it('prints nothing when nothing is wrong', () => {
    expect(github([goldenResults[3]!], goldenContext)).toBe('');
  });
});

describe('gitlab', () => {
  const output = golden('audit.gitlab.json', gitlab);
  const issues = JSON.parse(output) as Array<Record<string, any>>;

  it('lists active findings with the fields GitLab requires', () => {
    expect(issues.map((issue) => `${issue.check_name} ${issue.severity} ${issue.location.path}:${issue.location.lines.begin}`)).toEqual([
      'dead-end critical journeys/refund.journey.yaml:12',
      'dead-end critical journeys/odd name (v2).journey.yaml:3',
      'dead-end critical journeys/odd name (v2).journey.yaml:9',
      'parse blocker journeys/broken.journey.yaml:4',
    ]);
    expect(new Set(issues.map((issue) => issue.fingerprint)).size).toBe(issues.length);
    expect(issues[1]!.description).toBe(hostile);
  });

  it('maps severities to blocker, critical, major, minor and info', () => {
    const base = goldenResults[0]!.findings[0]!;
    expect(codeQualitySeverity({ ...base, category: 'input' })).toBe('blocker');
    expect(codeQualitySeverity({ ...base, category: 'broken', severity: 'error' })).toBe('critical');
    expect(codeQualitySeverity({ ...base, category: 'channel', severity: 'error' })).toBe('major');
    expect(codeQualitySeverity({ ...base, severity: 'warning' })).toBe('minor');
    expect(codeQualitySeverity({ ...base, severity: 'info' })).toBe('info');
  });

  it('keeps fingerprints unique when the same finding repeats in a file', () => {
    const twice = { ...goldenResults[0]!, findings: [goldenResults[0]!.findings[0]!, { ...goldenResults[0]!.findings[0]!, line: 40 }] };
    const [first, second] = JSON.parse(gitlab([twice], goldenContext)) as Array<{ fingerprint: string }>;
    expect(first!.fingerprint).not.toBe(second!.fingerprint);
  });
});

describe('markdown', () => {
  const plain = golden('audit.md', markdown);
  const compared = golden('audit-compared.md', markdown, comparisonContext);

  it('summarises per journey without new/fixed columns when nothing is compared', () => {
    expect(plain.startsWith(`${commentMarker}\n`)).toBe(true);
    expect(plain).toContain('| Journey | File | Errors | Warnings |\n');
    expect(plain).not.toContain('<details>');
  });

  it('adds new and fixed columns and the diagram of the fake diagram function', () => {
    expect(compared).toContain('| Journey | File | Errors | Warnings | New | Fixed |\n');
    expect(compared).toContain('| refund-request | [journeys/refund.journey.yaml](https://github.com/acme/journeys/blob/0123abc/journeys/refund.journey.yaml) | 1 | 0 | 1 | 1 |');
    expect(compared).toContain('<summary>Diagram of refund-request</summary>');
    expect(compared).toContain('````mermaid\nflowchart TD\n  a["say ```hi```"] --> b\n````');
    expect(compared.match(/<details>/g)).toHaveLength(1);
  });

  it('keeps user text inside its table cell', () => {
    for (const output of [plain, compared]) {
      const rows = output.split('\n').filter((line) => line.startsWith('|'));
      const cells = (row: string) => row.replace(/\\\|/g, '').split('|').length;
      expect(new Set(rows.map(cells)).size).toBe(1);
    }
    expect(inlineText('a|b\nc <i>@you</i> `x` [l](u) $m$')).toBe('a\\|b c &lt;i&gt;@\u200byou&lt;/i&gt; \\`x\\` \\[l\\](u) \\$m\\$');
  });

  it('chooses a code fence longer than any backtick run in the diagram', () => {
    expect(fencedBlock('mermaid', 'a\n')).toBe('```mermaid\na\n```');
    expect(fencedBlock('mermaid', 'x ````` y')).toBe('``````mermaid\nx ````` y\n``````');
  });

  it('links findings to their lines', () => {
    expect(compared).toContain('(https://github.com/acme/journeys/blob/0123abc/journeys/odd%20name%20%28v2%29.journey.yaml#L3)');
    expect(plain).toContain('(journeys/refund.journey.yaml#L12)');
  });

  it('leaves diagrams out before exceeding the comment size limit', () => {
    const big = markdown(goldenResults, { ...comparisonContext, diagram: () => 'flowchart TD\n' + '  a --> b\n'.repeat(3000) });
    expect(big.length).toBeLessThan(65_536);
    expect(big).not.toContain('<details>');
    expect(big).toContain('Diagrams are left out');
  });
});
