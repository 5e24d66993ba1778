import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { stackTracePattern } from '../support/cli.js';
import { repositoryRoot, runCli } from '../support/cli.js';

/**
 * Every option of every command, given a wrong value, ends with exit code 2 and says why in one line on
 * standard error. The table must name every option the CLI has, so a new option needs a case here.
 */

// A folder with one journey, a text file that is neither JSON nor a folder, and no git repository.
const folder = mkdtempSync(path.join(tmpdir(), 'journey-audit-wrong-values-'));
cpSync(path.join(repositoryRoot, 'journeys', 'retail-return.journey.yaml'), path.join(folder, 'a.journey.yaml'));
writeFileSync(path.join(folder, 'notes.txt'), 'not json\n');
writeFileSync(path.join(folder, 'help.mmd'), 'flowchart TD\n  A[Ask for help] --> B[Helped]\n');
writeFileSync(path.join(folder, 'log.csv'), 'case:concept:name,concept:name,time:timestamp\nc1,Return request,2026-01-05T10:00:00Z\n');
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Valid arguments each command runs with, so that only the option under test is wrong. */
const baseArguments: Record<string, string[]> = {
  audit: ['a.journey.yaml'],
  validate: ['a.journey.yaml'],
  metrics: ['a.journey.yaml'],
  render: ['a.journey.yaml', '--out', 'diagrams', '--format', 'mmd'],
  report: ['a.journey.yaml', '--out', 'report.html', '--no-diagrams'],
  replay: ['a.journey.yaml', '--log', 'log.csv'],
  rules: [],
  explain: ['dead-end'],
  schema: [],
  init: [],
  import: ['help.mmd', '--out', 'imported'],
};

/** The options shared by audit and validate, with a wrong value each. */
const auditOptions: Record<string, string[]> = {
  '--config': ['--config', 'no-such-config.yaml'],
  '--format': ['--format', 'xml'],
  '--output': ['--output', 'notes.txt/report.txt'],
  '--fail-on': ['--fail-on', 'fatal'],
  '--max-warnings': ['--max-warnings', 'abc'],
  '--quiet': ['--quiet=yes'],
  '--no-color': ['--no-color=1'],
  '--rule': ['--rule', 'silent-wait:loud'],
  '--print-config': ['--print-config', 'no-such.journey.yaml'],
  '--baseline': ['--baseline', 'notes.txt'],
  '--update-baseline': ['--update-baseline=yes'],
  '--prune-baseline': ['--prune-baseline=yes'],
  '--changed-since': ['--changed-since', 'no-such-ref'],
  '--diff-findings': ['--diff-findings=yes'],
  '--watch': ['--watch=yes'],
  '--mapping': ['--mapping', 'notes.txt'],
};

/** For each command and option (or `<argument>`): the arguments that give it a wrong value, added to the command's base. */
const wrongValues: Record<string, Record<string, string[]>> = {
  audit: { ...auditOptions, '<paths>': ['no/such/folder'] },
  validate: { ...auditOptions, '<paths>': ['no/such/folder'] },
  metrics: {
    '--config': ['--config', 'no-such-config.yaml'],
    '--format': ['--format', 'xml'],
    '--mapping': ['--mapping', 'notes.txt'],
    '--log': ['--log', 'no-such-log.csv'],
    '--aggregates': ['--aggregates', 'no-such-folder'],
    '--map': ['--log', 'log.csv', '--map', 'notes.txt'],
    '<paths>': ['no/such/folder'],
  },
  replay: {
    '--log': ['--log', 'no-such-log.csv'],
    '--aggregates': ['--aggregates', 'no-such-folder'],
    '--map': ['--map', 'notes.txt'],
    '--case': ['--case', 'ticket'],
    '--activity': ['--activity', 'task'],
    '--timestamp': ['--timestamp', 'when'],
    '--channel': ['--channel', 'medium'],
    '--resource': ['--resource', 'clerk'],
    '--lifecycle': ['--lifecycle', 'state'],
    '--repeat-window': ['--repeat-window', 'soon'],
    '--save-aggregates': ['--save-aggregates', 'notes.txt/aggregates'],
    '--diagram': ['--diagram', 'notes.txt/lived.mmd'],
    '--view': ['--view', 'blueprint', '--diagram', 'lived.mmd'],
    '--report': ['--report', 'notes.txt/lived.html'],
    '--browser': ['--diagram', 'lived.svg', '--browser', '/no/such/chromium'],
    '--config': ['--config', 'no-such-config.yaml'],
    '--format': ['--format', 'xml'],
    '--output': ['--output', 'notes.txt/findings.txt'],
    '--fail-on': ['--fail-on', 'fatal'],
    '--quiet': ['--quiet=yes'],
    '--no-color': ['--no-color=1'],
    '--rule': ['--rule', 'sla-breach:loud'],
    '<journey>': ['no/such.journey.yaml'],
  },
  render: {
    '--out': ['--out', 'notes.txt/diagrams'],
    '--format': ['--format', 'svg,gif'],
    '--theme': ['--theme', 'pink'],
    '--lanes': ['--lanes', 'team'],
    '--view': ['--view', 'journey-map'],
    '--backstage': ['--view', 'blueprint', '--backstage', 'team'],
    '--pages': ['--pages', 'letter'],
    '--no-annotate': ['--no-annotate=1'],
    '--browser': ['--format', 'svg', '--browser', '/no/such/chromium'],
    '--config': ['--config', 'no-such-config.yaml'],
    '--mapping': ['--mapping', 'notes.txt'],
    '<paths>': ['no/such/folder'],
  },
  report: {
    '--out': ['--out', 'notes.txt/report.html'],
    '--pdf': ['--pdf', 'notes.txt/report.pdf'],
    '--baseline': ['--baseline', 'notes.txt'],
    '--compare': ['--compare', 'no-such-ref'],
    '--no-diagrams': ['--no-diagrams=1'],
    '--browser': ['--pdf', 'report.pdf', '--browser', '/no/such/chromium'],
    '--config': ['--config', 'no-such-config.yaml'],
    '--mapping': ['--mapping', 'notes.txt'],
    '<paths>': ['no/such/folder'],
  },
  import: {
    '--out': ['--out', 'notes.txt/imported'],
    '--mapping': ['--mapping', 'notes.txt'],
    '--channel-from': ['--channel-from', 'pool'],
    '--default-channel': ['--default-channel', 'pigeon'],
    '--lanes': ['--lanes', 'team'],
    '--force': ['--force=1'],
    '--config': ['--config', 'no-such-config.yaml'],
    '<files>': ['no/such/model.bpmn'],
  },
  rules: { '--format': ['--format', 'xml'], '--config': ['--config', 'no-such-config.yaml'], '<none>': ['extra'] },
  explain: { '--config': ['--config', 'no-such-config.yaml'], '<rule>': ['no-such-rule'] },
  schema: { '<none>': ['extra'] },
  init: { '<none>': ['extra'] },
};

/** Options whose every value is a valid one, and why. */
const acceptsAnyValue: Record<string, string> = {
  'report --title': 'any text is a title',
  'import --customer': 'any pool, lane or subgraph name can be the customer',
};

function runWrong(command: string, key: string): ReturnType<typeof runCli> {
  const base = key === '<paths>' || key === '<journey>' ? baseArguments[command]!.filter((argument) => argument !== 'a.journey.yaml') : key === '<rule>' ? [] : baseArguments[command]!;
  return runCli([command, ...base, ...wrongValues[command]![key]!], { cwd: folder, env: { JOURNEY_AUDIT_BROWSER: undefined, PUPPETEER_EXECUTABLE_PATH: undefined } });
}

describe('every wrong value says why', () => {
  const program = buildProgram();

  it('the table covers every option and argument of every command', () => {
    const inTable = Object.entries(wrongValues).flatMap(([command, cases]) => Object.keys(cases).map((key) => `${command} ${key}`));
    const expected = program.commands.flatMap((command) => {
      const options = command.options.map((option) => `${command.name()} ${option.long}`);
      const argumentsOf = command.registeredArguments.map((argument) => `${command.name()} <${argument.name()}>`);
      return [...options, ...(argumentsOf.length > 0 ? argumentsOf : [`${command.name()} <none>`])];
    });
    expect([...inTable, ...Object.keys(acceptsAnyValue)].sort()).toEqual(expected.sort());
  });

  const cases = Object.entries(wrongValues).flatMap(([command, entries]) => Object.keys(entries).map((key) => [command, key] as const));
  it.each(cases)('%s %s', (command, key) => {
    const run = runWrong(command, key);
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).not.toMatch(stackTracePattern);
    expect(run.stderr).not.toContain('internal error');
    // One line with the reason; commander may add a "(Did you mean …?)" line after it.
    const lines = run.stderr.split('\n').filter((line) => line !== '' && !/^\(Did you mean .*\?\)$/.test(line));
    expect(lines, run.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^(journey-audit: |error: )\S/);
  });

  it('the program itself: a value given to --version', () => {
    const run = runCli(['--version=3'], { cwd: folder });
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe("error: unknown option '--version=3'");
  });

  it('--max-warnings with a negative number, glued or apart', () => {
    for (const args of [['--max-warnings=-1'], ['--max-warnings', '-1']]) {
      const run = runCli(['a.journey.yaml', ...args], { cwd: folder });
      expect(run.status).toBe(2);
      expect(run.stderr).toBe("error: option '--max-warnings <n>' argument '-1' is invalid. Expected a whole number, 0 or more.\n");
    }
  });
});
