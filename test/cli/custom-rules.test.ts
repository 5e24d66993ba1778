// Declarative rules (examples/custom-rules) through the built CLI: every output format, `rules`, `explain`, config
// overrides and positioned config errors. The rule language itself is tested in process in test/custom-rules.test.ts.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repositoryRoot, runCli, stackTracePattern } from '../support/cli.js';
import { policy } from '../support/policy.js';

const exampleFolder = path.join(repositoryRoot, 'examples', 'custom-rules');

/** The first object anywhere in parsed JSON that satisfies `test`. */
function findObject(value: unknown, test: (entry: Record<string, unknown>) => boolean): Record<string, unknown> | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findObject(item, test);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    const entry = value as Record<string, unknown>;
    if (test(entry)) return entry;
    for (const item of Object.values(entry)) {
      const found = findObject(item, test);
      if (found) return found;
    }
  }
  return undefined;
}

const scratch = mkdtempSync(path.join(tmpdir(), 'journey-audit-custom-rules-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('declarative rules through the CLI', { timeout: 60_000 }, () => {
  const customIds = ['refund-needs-second-agent', 'no-full-card-number', 'chatbot-offers-a-person', 'same-returns-text'];
  it('flag the example journey with file:line:col next to the built-in rules', () => {
    const run = runCli([], { cwd: exampleFolder });
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n').filter((line) => customIds.some((id) => line.endsWith(`  ${id}`)));
    expect(lines).toEqual([
      "  23:9   error    step 'grant-store-refund' grants a refund above 200 EUR, but no approval by a second agent lies on every way to an end  refund-needs-second-agent",
      "  36:14  warning  step 'open-returns-page' shows 'returns-policy-v3' for return-item in the web channel, while the store channel shows 'returns-policy-v2'  same-returns-text",
      "  37:30  error    step 'open-returns-page' asks for 'card-number': never ask for the full card number; ask for the last four digits  no-full-card-number",
      "  44:9   warning  chatbot step 'ask-returns-bot' does not offer 'talk to a person': no step with actor agent, in a staffed channel follows it directly  chatbot-offers-a-person",
      "  50:9   warning  chatbot step 'bot-explains-label' does not offer 'talk to a person': no step with actor agent, in a staffed channel follows it directly  chatbot-offers-a-person",
    ]);
    expect(run.status).toBe(1);
  });

  const journeyFile = 'journeys/electronics-return.journey.yaml';
  const formats: Array<[string, (output: string) => void]> = [
    ['json', (output) => expect(findObject(JSON.parse(output), (entry) => entry.ruleId === 'no-full-card-number')).toMatchObject({ line: 37, column: 30, severity: 'error' })],
    ['sarif', (output) => {
      const sarif = JSON.parse(output) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string; helpUri?: string; help: { text: string } }> } }; results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { region: { startLine: number; startColumn: number } } }> }> }> };
      const run = sarif.runs[0]!;
      const descriptor = run.tool.driver.rules.find((rule) => rule.id === 'no-full-card-number');
      expect(descriptor?.help.text).toContain('PCI DSS');
      // The project's docs/rules has no page for a company's own rule.
      expect(descriptor?.helpUri).toBeUndefined();
      const result = run.results.find((entry) => entry.ruleId === 'no-full-card-number')!;
      expect(result.locations[0]!.physicalLocation.region).toMatchObject({ startLine: 37, startColumn: 30 });
    }],
    ['junit', (output) => expect(output).toContain(`${journeyFile}:37:30 error step 'open-returns-page' asks for 'card-number'`)],
    ['github', (output) => expect(output).toContain(`${journeyFile},line=37,col=30,endLine=37,endColumn=41,title=no-full-card-number::`)],
    ['gitlab', (output) => {
      // GitLab's code quality format has lines only.
      expect(findObject(JSON.parse(output), (entry) => entry.check_name === 'no-full-card-number')).toMatchObject({ location: { path: journeyFile, lines: { begin: 37 } } });
    }],
    ['markdown', (output) => expect(output).toContain(`no-full-card-number · [${journeyFile}:37:30]`)],
  ];
  for (const [format, check] of formats) {
    it(`in the ${format} format too`, () => {
      const run = runCli(['--format', format], { cwd: exampleFolder });
      expect(run.stderr).toBe('');
      check(run.stdout.replaceAll('examples/custom-rules/', ''));
    });
  }

  it('are listed and explained like built-in rules', () => {
    const explained = runCli(['explain', 'refund-needs-second-agent'], { cwd: exampleFolder });
    expect(explained.status).toBe(0);
    expect(explained.stdout).toMatch(/^# refund-needs-second-agent\n/);
    expect(explained.stdout).toContain('four-eyes policy');
    expect(runCli(['rules'], { cwd: exampleFolder }).stdout).toMatch(/^no-full-card-number +Privacy +error +No step may ask for the full card number\.$/m);
  });

  it('a config can change their severity and options', () => {
    const folder = path.join(scratch, 'override');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'journey-audit.config.yaml'), `ruleDirs: [${JSON.stringify(path.join(exampleFolder, 'rules'))}]\nrules:\n  refund-needs-second-agent: [warning, { limit: 1000 EUR }]\n  no-full-card-number: off\n  same-returns-text: off\n  chatbot-offers-a-person: off\n`);
    const run = runCli([path.join(exampleFolder, 'journeys')], { cwd: folder });
    expect(run.stderr).toBe('');
    expect(run.stdout).not.toContain('refund-needs-second-agent');
    expect(run.stdout).not.toContain('no-full-card-number');
  });

  it('a mistake in a rule file is a config error at its line and column, exit 2', () => {
    const folder = path.join(scratch, 'broken');
    mkdirSync(path.join(folder, 'policies'), { recursive: true });
    writeFileSync(path.join(folder, 'journey-audit.config.yaml'), 'ruleDirs: [./policies]\n');
    writeFileSync(path.join(folder, 'policies', 'owner.rule.yaml'), policy('given:\n  kind: aproval\nthen:\n  required: [owner]').replace('test-policy', 'owner-policy'));
    writeFileSync(path.join(folder, 'policies', 'notes.md'), 'not a rule');
    const run = runCli([path.join(exampleFolder, 'journeys')], { cwd: folder });
    expect(run.stderr).not.toMatch(stackTracePattern);
    expect(run.stderr).toBe(`journey-audit: config error: ${path.join('policies', 'owner.rule.yaml')}:8:9: 'given.kind': "aproval" is not allowed; use one of action, decision, wait, approval, handoff, message, end — did you mean 'approval'?\n`);
    expect(run.stdout).toBe('');
    expect(run.status).toBe(2);
  });

  it('options that make a rule unusable are a finding of that rule, never a crash; the other rules still run', () => {
    const folder = path.join(scratch, 'bad-option');
    mkdirSync(path.join(folder, 'policies'), { recursive: true });
    writeFileSync(path.join(folder, 'journey-audit.config.yaml'), `extends: recommended\nruleDirs: [./policies]\nrules:\n  named-steps: [warning, { words: "(" }]\n`);
    writeFileSync(path.join(folder, 'policies', 'named-steps.rule.yaml'), policy("then:\n  field: name\n  pattern: '${words}'", 'x', 'options:\n  words: notify\n').replace('test-policy', 'named-steps'));
    const run = runCli([path.join(exampleFolder, 'journeys')], { cwd: folder });
    expect(run.stderr).not.toMatch(stackTracePattern);
    expect(run.stdout).toMatch(/^ {2}2:1 +error +rule 'named-steps' failed on this journey: with the configured options, '\(' is not a valid pattern: .* {2}named-steps$/m);
    expect(run.stdout).toContain('no-human-escape');
    expect(run.status).toBe(1);
  });

  it('a folder that does not exist is positioned at its entry', () => {
    const folder = path.join(scratch, 'missing');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'journey-audit.config.yaml'), 'extends: recommended\nruleDirs:\n  - ./nowhere\n');
    const run = runCli([], { cwd: folder });
    expect(run.stderr).toMatch(/^journey-audit: config error: journey-audit\.config\.yaml:3:5: ruleDirs '\.\/nowhere': no such folder /);
    expect(run.status).toBe(2);
    expect(existsSync(path.join(folder, 'nowhere'))).toBe(false);
  });
});
