import { spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, linkSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repositoryRoot as repoRoot, runCli } from './support/cli.js';

/**
 * Every writer under real and injected faults: a full disk (a small tmpfs filled to the last byte), a
 * read-only disk, a folder where the file should be, short writes, EIO on flush, EACCES on open. Each time:
 * one line naming the file and the system's reason, exit 2, the old file intact, no temporary file left.
 */

const scratch = mkdtempSync(path.join(tmpdir(), 'journey-audit-faults-'));
const mounts: string[] = [];
afterAll(() => {
  for (const mount of mounts.reverse()) spawnSync('umount', [mount]);
  rmSync(scratch, { recursive: true, force: true });
});

const project = path.join(scratch, 'project');
cpSync(path.join(repoRoot, 'journeys'), path.join(project, 'journeys'), { recursive: true });
const journeyCount = readdirSync(path.join(project, 'journeys')).filter((name) => name.endsWith('.journey.yaml')).length;

/** Mounts a tmpfs of `size` bytes, or says why it cannot (not root, no mount permission). */
function mountTmpfs(name: string, size: number): string | { skip: string } {
  const folder = path.join(scratch, name);
  mkdirSync(folder);
  if (process.getuid?.() !== 0) return { skip: 'mounting a tmpfs needs root' };
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', folder], { encoding: 'utf8' });
  if (mounted.status !== 0) return { skip: `mount -t tmpfs failed: ${mounted.stderr.trim()}` };
  mounts.push(folder);
  return folder;
}

/** Fills a file system to its last byte. */
function fill(folder: string): void {
  const descriptor = openSync(path.join(folder, 'filler'), 'w');
  const block = Buffer.alloc(4096, 'x');
  try {
    for (;;) writeSync(descriptor, block);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(descriptor);
  }
  // The last partial block, byte by byte.
  const last = openSync(path.join(folder, 'filler-tail'), 'w');
  try {
    for (;;) writeSync(last, 'x');
  } catch {
    // full
  } finally {
    closeSync(last);
  }
}

/** Names in a folder tree that look like the writer's temporary files. */
function temporaries(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.tmp'));
}

const full = mountTmpfs('full', 256 * 1024);
const readOnly = mountTmpfs('read-only', 64 * 1024);
const fullDisk = typeof full === 'string' ? full : '';
const readOnlyDisk = typeof readOnly === 'string' ? readOnly : '';
const previous = 'previous content\n';

if (typeof full === 'string') {
  writeFileSync(path.join(full, 'report.json'), previous);
  writeFileSync(path.join(full, 'report.html'), previous);
  // A baseline that records one finding that no longer occurs, so that --prune-baseline has something to write.
  writeFileSync(path.join(full, 'baseline.json'), JSON.stringify({ version: 1, files: { 'gone.journey.yaml': { 'dead-end': { abc: 1 } } } }));
  mkdirSync(path.join(full, 'init'));
  fill(full);
}
if (typeof readOnly === 'string') {
  writeFileSync(path.join(readOnly, 'report.html'), previous);
  spawnSync('mount', ['-o', 'remount,ro', readOnly]);
}

describe.skipIf(typeof full !== 'string')(`a full disk (real tmpfs)${typeof full === 'string' ? '' : `: skipped, ${full.skip}`}`, { timeout: 120_000 }, () => {
  const baselineBefore = () => readFileSync(path.join(fullDisk, 'baseline.json'), 'utf8');
  const cases: Array<{ name: string; args: string[]; file: string; cwd?: string }> = [
    { name: 'audit --output', args: ['audit', '--format', 'json', '--output', path.join(fullDisk, 'report.json'), 'journeys'], file: path.join(fullDisk, 'report.json') },
    { name: 'validate --output', args: ['validate', '--format', 'json', '--output', path.join(fullDisk, 'report.json'), 'journeys'], file: path.join(fullDisk, 'report.json') },
    { name: 'report --out', args: ['report', '--no-diagrams', '--out', path.join(fullDisk, 'report.html'), 'journeys'], file: path.join(fullDisk, 'report.html') },
  ];
  for (const { name, args, file } of cases) {
    it(`${name}: one line naming the file and ENOSPC, exit 2, the old file intact, no temporary`, () => {
      const run = runCli(args, { cwd: project });
      expect(run.stderr).toContain(`journey-audit: cannot write ${file}: no space left on the device (ENOSPC)\n`);
      expect(run.stderr.split('\n').filter((line) => line.includes('ENOSPC'))).toHaveLength(1);
      expect(run.stderr).not.toMatch(/internal error|Please report/);
      expect(run.status).toBe(2);
      expect(readFileSync(file, 'utf8')).toBe(previous);
      expect(temporaries(fullDisk)).toEqual([]);
    });
  }

  it('--update-baseline and --prune-baseline: the old baseline intact, exit 2, not "wrote N findings"', () => {
    const before = baselineBefore();
    for (const flag of ['--update-baseline', '--prune-baseline']) {
      const run = runCli(['audit', '--baseline', path.join(fullDisk, 'baseline.json'), flag, 'journeys'], { cwd: project });
      expect(run.stderr).toContain(`journey-audit: cannot write the baseline ${path.join(fullDisk, 'baseline.json')}: no space left on the device (ENOSPC)\n`);
      expect(run.stderr).not.toMatch(/wrote \d+ finding|removed \d+ finding/);
      expect(run.status).toBe(2);
      expect(baselineBefore()).toBe(before);
      expect(temporaries(fullDisk)).toEqual([]);
    }
  });

  it('render: counts only journeys written, one line for each failed write, no temporary', () => {
    const out = path.join(fullDisk, 'diagrams');
    const run = runCli(['render', '--format', 'mmd', '--out', out, 'journeys'], { cwd: project });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe(`Rendered 0 of ${journeyCount} journey files as mmd into ${out}\n`);
    const failures = run.stderr.split('\n').filter((line) => line !== '');
    expect(failures).toHaveLength(journeyCount);
    for (const line of failures) expect(line).toMatch(new RegExp(`^journey-audit: journeys/[a-z0-9-]+\\.journey\\.yaml: cannot write ${out}/[a-z0-9-]+\\.mmd: no space left on the device \\(ENOSPC\\)$`));
    expect(temporaries(fullDisk)).toEqual([]);
  });

  it('init: says which file it could not create and why; nothing half-written', () => {
    const cwd = path.join(fullDisk, 'init');
    const run = runCli(['init'], { cwd });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('journey-audit: cannot write journey-audit.config.yaml: no space left on the device (ENOSPC)\n');
    expect(existsSync(path.join(cwd, 'journey-audit.config.yaml'))).toBe(false);
    expect(existsSync(path.join(cwd, 'journeys', 'example.journey.yaml'))).toBe(false);
    expect(temporaries(fullDisk)).toEqual([]);
  });
});

describe.skipIf(typeof readOnly !== 'string')(`a read-only disk (real tmpfs)${typeof readOnly === 'string' ? '' : `: skipped, ${readOnly.skip}`}`, { timeout: 120_000 }, () => {
  it('render names EROFS for the folder it cannot create (a recursive mkdir says ENOENT)', () => {
    const out = path.join(readOnlyDisk, 'diagrams', 'svg');
    const run = runCli(['render', '--format', 'mmd', '--out', out, 'journeys'], { cwd: project });
    expect(run.stderr).toBe(`journey-audit: cannot create the folder ${out}: the file system is read-only (EROFS)\n`);
    expect(run.status).toBe(2);
  });

  it('report and --output name EROFS and keep the old file', () => {
    const file = path.join(readOnlyDisk, 'report.html');
    for (const args of [['report', '--no-diagrams', '--out', file, 'journeys'], ['audit', '--output', file, 'journeys']]) {
      const run = runCli(args, { cwd: project });
      expect(run.stderr).toContain(`journey-audit: cannot write ${file}: the file system is read-only (EROFS)\n`);
      expect(run.stderr).not.toMatch(/internal error/);
      expect(run.status).toBe(2);
      expect(readFileSync(file, 'utf8')).toBe(previous);
    }
  });

  it('init names EROFS', () => {
    const run = runCli(['init'], { cwd: readOnlyDisk });
    expect(run.stderr).toContain('journey-audit: cannot write journey-audit.config.yaml: the file system is read-only (EROFS)\n');
    expect(run.stderr).toContain('journey-audit: cannot create the folder journeys: the file system is read-only (EROFS)\n');
    expect(run.status).toBe(2);
  });
});

describe('a folder where the file should be', { timeout: 180_000 }, () => {
  it('report --out and --output naming a folder: one line saying so, not an internal error', () => {
    const folder = path.join(scratch, 'a-folder');
    mkdirSync(path.join(folder, 'inside'), { recursive: true });
    const lines = {
      // report checks where it writes before any work; --output finds it when writing.
      report: `journey-audit: cannot write --out ${folder}: ${folder} is a folder; name a file\n`,
      audit: `journey-audit: cannot write ${folder}: it is a folder (EISDIR)\n`,
    };
    for (const args of [['report', '--no-diagrams', '--out', folder, 'journeys'], ['audit', '--output', folder, 'journeys']]) {
      const run = runCli(args, { cwd: project });
      expect(run.stderr).toContain(lines[args[0] as 'report' | 'audit']);
      expect(run.stderr).not.toMatch(/internal error/);
      expect(run.status).toBe(2);
      expect(readdirSync(folder)).toEqual(['inside']);
    }
  });
});

describe('an injected failing file system', { timeout: 180_000 }, () => {
  const hooks = path.join(repoRoot, 'test', 'support', 'fault-fs.mjs');
  const withFault = (fault: Record<string, string>, args: string[]) =>
    runCli(args, { cwd: project, env: { NODE_OPTIONS: `--import ${hooks}`, JOURNEY_AUDIT_FAULT: JSON.stringify(fault) } });
  const out = path.join(scratch, 'injected');
  mkdirSync(out);

  it('short writes: the writer loops until every byte is written', () => {
    const expected = runCli(['audit', '--format', 'json', 'journeys'], { cwd: project }).stdout;
    const run = withFault({ paths: '/injected/', fault: 'short' }, ['audit', '--format', 'json', '--output', path.join(out, 'short.json'), 'journeys']);
    expect(run.stderr).toBe('');
    expect(readFileSync(path.join(out, 'short.json'), 'utf8')).toBe(expected);
    expect(temporaries(out)).toEqual([]);
  });

  const faults = [
    { fault: 'EIO', at: 'fsync', reason: 'input/output error on the device (EIO)' },
    { fault: 'ENOSPC', at: 'write', reason: 'no space left on the device (ENOSPC)' },
    { fault: 'EACCES', at: 'open', reason: 'permission denied (EACCES)' },
    { fault: 'EIO', at: 'rename', reason: 'input/output error on the device (EIO)' },
  ];
  for (const { fault, at, reason } of faults) {
    it(`${fault} on ${at}: every writer says so in one line, keeps the old file and leaves no temporary`, () => {
      const file = (name: string) => path.join(out, name);
      writeFileSync(file('report.json'), previous);
      writeFileSync(file('report.html'), previous);
      writeFileSync(file('baseline.json'), JSON.stringify({ version: 1, files: {} }));
      const baseline = readFileSync(file('baseline.json'), 'utf8');
      const setting = { paths: '/injected/', fault, at };
      const runs = [
        { run: withFault(setting, ['audit', '--format', 'json', '--output', file('report.json'), 'journeys']), line: `cannot write ${file('report.json')}: ${reason}` },
        { run: withFault(setting, ['report', '--no-diagrams', '--out', file('report.html'), 'journeys']), line: `cannot write ${file('report.html')}: ${reason}` },
        { run: withFault(setting, ['audit', '--baseline', file('baseline.json'), '--update-baseline', 'journeys']), line: `cannot write the baseline ${file('baseline.json')}: ${reason}` },
        { run: withFault(setting, ['audit', '--baseline', file('baseline.json'), '--prune-baseline', 'journeys']), line: `cannot write the baseline ${file('baseline.json')}: ${reason}` },
      ];
      for (const { run, line } of runs) {
        expect(run.stderr).toContain(`journey-audit: ${line}\n`);
        expect(run.stderr).not.toMatch(/internal error|wrote \d+ finding/);
        expect(run.status).toBe(2);
      }
      expect(readFileSync(file('report.json'), 'utf8')).toBe(previous);
      expect(readFileSync(file('report.html'), 'utf8')).toBe(previous);
      expect(readFileSync(file('baseline.json'), 'utf8')).toBe(baseline);

      const render = withFault(setting, ['render', '--format', 'mmd,md', '--out', path.join(out, 'diagrams'), 'journeys']);
      expect(render.stdout).toBe(`Rendered 0 of ${journeyCount} journey files as mmd, md into ${path.join(out, 'diagrams')}\n`);
      expect(render.stderr.split('\n').filter((line) => line.endsWith(reason))).toHaveLength(2 * journeyCount);
      expect(render.status).toBe(2);

      const initFolder = path.join(out, `init-${fault}-${at}`);
      mkdirSync(initFolder);
      const init = runCli(['init'], { cwd: initFolder, env: { NODE_OPTIONS: `--import ${hooks}`, JOURNEY_AUDIT_FAULT: JSON.stringify(setting) } });
      expect(init.stderr).toContain(`journey-audit: cannot write journey-audit.config.yaml: ${reason}\n`);
      expect(init.status).toBe(2);
      expect(readdirSync(initFolder).filter((name) => name !== 'journeys')).toEqual([]);
      expect(temporaries(out)).toEqual([]);
    });
  }
});

describe('no output replaces a file the run reads, by any path', { timeout: 180_000 }, () => {
  const root = path.join(scratch, 'links');
  mkdirSync(root);
  cpSync(path.join(repoRoot, 'journeys'), path.join(root, 'journeys'), { recursive: true });
  symlinkSync('journeys', path.join(root, 'J'));
  mkdirSync(path.join(root, 'config'));
  writeFileSync(path.join(root, 'config', 'address-change.mmd'), 'extends: recommended\n');
  symlinkSync('config', path.join(root, 'C'));
  writeFileSync(path.join(root, 'baseline.json'), JSON.stringify({ version: 1, files: {} }));
  linkSync(path.join(root, 'journeys', 'retail-return.journey.yaml'), path.join(root, 'hard-link.json'));
  const journey = path.join(root, 'journeys', 'address-change.journey.yaml');
  const original = readFileSync(journey, 'utf8');
  const run = (args: string[]) => runCli(args, { cwd: root });

  it('--output and report --out refuse a journey reached through a symlinked folder or a hard link', () => {
    for (const args of [
      ['audit', 'J', '--output', 'journeys/address-change.journey.yaml'],
      ['audit', 'journeys', '--output', 'J/address-change.journey.yaml'],
      ['audit', 'journeys', '--output', 'hard-link.json'],
      ['report', '--no-diagrams', '--out', 'journeys/address-change.journey.yaml', 'J'],
      ['report', '--no-diagrams', '--out', 'hard-link.json', 'journeys'],
    ]) {
      const result = run(args);
      expect(result.stderr, args.join(' ')).toMatch(/is one of the files this run reads|it is one of the files this run reads/);
      expect(result.status).toBe(2);
    }
    expect(readFileSync(journey, 'utf8')).toBe(original);
    expect(readFileSync(path.join(root, 'hard-link.json'), 'utf8')).toBe(readFileSync(path.join(root, 'journeys', 'retail-return.journey.yaml'), 'utf8'));
  });

  it('--output refuses the config and the baseline; --update-baseline refuses a journey', () => {
    expect(run(['audit', '--config', 'config/address-change.mmd', '--output', 'C/address-change.mmd', 'journeys']).status).toBe(2);
    expect(run(['audit', '--baseline', 'baseline.json', '--output', 'baseline.json', 'journeys']).status).toBe(2);
    const update = run(['audit', '--baseline', 'J/address-change.journey.yaml', '--update-baseline', 'journeys']);
    expect(update.stderr).toContain('journey-audit: --baseline J/address-change.journey.yaml is one of the journey, config or plugin files of this run; not overwritten\n');
    expect(update.status).toBe(2);
    expect(readFileSync(journey, 'utf8')).toBe(original);
    expect(readFileSync(path.join(root, 'config', 'address-change.mmd'), 'utf8')).toBe('extends: recommended\n');
    expect(readFileSync(path.join(root, 'baseline.json'), 'utf8')).toBe(JSON.stringify({ version: 1, files: {} }));
  });

  it('render refuses a picture that would replace the config through a symlinked output folder', () => {
    const result = run(['render', '--config', 'config/address-change.mmd', '--format', 'mmd', '--out', 'C', 'journeys/address-change.journey.yaml']);
    expect(result.stderr).toBe('journey-audit: journeys/address-change.journey.yaml: not writing C/address-change.mmd: it is one of the files this run reads (a journey, config or plugin)\n');
    expect(result.stdout).toBe('Rendered 0 of 1 journey file as mmd into C\n');
    expect(result.status).toBe(2);
    expect(readFileSync(path.join(root, 'config', 'address-change.mmd'), 'utf8')).toBe('extends: recommended\n');
  });
});

describe('names that are keys', { timeout: 180_000 }, () => {
  it('a journey file named __proto__ is recorded in the baseline and matched on the next run', () => {
    const folder = path.join(scratch, 'proto');
    mkdirSync(folder);
    cpSync(path.join(repoRoot, 'journeys', 'retail-return.journey.yaml'), path.join(folder, '__proto__'));
    cpSync(path.join(repoRoot, 'journeys', 'card-dispute.journey.yaml'), path.join(folder, 'constructor'));
    const update = runCli(['audit', '--baseline', 'baseline.json', '--update-baseline', '__proto__', 'constructor'], { cwd: folder });
    expect(update.status).toBe(0);
    const recorded = /wrote (\d+) findings in 2 files/.exec(update.stderr);
    expect(recorded, update.stderr).not.toBeNull();
    expect(Number(recorded![1])).toBeGreaterThan(0);
    expect(Object.keys(JSON.parse(readFileSync(path.join(folder, 'baseline.json'), 'utf8')).files).sort()).toEqual(['__proto__', 'constructor']);
    const again = runCli(['audit', '--format', 'json', '--baseline', 'baseline.json', '__proto__', 'constructor'], { cwd: folder });
    expect(again.status).toBe(0);
    const findings = (JSON.parse(again.stdout) as Array<{ messages: Array<{ suppressions?: unknown }> }>).flatMap((file) => file.messages);
    expect(findings.filter((finding) => !finding.suppressions)).toEqual([]);
  });
});
