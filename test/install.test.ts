import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The same steps as `node scripts/install-size.js`, the figure the README shows.
import { folderSize, installTarball, installedPackages, lintOnlyBudgetMB, packTarball, repositoryRoot } from '../scripts/install-size.js';
import { findBrowser } from '../src/render/browser.js';

/**
 * journey-audit as users get it: the tarball `npm pack` makes, installed into an empty folder with browser
 * downloads made impossible (an unreachable download host, PUPPETEER_SKIP_DOWNLOAD unset). An install that
 * tried to fetch a browser would fail here. Lint-only (--omit=optional) and full installs.
 */
const packageJson = JSON.parse(readFileSync(path.join(repositoryRoot, 'package.json'), 'utf8')) as { optionalDependencies: Record<string, string> };
const work = mkdtempSync(path.join(os.tmpdir(), 'journey-audit-install-test-'));
let tarball = '';
let lintOnly = '';
let full = '';

const runInstalled = (project: string, args: string[], env: Record<string, string | undefined> = {}) => {
  const merged: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...env };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  const run = spawnSync(path.join(project, 'node_modules', '.bin', 'journey-audit'), args, { cwd: project, encoding: 'utf8', env: merged as NodeJS.ProcessEnv, timeout: 120_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
};

const withJourney = (project: string) => {
  mkdirSync(path.join(project, 'journeys'), { recursive: true });
  writeFileSync(path.join(project, 'journeys', 'returns.journey.yaml'), readFileSync(path.join(repositoryRoot, 'journeys', 'retail-return.journey.yaml'), 'utf8'));
};

beforeAll(() => {
  // `npm test` has just built dist/ (pretest); packing it again without the build keeps this test fast.
  tarball = packTarball(work, { build: false });
  lintOnly = installTarball(tarball, work, { omitOptional: true });
  full = installTarball(tarball, work, { omitOptional: false });
  withJourney(lintOnly);
  withJourney(full);
}, 600_000);
afterAll(() => rmSync(work, { recursive: true, force: true }), 120_000);

describe('the packed tarball', () => {
  it('holds what users need and no images or sources', () => {
    const listing = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    for (const file of ['package/LICENSE', 'package/README.md', 'package/bin/journey-audit.js', 'package/dist/cli/main.js', 'package/dist/index.d.ts', 'package/src/schema/journey.schema.json', 'package/rules/recommended.yaml', 'package/docs/rules/dead-end.md']) {
      expect(listing).toContain(file);
    }
    expect(listing.filter((file) => /\.(png|jpe?g|ts)$/.test(file) && !file.endsWith('.d.ts'))).toEqual([]);
    expect(readFileSync(path.join(lintOnly, 'node_modules', 'journey-audit', 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
  });
});

describe('a lint-only install (npm install journey-audit --omit=optional)', () => {
  it(`has no rendering stack and stays within ${lintOnlyBudgetMB} MB`, () => {
    const packages = installedPackages(lintOnly);
    for (const heavy of ['mermaid', 'puppeteer', 'puppeteer-core', '@mermaid-js/mermaid-cli', 'chromium-bidi']) expect(packages).not.toContain(heavy);
    const { disk } = folderSize(path.join(lintOnly, 'node_modules'));
    expect(disk / 1e6).toBeLessThanOrEqual(lintOnlyBudgetMB);
  });

  it('audits', () => {
    const run = runInstalled(lintOnly, []);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('✖ 2 problems (0 errors, 2 warnings) in 1 of 1 journey');
    expect(run.code).toBe(0);
  });

  it('names the install command for svg, png and pdf, and still writes Mermaid text', () => {
    const svg = runInstalled(lintOnly, ['render', '--out', 'diagrams', '--format', 'svg']);
    expect(svg.code).toBe(2);
    const install = `npm install mermaid@${packageJson.optionalDependencies.mermaid} puppeteer-core@${packageJson.optionalDependencies['puppeteer-core']}`;
    expect(svg.stderr).toBe(`journey-audit: cannot render svg: mermaid and puppeteer-core are not installed (optional dependencies, needed for svg, png and pdf only); install with: ${install}\n`);
    const blueprint = runInstalled(lintOnly, ['render', '--view', 'blueprint', '--out', 'blueprints']);
    expect(blueprint.code).toBe(2);
    expect(blueprint.stderr).toBe(`journey-audit: elkjs is not installed (an optional dependency, needed for blueprints only); install with: npm install elkjs@${packageJson.optionalDependencies.elkjs}\n`);
    const mmd = runInstalled(lintOnly, ['render', '--out', 'diagrams', '--format', 'mmd']);
    expect(mmd.code).toBe(0);
    expect(readFileSync(path.join(lintOnly, 'diagrams', 'retail-return.mmd'), 'utf8')).toMatch(/^flowchart/m);
  });

  it('writes the report without diagrams and says why', () => {
    const run = runInstalled(lintOnly, ['report', '--out', 'out/report.html']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`diagrams left out: elkjs is not installed (an optional dependency, needed for blueprints only); install with: npm install elkjs@${packageJson.optionalDependencies.elkjs}`);
    expect(readFileSync(path.join(lintOnly, 'out', 'report.html'), 'utf8')).toContain('Blueprints need the optional package elkjs, which was not installed when this report was made.');
  });

  it("init's schema modeline points to the installed schema file", () => {
    const folder = path.join(lintOnly, 'new-project');
    mkdirSync(folder);
    const run = spawnSync(path.join(lintOnly, 'node_modules', '.bin', 'journey-audit'), ['init'], { cwd: folder, encoding: 'utf8' });
    expect(run.status).toBe(0);
    const first = readFileSync(path.join(folder, 'journeys', 'example.journey.yaml'), 'utf8').split('\n')[0]!;
    expect(first).toBe('# yaml-language-server: $schema=../../node_modules/journey-audit/src/schema/journey.schema.json');
    expect(existsSync(path.resolve(folder, 'journeys', first.slice(first.indexOf('=') + 1)))).toBe(true);
  });
});

describe('a full install (npm install journey-audit)', () => {
  it('brings puppeteer-core, never puppeteer, and no browser', () => {
    const packages = installedPackages(full);
    expect(packages).toContain('puppeteer-core');
    expect(packages).toContain('mermaid');
    // puppeteer's postinstall would have tried the unreachable download host and failed the install.
    expect(packages).not.toContain('puppeteer');
  });

  const browser = findBrowser(undefined);
  it.runIf(browser.ok)('draws svg with the system browser', () => {
    const run = runInstalled(full, ['render', '--out', 'diagrams', '--format', 'svg']);
    expect(run.code, run.stderr).toBe(0);
    // The bundled journeys are too long for one legible page: their first A4 page (pages need elkjs too).
    expect(readFileSync(path.join(full, 'diagrams', 'retail-return.page-1.svg'), 'utf8')).toMatch(/^<svg[\s>]/);
  }, 120_000);

  it('draws blueprints as svg and png without a browser (elkjs and the prebuilt resvg binary from the registry)', () => {
    const run = runInstalled(full, ['render', '--view', 'blueprint', '--format', 'svg,png', '--out', 'blueprints'], { JOURNEY_AUDIT_BROWSER: '/no/such/chromium' });
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(path.join(full, 'blueprints', 'retail-return.blueprint-1.svg'), 'utf8')).toContain('>line of interaction</text>');
    expect(readFileSync(path.join(full, 'blueprints', 'retail-return.blueprint-1.png')).subarray(1, 4).toString('latin1')).toBe('PNG');
  }, 120_000);
});

describe("pre-commit's node hook install", () => {
  // pre-commit runs `npm pack` in a clone of this repository and takes its standard output as the tarball's name
  // (pre_commit/languages/node.py); the `prepare` build must not print there. The whole hook is run with
  // pre-commit itself by scripts/pre-commit-try-repo.sh in CI (.ci/run).
  it('npm pack in a fresh copy of the repository prints only the tarball name', () => {
    const copy = path.join(work, 'clone');
    const files = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repositoryRoot, encoding: 'utf8' }).stdout.split('\0').filter(Boolean);
    for (const file of files) {
      if (!existsSync(path.join(repositoryRoot, file))) continue;
      mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
      writeFileSync(path.join(copy, file), readFileSync(path.join(repositoryRoot, file)));
    }
    expect(existsSync(path.join(copy, 'dist'))).toBe(false);
    // The dependencies `npm install` would bring, without installing them again.
    symlinkSync(path.join(repositoryRoot, 'node_modules'), path.join(copy, 'node_modules'));
    const env: Record<string, string | undefined> = { ...process.env, npm_config_userconfig: undefined, NPM_CONFIG_USERCONFIG: undefined };
    for (const key of Object.keys(env)) if (env[key] === undefined || /^npm_(lifecycle|package)_/.test(key)) delete env[key];
    const pack = spawnSync('npm', ['pack', '--dry-run'], { cwd: copy, encoding: 'utf8', env: env as NodeJS.ProcessEnv });
    expect(pack.status, pack.stderr).toBe(0);
    expect(pack.stdout).toBe(`journey-audit-${JSON.parse(readFileSync(path.join(copy, 'package.json'), 'utf8')).version}.tgz\n`);
    // prepare built the package in the copy.
    expect(existsSync(path.join(copy, 'dist', 'cli', 'main.js'))).toBe(true);
  }, 300_000);
});
