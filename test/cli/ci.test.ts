import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleJourney } from '../../src/cli/samples.js';
import { sarifSchemaErrors } from '../sarif-schema.js';

const bin = path.join(import.meta.dirname, '..', '..', 'bin', 'journey-audit.js');
const fixtures = path.join(import.meta.dirname, '..', 'fixtures', 'fingerprints');
/** A fixed set of rules, so these expectations do not move when the catalog grows. */
// The warranty journey's misspelt `next` would hold back the other rules; these tests accept and compare their findings too.
const pinnedConfig = 'holdBackOnErrors: false\nrules:\n  unknown-step: error\n  unreachable-step: error\n  dead-end: error\n';
const gitEnv = { GIT_AUTHOR_NAME: 'Process Owner', GIT_AUTHOR_EMAIL: 'owner@example.com', GIT_COMMITTER_NAME: 'Process Owner', GIT_COMMITTER_EMAIL: 'owner@example.com', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
// The spawned CLI must not think it runs in GitHub Actions or GitLab CI.
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(GITHUB_|CI_|NO_COLOR|FORCE_COLOR)/.test(key)));

let repo: string;
const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, env: { ...cleanEnv, ...gitEnv }, encoding: 'utf8' });
const run = (...args: string[]) => {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: repo, env: cleanEnv, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};
const activeFindings = (stdout: string) =>
  (JSON.parse(stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string; line: number; column: number; suppressions?: unknown[] }> }>).flatMap((file) =>
    file.messages.filter((message) => !message.suppressions).map((message) => `${file.filePath}:${message.line}:${message.column} ${message.ruleId}`),
  );

const warranty = readFileSync(path.join(fixtures, 'original.journey.yaml'), 'utf8');
/** The new defect: a branch to a step that does not exist, in a journey that already has 4 accepted findings. */
const withDefect = warranty.replace('      - to: book-repair\n        when: under warranty', '      - to: book-repair\n        when: under warranty\n      - to: refund-customer\n        when: repair impossible');

beforeAll(() => {
  repo = mkdtempSync(path.join(tmpdir(), 'journey-audit-ci-'));
  git('init', '--quiet', '--initial-branch=main');
  execFileSync('mkdir', ['-p', path.join(repo, 'journeys')]);
  writeFileSync(path.join(repo, 'journey-audit.config.yaml'), pinnedConfig);
  writeFileSync(path.join(repo, 'journeys', 'replacement.journey.yaml'), sampleJourney);
  writeFileSync(path.join(repo, 'journeys', 'warranty.journey.yaml'), warranty);
  writeFileSync(path.join(repo, 'journeys', 'exchange.journey.yaml'), sampleJourney.replace('journey: damaged-item-replacement', 'journey: item-exchange'));
  git('add', '-A');
  git('commit', '--quiet', '-m', 'Three journeys, one with known problems');
}, 60_000);

afterAll(() => rmSync(repo, { recursive: true, force: true }));

// Each test spawns the CLI several times; the machine is shared, so allow for slow spawns.
describe('adopting journey-audit on existing journeys in CI', { timeout: 60_000 }, () => {
  it('records the existing findings in a baseline and then passes', () => {
    expect(run('--format', 'json').code).toBe(1);
    const update = run('--baseline', 'journey-audit.baseline.json', '--update-baseline');
    expect(update.stderr).toBe('journey-audit: wrote 4 findings in 1 file to the baseline journey-audit.baseline.json\n');
    expect(update.code).toBe(0);
    const baseline = JSON.parse(readFileSync(path.join(repo, 'journey-audit.baseline.json'), 'utf8'));
    expect(Object.keys(baseline.files)).toEqual(['journeys/warranty.journey.yaml']);
    expect(Object.keys(baseline.files['journeys/warranty.journey.yaml'])).toEqual(['dead-end', 'unknown-step', 'unreachable-step']);
    const again = run('--baseline', 'journey-audit.baseline.json');
    expect(again.stdout).toBe('✔ No problems in 3 journeys (4 suppressed)\n');
    expect(again.code).toBe(0);
    git('add', '-A');
    git('commit', '--quiet', '-m', 'Accept the known findings');
  });

  describe('with one new defect', () => {
    beforeAll(() => writeFileSync(path.join(repo, 'journeys', 'warranty.journey.yaml'), withDefect));

    it('--baseline fails with exactly the new finding', () => {
      const result = run('--baseline', 'journey-audit.baseline.json', '--format', 'json');
      expect(activeFindings(result.stdout)).toEqual(['journeys/warranty.journey.yaml:20:13 unknown-step']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(1);
    });

    it('--changed-since HEAD audits only the changed journey', () => {
      const result = run('--changed-since', 'HEAD', '--format', 'json');
      expect(result.stderr).toBe('journey-audit: auditing 1 of 3 journey files changed since HEAD\n');
      expect(JSON.parse(result.stdout).map((file: { filePath: string }) => file.filePath)).toEqual(['journeys/warranty.journey.yaml']);
      expect(result.code).toBe(1);
    });

    it('--changed-since HEAD --diff-findings fails with exactly the new finding', () => {
      const result = run('--changed-since', 'HEAD', '--diff-findings', '--format', 'json');
      expect(activeFindings(result.stdout)).toEqual(['journeys/warranty.journey.yaml:20:13 unknown-step']);
      expect(result.stderr).toBe('journey-audit: auditing 1 of 3 journey files changed since HEAD\njourney-audit: compared with HEAD: 1 new, 0 fixed, 4 unchanged\n');
      expect(result.code).toBe(1);
    });

    it('writes SARIF with the new finding active and the known ones suppressed by the baseline', () => {
      const result = run('--baseline', 'journey-audit.baseline.json', '--format', 'sarif', '--output', 'audit.sarif');
      expect(result.code).toBe(1);
      const log = JSON.parse(readFileSync(path.join(repo, 'audit.sarif'), 'utf8'));
      expect(sarifSchemaErrors(log)).toEqual([]);
      const results = log.runs[0].results as Array<{ ruleId: string; baselineState?: string; suppressions?: Array<{ kind: string }>; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }>;
      expect(results.map((entry) => `${entry.locations[0]!.physicalLocation.artifactLocation.uri}:${entry.locations[0]!.physicalLocation.region.startLine} ${entry.ruleId} ${entry.suppressions?.[0]?.kind ?? 'active'} ${entry.baselineState}`)).toEqual([
        'journeys/warranty.journey.yaml:20 unknown-step active new',
        'journeys/warranty.journey.yaml:22 unknown-step external unchanged',
        'journeys/warranty.journey.yaml:24 dead-end external unchanged',
        'journeys/warranty.journey.yaml:29 unreachable-step external unchanged',
        'journeys/warranty.journey.yaml:35 unreachable-step external unchanged',
      ]);
    });

    it('annotates the new finding for GitHub Actions', () => {
      const result = run('--changed-since', 'HEAD', '--diff-findings', '--format', 'github');
      expect(result.stdout).toBe("::error file=journeys/warranty.journey.yaml,line=20,col=13,endLine=20,endColumn=28,title=unknown-step::step 'check-warranty' continues to 'refund-customer', which is not a step of this journey\n");
      expect(result.code).toBe(1);
    });
  });

  describe('with the defect removed again', () => {
    beforeAll(() => writeFileSync(path.join(repo, 'journeys', 'warranty.journey.yaml'), warranty));

    it('--baseline passes', () => {
      const result = run('--baseline', 'journey-audit.baseline.json');
      expect(result.code).toBe(0);
    });

    it('--changed-since HEAD passes with nothing to audit', () => {
      const result = run('--changed-since', 'HEAD', '--diff-findings');
      expect(result.stderr).toBe('journey-audit: auditing 0 of 3 journey files changed since HEAD\njourney-audit: compared with HEAD: 0 new, 0 fixed, 0 unchanged\n');
      expect(result.stdout).toBe('');
      expect(result.code).toBe(0);
    });
  });

  it('fixing a known finding is reported and --prune-baseline drops it', () => {
    writeFileSync(path.join(repo, 'journeys', 'warranty.journey.yaml'), warranty.replace('      - to: send-quote', '      - to: book-repair'));
    const stale = run('--baseline', 'journey-audit.baseline.json');
    expect(stale.stderr).toBe('journey-audit: 1 finding in the baseline no longer occurs; run --update-baseline (or --prune-baseline) to remove it\n');
    expect(stale.code).toBe(0);
    const diff = run('--changed-since', 'HEAD', '--diff-findings', '--quiet');
    expect(diff.code).toBe(0);
    const prune = run('--baseline', 'journey-audit.baseline.json', '--prune-baseline');
    expect(prune.stderr).toBe('journey-audit: removed 1 finding that no longer occurs from the baseline journey-audit.baseline.json\n');
    expect(JSON.parse(readFileSync(path.join(repo, 'journey-audit.baseline.json'), 'utf8')).files['journeys/warranty.journey.yaml']['unknown-step']).toBeUndefined();
    expect(run('--baseline', 'journey-audit.baseline.json').stderr).toBe('');
    git('checkout', '--quiet', '--', '.');
  });

  it('audits every journey when the configuration changed', () => {
    writeFileSync(path.join(repo, 'journey-audit.config.yaml'), `${pinnedConfig}\n# stricter soon\n`);
    const result = run('--changed-since', 'HEAD');
    expect(result.stderr).toBe('journey-audit: the configuration changed since HEAD: auditing all 3 journey files\n');
    git('checkout', '--quiet', '--', '.');
  });

  it('refuses unknown refs, missing repositories and bad baselines with exit code 2', () => {
    const unknown = run('--changed-since', 'no-such-branch');
    expect(unknown.stderr).toMatch(/^journey-audit: unknown git ref 'no-such-branch'/);
    expect(unknown.code).toBe(2);
    expect(run('--changed-since', '--output=x').code).toBe(2);
    writeFileSync(path.join(repo, 'broken-baseline.json'), '{"version": 1, "files": []');
    const bad = run('--baseline', 'broken-baseline.json');
    expect(bad.stderr).toMatch(/^journey-audit: baseline broken-baseline.json:\d+:\d+: cannot be used: not valid JSON/);
    expect(bad.code).toBe(2);
    const missing = run('--baseline', 'nowhere.json');
    expect(missing.stderr).toBe('journey-audit: baseline nowhere.json does not exist; create it with --update-baseline\n');
    expect(missing.code).toBe(2);
    const outside = mkdtempSync(path.join(tmpdir(), 'journey-audit-nogit-'));
    try {
      writeFileSync(path.join(outside, 'a.journey.yaml'), sampleJourney);
      const result = spawnSync(process.execPath, [bin, '--changed-since', 'HEAD', 'a.journey.yaml'], { cwd: outside, env: { ...cleanEnv, GIT_CEILING_DIRECTORIES: path.dirname(outside) }, encoding: 'utf8' });
      expect(result.stderr).toBe('journey-audit: --changed-since needs a git repository, and the current folder is not inside one\n');
      expect(result.status).toBe(2);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('a baseline survives git mv', { timeout: 60_000 }, () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'journey-audit-rename-'));
  const inFolder = { cwd: folder, env: { ...cleanEnv, ...gitEnv }, encoding: 'utf8' as const };
  const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], inFolder);
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('a renamed journey keeps its accepted findings; another journey does not take them', () => {
    execFileSync('git', ['init', '-q'], inFolder);
    const journeys = path.join(import.meta.dirname, '..', '..', 'journeys');
    execFileSync('mkdir', ['journeys'], inFolder);
    writeFileSync(path.join(folder, 'journeys', 'returns.journey.yaml'), readFileSync(path.join(journeys, 'retail-return.journey.yaml'), 'utf8'));
    writeFileSync(path.join(folder, 'journeys', 'move-in.journey.yaml'), readFileSync(path.join(journeys, 'utility-move-in.journey.yaml'), 'utf8'));
    execFileSync('git', ['add', '.'], inFolder);
    expect(cli('journeys', '--baseline', 'baseline.json', '--update-baseline').status).toBe(0);
    const recorded = JSON.parse(readFileSync(path.join(folder, 'baseline.json'), 'utf8')) as { files: Record<string, unknown> };
    expect(Object.keys(recorded.files)).toEqual(['journeys/move-in.journey.yaml', 'journeys/returns.journey.yaml']);

    execFileSync('git', ['mv', 'journeys/returns.journey.yaml', 'journeys/store-returns.journey.yaml'], inFolder);
    execFileSync('git', ['mv', 'journeys/move-in.journey.yaml', 'journeys/moving-in.journey.yaml'], inFolder);
    // A new journey whose file takes a vanished name's place in the sort order must not take its entries.
    writeFileSync(path.join(folder, 'journeys', 'aaa.journey.yaml'), readFileSync(path.join(journeys, 'delivery-problem.journey.yaml'), 'utf8'));
    const after = cli('journeys', '--baseline', 'baseline.json', '--format', 'json');
    const files = JSON.parse(after.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string }>; suppressedMessages: unknown[] }>;
    const byFile = Object.fromEntries(files.map((file) => [file.filePath, file]));
    expect(byFile['journeys/store-returns.journey.yaml']).toMatchObject({ messages: [], suppressedMessages: [{}, {}] });
    expect(byFile['journeys/moving-in.journey.yaml']!.messages).toEqual([]);
    expect(byFile['journeys/aaa.journey.yaml']!.suppressedMessages).toEqual([]);
    expect(byFile['journeys/aaa.journey.yaml']!.messages.map((message) => message.ruleId)).toEqual(['data-silo', 'trap-loop']);
    expect(after.stderr).not.toContain('no longer occur');
    expect(after.stderr).toContain("the baseline's entries for journeys/returns.journey.yaml, which no longer exists, apply to journeys/store-returns.journey.yaml (same journey); --update-baseline records the new name");
    expect(after.status).toBe(1);

    // --prune-baseline writes the entries under the new names, fingerprints unchanged.
    expect(cli('journeys', '--baseline', 'baseline.json', '--prune-baseline', '--rule', 'trap-loop:off', '--rule', 'data-silo:off').status).toBe(0);
    const pruned = JSON.parse(readFileSync(path.join(folder, 'baseline.json'), 'utf8')) as { files: Record<string, unknown> };
    expect(pruned.files).toEqual({
      'journeys/moving-in.journey.yaml': recorded.files['journeys/move-in.journey.yaml'],
      'journeys/store-returns.journey.yaml': recorded.files['journeys/returns.journey.yaml'],
    });
  });
});
