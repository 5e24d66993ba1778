import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedFolder } from '../support/shared.js';
import { repositoryRoot as repoRoot, runCli } from '../support/cli.js';

const shared = sharedFolder(repoRoot);
const logs = shared === undefined ? undefined : path.join(shared, 'event-logs');
const describeWithLogs = logs === undefined ? describe.skip : describe;
if (logs === undefined) console.warn('replay tests on the real event logs skipped: no shared folder (set JOURNEY_AUDIT_SHARED)');

const compensation = 'examples/replay/compensation-request.journey.yaml';
const receipt = 'examples/replay/permit-receipt.journey.yaml';
const helpdesk = 'examples/replay/helpdesk-ticket.journey.yaml';
const temporary = () => mkdtempSync(path.join(os.tmpdir(), 'journey-audit-replay-'));

// DuckDB starts in every run and the machine may be shared: generous time per test, no timing assertion.
describeWithLogs('journey-audit replay on the shared real logs', { timeout: 120_000 }, () => {
  const runningExample = path.join(logs ?? '', 'running-example.csv');

  it('replays the textbook running example: findings at the journey positions and the as-lived summary', () => {
    const run = runCli(['replay', compensation, '--log', runningExample, '--rule', 'undeclared-transition:off']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(compensation);
    expect(lines[1]).toMatch(/^ {2}3:1 {4}info {5}3 of 6 cases \(50%\) follow the journey; 78\.6% of 42 moves match it; most common as lived: /);
    expect(lines[2]).toMatch(/^ {2}52:10 {2}error {4}'decide' promises 3d, but as lived its p90 is 6\.7d \(median 2d; 22\.2% of 9 arrivals over the promise\) +sla-breach$/);
    expect(run.stdout).toContain('as lived: compensation-request: 6 cases, 42 events; 3 cases (50%) follow the journey; 78.6% of moves match');
    expect(run.stdout).toMatch(/^ {2}check-ticket +9 +1d +5\.3d +~1d$/m);
  });

  it('reads the permit receipt log (CSV, channel per case) and finds the cases left without news', () => {
    const run = runCli(['replay', receipt, '--log', path.join(logs!, 'receipt.csv'), '--format', 'json']);
    expect(run.status).toBe(1);
    const [file] = JSON.parse(run.stdout) as Array<{ messages: Array<{ ruleId: string; line: number; column: number; message: string; step: string | null }>; replay: Record<string, unknown> }>;
    expect(file!.replay).toMatchObject({ cases: 1434, events: 8577, fittingCases: 748, distinctVariants: 116 });
    expect(file!.messages.find((message) => message.ruleId === 'stuck-cases' && message.step === 'submit-application')).toMatchObject({
      line: 15,
      column: 9,
      message: "113 cases stopped at 'submit-application' without reaching an end, with no event for more than 2w (the longest promise)",
    });
    expect(file!.messages.filter((message) => message.ruleId === 'sla-breach').map((message) => message.step)).toEqual(['send-document-request']);
  });

  it('streams the help-desk XES log (gzip) with a map file: ignored and unknown activities, reopened tickets', () => {
    const run = runCli(['replay', helpdesk, '--log', path.join(logs!, 'helpdesk.xes.gz'), '--map', 'examples/replay/helpdesk.map.yaml', '--format', 'json']);
    expect(run.status).toBe(1);
    const [file] = JSON.parse(run.stdout) as Array<{ messages: Array<{ ruleId: string; message: string; step: string | null }>; replay: { cases: number; fittingCases: number; unknownActivities: unknown[] } }>;
    expect(file!.replay.cases).toBe(4580);
    expect(file!.replay.fittingCases).toBe(3945);
    expect(file!.replay.unknownActivities).toEqual([{ activity: 'Schedule intervention', events: 5, cases: 5 }]);
    expect(file!.messages.find((message) => message.ruleId === 'undeclared-transition')?.message).toBe(
      "146 cases (3.2%) go from 'resolve-ticket' to 'take-in-charge' (median 1.2d), a way the journey does not have",
    );
  });

  it('prints the findings in every format', () => {
    for (const format of ['json', 'sarif', 'junit', 'github', 'gitlab', 'markdown']) {
      const run = runCli(['replay', compensation, '--log', runningExample, '--format', format]);
      expect(run.status, format).toBe(1);
      expect(run.stdout, format).toContain('sla-breach');
      expect(run.stdout, format).toContain("'decide' promises 3d");
    }
    const sarif = JSON.parse(runCli(['replay', compensation, '--log', runningExample, '--format', 'sarif']).stdout) as { runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { region: { startLine: number } } }> }> }> };
    expect(sarif.runs[0]!.results.find((result) => result.ruleId === 'sla-breach')?.locations[0]?.physicalLocation.region.startLine).toBe(52);
  });

  it('gives the same findings from saved aggregates as from the log', () => {
    const folder = temporary();
    const fromLog = runCli(['replay', receipt, '--log', path.join(logs!, 'receipt.csv'), '--format', 'json', '--save-aggregates', path.join(folder, 'aggregates')]);
    expect(fromLog.stderr).toBe(`journey-audit: wrote the aggregates to ${path.join(folder, 'aggregates')}\n`);
    const fromAggregates = runCli(['replay', receipt, '--aggregates', path.join(folder, 'aggregates'), '--format', 'json']);
    expect(fromAggregates.status).toBe(1);
    expect(JSON.parse(fromAggregates.stdout)).toEqual(JSON.parse(fromLog.stdout));
  });

  it('metrics --log puts the figures as lived beside the declared ones', () => {
    const run = runCli(['metrics', helpdesk, '--log', path.join(logs!, 'helpdesk.xes.gz'), '--map', 'examples/replay/helpdesk.map.yaml']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^helpdesk-ticket +declared +as lived$/m);
    expect(run.stdout).toMatch(/^cases +4580$/m);
    expect(run.stdout).toMatch(/^fitness \(cases \/ moves\) +86\.1% \/ 96\.7%$/m);
    expect(run.stdout).toMatch(/^time to resolution p50 +\S+ expected +\S+$/m);
    const json = JSON.parse(runCli(['metrics', helpdesk, '--log', path.join(logs!, 'helpdesk.xes.gz'), '--map', 'examples/replay/helpdesk.map.yaml', '--format', 'json']).stdout) as Array<{ lived: { cases: number; fitness: number } }>;
    expect(json[0]!.lived.cases).toBe(4580);
    expect(json[0]!.lived.fitness).toBeCloseTo(3945 / 4580, 6);
  });

  it('draws the as-lived diagram: cases on the ways, undeclared ways dashed', () => {
    const folder = temporary();
    const diagram = path.join(folder, 'lived.mmd');
    const run = runCli(['replay', helpdesk, '--log', path.join(logs!, 'helpdesk.xes.gz'), '--map', 'examples/replay/helpdesk.map.yaml', '--diagram', diagram, '--format', 'json']);
    expect(run.stderr).toBe(`journey-audit: wrote ${diagram}\n`);
    const text = readFileSync(diagram, 'utf8');
    expect(text).toMatch(/ n8 -\.->\|"146 cases · 1\.2d · undeclared"\| n2$/m);
    expect(text).toMatch(/as lived:<\/b> 4729 visits · median 17\.1h/);
    expect(text).toMatch(/ n2 -->\|"\d+ cases"\| n3$/m);
  });

  it('writes a workshop report with the journey as lived: figures side by side, variants, steps, the overlay diagram', () => {
    const folder = temporary();
    const report = path.join(folder, 'receipt.html');
    const run = runCli(['replay', receipt, '--log', path.join(logs!, 'receipt.csv'), '--report', report, '--format', 'json']);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`journey-audit: wrote ${report}\n`);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('<h4>As lived</h4>');
    expect(html).toContain('<strong>748 cases (52.2%) follow the journey</strong>');
    expect(html).toContain('<h4>Most common ways (100 distinct)</h4>');
    // The static audit's findings and the replay's are discussed together.
    expect(html).toContain('<code>capability-gap</code>');
    expect(html).toContain('<code>stuck-cases</code>');
    // The service blueprint with the overlay, as the workshop report draws it: no browser needed.
    expect(html).toMatch(/<figure class="diagram blueprint"[^>]*><svg/);
    expect(html).toMatch(/<g class="lived"><text [^>]*>as lived: \d+ visits/);
    expect(html).toMatch(/<path class="edge edge-undeclared[^>]*stroke-dasharray="6 4" marker-end="url\(#j1p1-arrow-undeclared\)"/);
  });

  it('draws the as-lived service blueprint with --view blueprint: visits and cases, undeclared ways dashed', () => {
    const folder = temporary();
    const diagram = path.join(folder, 'lived.svg');
    const run = runCli(['replay', compensation, '--log', runningExample, '--diagram', diagram, '--view', 'blueprint', '--format', 'json']);
    expect(run.status).toBe(1);
    // The running example's blueprint takes two pages: numbered beside the name given.
    const pages = [path.join(folder, 'lived-1.svg'), path.join(folder, 'lived-2.svg')];
    expect(run.stderr).toBe(`journey-audit: wrote ${pages.join(', ')}\n`);
    const svg = pages.map((page) => readFileSync(page, 'utf8')).join('\n');
    expect(svg).toContain('<g class="step kind-action" data-step="register-request">');
    expect(svg).toMatch(/data-step="decide">.*<g class="lived"><text [^>]*>as lived: 9 visits ·<\/text><text [^>]*>median 2d<\/text><\/g>/);
    expect(svg).toMatch(/<g class="edge-label">.*>4 cases<\/text><\/g>/);
    expect(svg).toMatch(/<path class="edge edge-undeclared[^"]*" d="[^"]+" fill="none" stroke="#c62828" stroke-width="1.8" stroke-dasharray="6 4" marker-end="url\(#arrow-undeclared\)"\/>/);
    expect(svg).toMatch(/>undeclared<\/text><text [^>]*>2 cases ·<\/text>/);
    // A flowchart file name is refused for the blueprint before any work.
    expect(runCli(['replay', compensation, '--log', runningExample, '--diagram', path.join(folder, 'lived.mmd'), '--view', 'blueprint'])).toEqual({ stdout: '', stderr: `journey-audit: --view blueprint draws .svg or .png; not ${path.join(folder, 'lived.mmd')}\n`, status: 2 });
  });
});

describe('journey-audit replay: bad input', { timeout: 60_000 }, () => {
  const folder = temporary();
  const log = path.join(folder, 'log.csv');
  writeFileSync(log, 'case:concept:name,concept:name,time:timestamp\nc1,register request,2026-01-01T10:00:00Z\nc1,decide,not a time\n');

  it('a missing log, an unknown format and a missing column are input errors (exit 2), never a crash', () => {
    expect(runCli(['replay', compensation, '--log', path.join(folder, 'nope.csv')])).toEqual({ stdout: '', stderr: `journey-audit: ${path.join(folder, 'nope.csv')}: no such log file\n`, status: 2 });
    const unknown = path.join(folder, 'log.xlsx');
    writeFileSync(unknown, 'x');
    expect(runCli(['replay', compensation, '--log', unknown]).stderr).toBe(`journey-audit: ${unknown}: unknown log format; name the file .csv, .parquet, .jsonl or .xes (gzip: add .gz)\n`);
    const run = runCli(['replay', compensation, '--log', log, '--case', 'case id']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`journey-audit: ${log}: the log has no column 'case id' for the case id; its columns are 'case:concept:name', 'concept:name', 'time:timestamp'; choose one with --case or columns.case in the map file\n`);
  });

  it('rows without a readable time are counted and left out', () => {
    const run = runCli(['replay', compensation, '--log', log, '--format', 'json']);
    expect(run.stderr).toBe(`journey-audit: ${log}: 1 rows without a case id, an activity or a readable time were left out\n`);
    expect((JSON.parse(run.stdout) as Array<{ replay: { events: number } }>)[0]!.replay.events).toBe(1);
  });

  it('a broken XES file is reported with its position', () => {
    const xes = path.join(folder, 'broken.xes');
    writeFileSync(xes, '<log>\n<trace><string key="concept:name" value="c1"/>\n<event><string key="concept:name" value="a"></event>\n</trace></log>\n');
    const run = runCli(['replay', compensation, '--log', xes]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^journey-audit: ${xes.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:\\d+: not a readable XES file: `));
  });

  it('map file problems point at the map file line and column', () => {
    const map = path.join(folder, 'map.yaml');
    writeFileSync(map, 'steps:\n  decide: decide\n  examine-caually: examine casually\n');
    expect(runCli(['replay', compensation, '--log', log, '--map', map]).stderr).toBe(
      `journey-audit: ${map}:3:20: the journey 'compensation-request' has no step 'examine-caually' — did you mean 'examine-casually'?\n`,
    );
    writeFileSync(map, 'steps:\n  examine-thoroughly: examine casually\n');
    expect(runCli(['replay', compensation, '--log', log, '--map', map]).stderr).toBe(
      `journey-audit: ${map}:2:23: activity 'examine casually' is already the step 'examine-casually'; an activity maps to one step\n`,
    );
    writeFileSync(map, 'rules:\n  sla-breach: [error, { percentil: 90 }]\n');
    expect(runCli(['replay', compensation, '--log', log, '--map', map]).stderr).toMatch(/^journey-audit: .*map\.yaml:2:\d+: rule 'sla-breach' has no option 'percentil'/);
  });

  it('needs exactly one of --log and --aggregates, and a valid journey', () => {
    expect(runCli(['replay', compensation]).stderr).toBe('journey-audit: replay needs exactly one of --log FILE (an event log) and --aggregates DIR (aggregates made elsewhere)\n');
    const broken = path.join(folder, 'broken.journey.yaml');
    writeFileSync(broken, 'journey: broken\nsteps:\n  - id: a\n    next: b\n    activity: 5\n');
    const run = runCli(['replay', broken, '--log', log]);
    expect(run.status).toBe(2);
    expect(run.stdout).toContain("5:15  error    step 'a' activity does not have a valid form  schema");
  });
});

describe('replay rules in the catalog', { timeout: 60_000 }, () => {
  it('rules lists them in their own section and explain prints their page', () => {
    const rules = runCli(['rules']);
    expect(rules.stdout).toContain("Replay rules: 'journey-audit replay JOURNEY --log FILE' runs them against an event log");
    expect(rules.stdout).toMatch(/^sla-breach +error +The measured response time/m);
    const explain = runCli(['explain', 'sla-breach']);
    expect(explain.status).toBe(0);
    expect(explain.stdout).toBe(readFileSync(path.join(repoRoot, 'docs', 'rules', 'sla-breach.md'), 'utf8'));
    expect(explain.stdout).toContain('replayed against the event log');
  });
});
