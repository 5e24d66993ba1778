import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli/main.js';
import { formatters } from '../src/formatters/index.js';
import { repositoryRoot, runCli, stackTracePattern, type CliRun } from './support/cli.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'journey-audit-lost-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const sha256 = (content: string | Buffer) => createHash('sha256').update(content).digest('hex');

function checksums(folder: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    sums.set(path.relative(folder, file), sha256(readFileSync(file)));
  }
  return sums;
}

describe('journey files are byte-identical after every command', () => {
  const project = path.join(scratch, 'project');
  // The bundled journeys, with the hostile fixtures beside them.
  cpSync(path.join(repositoryRoot, 'journeys'), path.join(project, 'journeys'), { recursive: true });
  cpSync(path.join(repositoryRoot, 'test', 'fixtures', 'hostile'), path.join(project, 'journeys', 'hostile'), { recursive: true });
  cpSync(path.join(repositoryRoot, 'examples', 'custom-rule'), path.join(project, 'custom'), { recursive: true });
  const journeys = path.join(project, 'journeys');
  const anyJourney = path.join('journeys', 'address-change.journey.yaml');
  const out = (name: string) => path.join(scratch, 'out', name);
  const modelNamedLikeAJourney = path.join(scratch, 'address-change.mmd');
  writeFileSync(modelNamedLikeAJourney, 'flowchart TD\n  A[Move house] --> B[Address changed]\n');
  // Any event log: the journeys name no activities, so every activity is unknown, which is still a replay.
  const replayLog = path.join(repositoryRoot, 'test', 'fixtures', 'replay', 'fitness', 'valid-every-case-follows.csv');

  /** Every command with the ways it can be run; a command added later must be added here. */
  const commands: Record<string, string[][]> = {
    audit: [
      ['audit', 'journeys'],
      ['journeys'],
      ...Object.keys(formatters).map((format) => ['audit', '--format', format, 'journeys']),
      ['audit', '--output', out('report.txt'), 'journeys'],
      ['audit', '--format', 'json', '--output', out('report.json'), 'journeys'],
      ['audit', '--baseline', out('baseline.json'), '--update-baseline', 'journeys'],
      ['audit', '--baseline', out('baseline.json'), 'journeys'],
      ['audit', '--output', anyJourney, 'journeys'],
      ['audit', '--print-config', anyJourney],
      ['audit', '--quiet', '--rule', 'dead-end:off', 'journeys'],
      ['audit', '--config', 'custom/journey-audit.config.yaml', 'custom/journeys'],
    ],
    validate: [['validate', 'journeys'], ['validate', '--format', 'json', 'journeys'], ['validate', '--format', 'json', '--output', out('validate.json'), 'journeys']],
    metrics: [['metrics', 'journeys'], ['metrics', '--format', 'json', 'journeys']],
    render: [
      ['render', '--format', 'mmd,md', '--out', out('diagrams'), 'journeys'],
      ['render', '--format', 'svg', '--out', out('svg'), 'journeys'],
      ['render', '--format', 'mmd', '--out', 'journeys', 'journeys'],
    ],
    report: [
      ['report', '--no-diagrams', '--out', out('report.html'), 'journeys'],
      ['report', '--out', out('report-with-diagrams.html'), '--pdf', out('report.pdf'), 'journeys'],
      ['report', '--no-diagrams', '--out', anyJourney, 'journeys'],
    ],
    replay: [
      ['replay', anyJourney, '--log', replayLog],
      ['replay', anyJourney, '--log', replayLog, '--format', 'json', '--output', out('replay.json'), '--diagram', out('replay.mmd'), '--save-aggregates', out('aggregates')],
      ['replay', anyJourney, '--aggregates', out('aggregates')],
      ['replay', anyJourney, '--log', replayLog, '--output', anyJourney],
      ['replay', anyJourney, '--log', replayLog, '--diagram', anyJourney],
    ],
    rules: [['rules'], ['rules', '--format', 'json']],
    explain: [['explain', 'dead-end'], ['explain', 'no-such-rule']],
    schema: [['schema']],
    init: [['init'], ['init']],
    import: [
      ['import', path.join(repositoryRoot, 'examples', 'insurance-claim.bpmn'), path.join(repositoryRoot, 'examples', 'wiki-password-reset.mmd'), '--out', out('imported')],
      // A model whose journey id is that of a hand-written journey: never replaced.
      ['import', modelNamedLikeAJourney, '--out', 'journeys'],
    ],
  };

  it('covers every command the CLI has', () => {
    expect(buildProgram().commands.map((command) => command.name()).sort()).toEqual(Object.keys(commands).sort());
  });

  it('changes no journey and leaves what it writes complete', () => {
    mkdirSync(path.join(scratch, 'out'));
    const before = checksums(journeys);
    const beforeCustom = checksums(path.join(project, 'custom'));
    expect(before.size).toBeGreaterThan(40);
    const journeyFiles = [...before.keys()].filter((file) => file.endsWith('.journey.yaml')).length;
    const statuses: string[] = [];
    const runs = new Map<string, CliRun>();
    for (const [name, variants] of Object.entries(commands)) {
      for (const args of variants) {
        const run = runCli(args, { cwd: name === 'init' ? path.join(project, 'journeys', 'hostile') : project });
        expect(run.stderr, args.join(' ')).not.toMatch(stackTracePattern);
        statuses.push(`${run.status}`);
        runs.set(args.join(' '), run);
      }
    }
    const stdoutOf = (...args: string[]) => sha256(runs.get(args.join(' '))!.stdout);
    expect(checksums(path.join(project, 'custom'))).toEqual(beforeCustom);
    const after = checksums(journeys);
    // `init` adds its two files (the second `init` refuses to overwrite them), `render --out journeys` its diagrams; nothing else changes.
    const added = [...after.keys()].filter((file) => !before.has(file) && !/^[a-z0-9-]+\.mmd$/.test(file)).sort();
    expect([...after.keys()].filter((file) => file.endsWith('.mmd'))).toHaveLength(13);
    expect(added).toEqual(['hostile/journey-audit.config.yaml', 'hostile/journeys/example.journey.yaml']);
    for (const file of [...after.keys()]) if (!before.has(file)) after.delete(file);
    expect(after).toEqual(before);
    // Nothing lost on the way out: a report written with --output is byte for byte what standard output shows, the
    // default command is the audit, and diagrams written next to the journeys are the ones written elsewhere.
    expect(sha256(readFileSync(out('report.json'), 'utf8'))).toBe(stdoutOf('audit', '--format', 'json', 'journeys'));
    expect(sha256(readFileSync(out('report.txt'), 'utf8'))).toBe(stdoutOf('audit', 'journeys'));
    expect(sha256(readFileSync(out('validate.json'), 'utf8'))).toBe(stdoutOf('validate', '--format', 'json', 'journeys'));
    expect(stdoutOf('journeys')).toBe(stdoutOf('audit', 'journeys'));
    const diagrams = checksums(out('diagrams'));
    const besideJourneys = [...checksums(journeys)].filter(([file]) => file.endsWith('.mmd') && !file.includes('/'));
    expect(besideJourneys.length).toBeGreaterThan(10);
    for (const [file, sum] of besideJourneys) expect(diagrams.get(file), file).toBe(sum);
    // Reports written with --output are complete documents.
    expect(JSON.parse(readFileSync(out('report.json'), 'utf8'))).toHaveLength(journeyFiles);
    expect(readFileSync(out('report.txt'), 'utf8')).toMatch(/✖ \d+ problems .* in \d+ of \d+ journeys\n$/);
    expect(JSON.parse(readFileSync(out('replay.json'), 'utf8'))).toHaveLength(1);
    for (const file of ['replay.mmd', 'aggregates/summary.parquet', 'validate.json', 'baseline.json', 'report.html', 'report-with-diagrams.html', 'report.pdf', 'diagrams', 'svg']) expect(existsSync(out(file)), file).toBe(true);
    expect(readFileSync(out('report-with-diagrams.html'), 'utf8')).toMatch(/<\/html>\s*$/);
    expect(readFileSync(out('report.pdf')).subarray(-6).toString('latin1')).toMatch(/%%EOF/);
    expect(readdirSync(out('svg')).filter((name) => name.endsWith('.svg')).length).toBeGreaterThan(10);
    expect(readdirSync(out('imported')).sort()).toEqual(['insurance-claim.journey.yaml', 'wiki-password-reset.journey.yaml']);
    expect(readdirSync(path.join(scratch, 'out'), { recursive: true }).filter((name) => String(name).endsWith('.tmp'))).toEqual([]);
    expect(statuses.every((status) => ['0', '1', '2'].includes(status))).toBe(true);
  }, 240_000);
});
