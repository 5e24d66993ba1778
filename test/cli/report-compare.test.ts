import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot, runCli } from '../support/cli.js';

/**
 * `report --compare REF`: a second workshop sees its progress. A repository holds two journeys; the
 * retail return's approval is then made a front-line decision (two findings fixed, one new: the step
 * lost its owner) that takes longer, which moves the effort index.
 */

const folder = mkdtempSync(path.join(os.tmpdir(), 'journey-audit-report-compare-'));
const git = (...args: string[]) => execFileSync('git', args, { cwd: folder, stdio: 'pipe' });
const text = (file: string) =>
  readFileSync(file, 'utf8')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');

beforeAll(() => {
  mkdirSync(path.join(folder, 'journeys'));
  for (const name of ['retail-return.journey.yaml', 'subscription-cancellation.journey.yaml']) copyFileSync(path.join(repositoryRoot, 'journeys', name), path.join(folder, 'journeys', name));
  git('init', '-q');
  git('-c', 'user.email=audit@example.com', '-c', 'user.name=Audit', 'add', '-A');
  git('-c', 'user.email=audit@example.com', '-c', 'user.name=Audit', 'commit', '-q', '-m', 'first workshop');
  expect(runCli(['audit', 'journeys', '--baseline', 'first.baseline.json', '--update-baseline'], { cwd: folder }).status).toBe(0);
  const file = path.join(folder, 'journeys', 'retail-return.journey.yaml');
  const before = readFileSync(file, 'utf8');
  const after = before.replace('    kind: approval\n    channel: store\n    actor: agent\n    owner: retail-ops\n    tags: [goodwill]\n    duration: 20m', '    channel: store\n    actor: agent\n    tags: [goodwill]\n    duration: 2h');
  expect(after).not.toBe(before);
  writeFileSync(file, after);
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('journey-audit report --compare', () => {
  it('against a git ref: new, fixed and still-open findings per journey, and the metrics that changed', () => {
    const run = runCli(['report', 'journeys', '--compare', 'HEAD', '--no-diagrams', '--out', 'second.html'], { cwd: folder });
    expect(run.stderr).toBe('journey-audit: wrote second.html (2 journeys, 0 not audited)\n');
    expect(run.status).toBe(0);
    const report = text(path.join(folder, 'second.html'));
    expect(report).toContain('Since git HEAD 2 findings fixed, 1 new, 2 still open.');
    expect(report).toContain('Return an item for a refund 1 2 0 Customer-effort index (0-100) 28 → 29');
    expect(report).toContain('Cancel a newspaper subscription 0 0 2 no change');
    expect(report).toContain('Fixed since git HEAD (2) needless-approval');
    expect(readFileSync(path.join(folder, 'second.html'), 'utf8')).toMatch(/<span class="change change-new">new<\/span> <strong>\[1\]<\/strong> agent step &#39;approve-refund-without-receipt&#39; has no <code>owner<\/code>/);
    // Findings that were already there stay in the report, marked.
    expect(report.match(/still open \[\d\]/g)).toHaveLength(2);
  });

  it('against a baseline file: the same findings, no metrics', () => {
    const run = runCli(['report', 'journeys', '--compare', 'first.baseline.json', '--no-diagrams', '--out', 'second-baseline.html'], { cwd: folder });
    expect(run.status).toBe(0);
    const report = text(path.join(folder, 'second-baseline.html'));
    expect(report).toContain('Since the baseline first.baseline.json 2 findings fixed, 1 new, 2 still open. A baseline file records findings only, so metrics are not compared.');
    expect(report).toContain('Return an item for a refund 1 2 0 —');
  });

  it('says what is wrong with a ref that is neither a file nor a commit, and refuses --baseline with it', () => {
    const unknown = runCli(['report', 'journeys', '--compare', 'no-such-ref', '--no-diagrams', '--out', 'x.html'], { cwd: folder });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^journey-audit: --compare no-such-ref: unknown git ref 'no-such-ref'/);
    const both = runCli(['report', 'journeys', '--compare', 'HEAD', '--baseline', 'first.baseline.json', '--no-diagrams', '--out', 'x.html'], { cwd: folder });
    expect(both.status).toBe(2);
    expect(both.stderr).toBe('journey-audit: use --baseline or --compare, not both: --compare FILE already compares with a baseline file\n');
  });
});
