import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sarifSchemaErrors } from '../sarif-schema.js';
import { modelsFolder, skipReason } from '../import/shared-models.js';
import { repositoryRoot as repoRoot, runCli, stackTracePattern } from '../support/cli.js';

/** A claims process written for these tests: the review ends implicitly (no end event), the archive task is disconnected. */
const claims = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Defs" targetNamespace="test">
  <process id="Claims" name="Claims">
    <laneSet id="LaneSet">
      <lane id="LaneCustomer" name="Customer"><flowNodeRef>Start</flowNodeRef><flowNodeRef>FileClaim</flowNodeRef></lane>
      <lane id="LaneCare" name="Claims Desk"><flowNodeRef>Review</flowNodeRef><flowNodeRef>Orphan</flowNodeRef><flowNodeRef>Done</flowNodeRef></lane>
    </laneSet>
    <startEvent id="Start" name="Claim needed" />
    <userTask id="FileClaim" name="File the claim" />
    <userTask id="Review" name="Review the claim" />
    <task id="Orphan" name="Archive the paperwork" />
    <endEvent id="Done" name="Claim settled" />
    <sequenceFlow id="F1" sourceRef="Start" targetRef="FileClaim" />
    <sequenceFlow id="F2" sourceRef="FileClaim" targetRef="Review" />
    <sequenceFlow id="F3" sourceRef="Review" targetRef="Done" />
  </process>
</definitions>
`;
const wiki = 'flowchart TD\n  A[Ask for help] --> B{Solved?}\n  B -->|yes| C[Done]\n  B -->|no| D[Call us]\n';

let folder: string;
const inFolder = (...parts: string[]) => path.join(folder, ...parts);
const run = (...args: string[]) => runCli(args, { cwd: folder });

beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'journey-audit-import-'));
  writeFileSync(inFolder('claims.bpmn'), claims);
  writeFileSync(inFolder('help.mmd'), wiki);
  writeFileSync(inFolder('broken.bpmn'), claims.replace('<endEvent id="Done" name="Claim settled" />', '<endEvent id="Done">'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('journey-audit import', () => {
  it('writes one journey file per model, says what it wrote, and writes the same bytes when run again', () => {
    const first = run('import', 'claims.bpmn', 'help.mmd', '--out', 'journeys');
    expect([first.status, first.stderr]).toEqual([0, '']);
    expect(first.stdout).toBe(
      'claims.bpmn -> journeys/claims.journey.yaml: 5 steps, 0 notes\nhelp.mmd -> journeys/help.journey.yaml: 4 steps, 0 notes\n',
    );
    const written = readFileSync(inFolder('journeys', 'claims.journey.yaml'), 'utf8');
    expect(written).toContain('  - id: review-the-claim\n    name: Review the claim\n    actor: agent\n    owner: claims-desk\n    next: claim-settled\n    source: { bpmn: Review }\n');
    expect(run('import', 'claims.bpmn', 'help.mmd', '--out', 'journeys').status).toBe(0);
    expect(readFileSync(inFolder('journeys', 'claims.journey.yaml'), 'utf8')).toBe(written);
    // The written journeys audit like any other.
    const audit = run('audit', 'journeys', '--format', 'json');
    expect((JSON.parse(audit.stdout) as { filePath: string }[]).map((file) => file.filePath)).toEqual(['journeys/claims.journey.yaml', 'journeys/help.journey.yaml']);
  });

  it('never replaces a journey written by hand unless told to', () => {
    const hand = 'journey: claims\nsteps:\n  - id: a\n';
    writeFileSync(inFolder('claims.journey.yaml'), hand);
    const refused = run('import', 'claims.bpmn', '--out', '.');
    expect([refused.status, refused.stdout, refused.stderr]).toEqual([2, '', 'journey-audit: claims.journey.yaml exists and was not written by import; not replaced (use --force)\n']);
    expect(readFileSync(inFolder('claims.journey.yaml'), 'utf8')).toBe(hand);
    expect(run('import', 'claims.bpmn', '--out', '.', '--force').status).toBe(0);
    expect(readFileSync(inFolder('claims.journey.yaml'), 'utf8')).toMatch(/^# Imported from the BPMN model claims\.bpmn/);
  });

  it('reports a model that is not well-formed XML with its position, exit 2, and still imports the others', () => {
    const result = run('import', 'broken.bpmn', 'help.mmd', '--out', 'out');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^journey-audit: broken\.bpmn:16:12: cannot import: unexpected close tag/);
    expect(result.stderr).not.toMatch(stackTracePattern);
    expect(readdirSync(inFolder('out'))).toEqual(['help.journey.yaml']);
  });

  it('refuses a model nested deeper than the importer can follow, without a stack trace', () => {
    let nested = '<task id="T" name="Deep down"/>';
    for (let depth = 0; depth < 5000; depth++) nested = `<subProcess id="S${depth}">${nested}</subProcess>`;
    writeFileSync(inFolder('deep.bpmn'), `<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="t"><process id="P">${nested}</process></definitions>`);
    const result = run('audit', 'deep.bpmn', 'claims.bpmn');
    expect(result.status).toBe(2);
    expect(result.stdout).toContain('1:1  error    cannot import the BPMN model: the model is nested too deeply to import  parse');
    expect(result.stdout).toContain('[BPMN element Orphan]');
    expect(result.stderr).not.toMatch(stackTracePattern);
  });

  it('refuses a mapping file with unknown fields', () => {
    writeFileSync(inFolder('mapping.yaml'), 'lanes:\n  Claims Desk: {channel: phone, team: x}\n');
    const result = run('import', 'claims.bpmn', '--out', 'out', '--mapping', 'mapping.yaml');
    expect([result.status, result.stderr]).toEqual([2, "journey-audit: mapping file: mapping.yaml: lanes.Claims Desk: unknown field 'team' (channel, owner, actor)\n"]);
  });
});

describe('journey-audit audit model.bpmn', () => {
  it('audits the model in place and reports findings at the element, in the XML', () => {
    const result = run('audit', 'claims.bpmn');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe(
      [
        'claims.bpmn',
        "  11:5  error    step 'archive-the-paperwork' has no `next` and is not an end step: the customer is left waiting here [BPMN element Orphan]  dead-end",
        "  11:5  error    step 'archive-the-paperwork' cannot be reached from the start step 'claim-needed' [BPMN element Orphan]  unreachable-step",
        '',
        '✖ 2 problems (2 errors, 0 warnings) in 1 of 1 journey',
        '',
      ].join('\n'),
    );
  });

  it.each(['json', 'sarif', 'junit', 'github', 'gitlab', 'markdown'])('names the element and its XML line in the %s format', (format) => {
    const result = run('audit', 'claims.bpmn', '--format', format, '--rule', 'dead-end:off');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(format === 'markdown' ? '\\[BPMN element Orphan\\]' : '[BPMN element Orphan]');
    expect(result.stdout).toMatch(format === 'markdown' ? /claims\.bpmn/ : /\b11\b/);
  });

  it('writes SARIF that validates, with the finding at the element in the .bpmn file', () => {
    const result = run('audit', 'claims.bpmn', '--format', 'sarif', '--rule', 'dead-end:off');
    const log = JSON.parse(result.stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[] };
    expect(sarifSchemaErrors(log)).toEqual([]);
    const location = log.runs[0]!.results[0]!.locations[0]!.physicalLocation;
    expect([location.artifactLocation.uri.endsWith('claims.bpmn'), location.region.startLine, location.region.startColumn]).toEqual([true, 11, 5]);
  });

  it('reports an unreadable model as an input error (exit 2) without a stack trace, and audits the other files', () => {
    const result = run('audit', 'broken.bpmn', 'claims.bpmn', 'help.mmd', '--format', 'json');
    expect(result.status).toBe(2);
    const files = JSON.parse(result.stdout) as { filePath: string; messages: { ruleId: string; line: number; column: number }[] }[];
    expect(files.map((file) => [file.filePath, file.messages[0]?.ruleId ?? null])).toEqual([
      ['broken.bpmn', 'parse'],
      ['claims.bpmn', 'dead-end'],
      ['help.mmd', null],
    ]);
    expect(files[0]!.messages[0]).toMatchObject({ line: 16, column: 12 });
    expect(result.stderr).not.toMatch(stackTracePattern);
  });
});

describe('models in the other commands', () => {
  it('metrics, render and report take a model like a journey file', () => {
    const metrics = run('metrics', 'claims.bpmn', '--format', 'json');
    expect(metrics.status).toBe(0);
    expect((JSON.parse(metrics.stdout) as { journey: string }[]).map((row) => row.journey)).toEqual(['claims']);
    const render = run('render', 'claims.bpmn', 'help.mmd', '--format', 'mmd', '--out', 'diagrams');
    expect([render.status, readdirSync(inFolder('diagrams')).sort()]).toEqual([0, ['claims.mmd', 'help.mmd']]);
    expect(readFileSync(inFolder('diagrams', 'claims.mmd'), 'utf8')).toContain('Archive the paperwork');
    const blueprint = run('render', 'claims.bpmn', '--view', 'blueprint', '--format', 'svg', '--out', 'blueprints');
    expect(blueprint.status).toBe(0);
    expect(readdirSync(inFolder('blueprints')).sort()).toEqual(['claims.blueprint-1.svg']);
    expect(readFileSync(inFolder('blueprints', 'claims.blueprint-1.svg'), 'utf8')).toContain('Archive the paperwork');
    const report = run('report', 'claims.bpmn', '--no-diagrams', '--out', 'report.html');
    expect(report.status).toBe(0);
    expect(readFileSync(inFolder('report.html'), 'utf8')).toContain('[BPMN element Orphan]');
  });
});

describe('the README', () => {
  it('shows the real audit of the example BPMN model', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const shown = /<!-- import-audit:start -->\n```text\n\$ npx journey-audit (.*)\n([\s\S]*?)```\n<!-- import-audit:end -->/.exec(readme);
    expect(shown).not.toBeNull();
    const result = runCli(shown![1]!.split(' '), { cwd: repoRoot });
    expect([result.status, result.stdout]).toEqual([0, shown![2]]);
  });
});

describe.skipIf(!modelsFolder)(`import of the public BPMN models (${modelsFolder ? 'shared/bpmn-models' : skipReason})`, () => {
  it('imports all fifteen in one run', () => {
    const models = readdirSync(modelsFolder!).filter((file) => file.endsWith('.bpmn')).map((file) => path.join(modelsFolder!, file));
    const result = run('import', ...models, '--out', 'public');
    expect([result.status, result.stderr]).toEqual([0, '']);
    expect(readdirSync(inFolder('public'))).toHaveLength(15);
    const audit = run('validate', 'public');
    expect([audit.status, audit.stderr]).toEqual([0, '']);
  }, 60_000);
});
