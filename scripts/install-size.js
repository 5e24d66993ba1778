#!/usr/bin/env node
// Installs journey-audit the way a user does — from the tarball `npm pack` makes, into an empty folder — and
// measures node_modules: once lint-only (`--omit=optional`, no rendering packages) and once with everything.
// Browser downloads are made impossible (an unreachable download host, PUPPETEER_SKIP_DOWNLOAD unset), so an
// install that tried to fetch a browser fails instead of passing unnoticed.
//
// Usage: node scripts/install-size.js [--lint-only] [--json] [--no-build]
//   --no-build  pack the dist/ already built (npm pack --ignore-scripts) instead of building it again
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The budget the issue tracker set for a lint-only install, in MB (10^6 bytes) of node_modules on disk. */
export const lintOnlyBudgetMB = 40;

/**
 * The environment of every install here: downloads of a browser cannot succeed, nothing of the
 * caller's puppeteer settings skips them, and the local npm cache is preferred to keep it fast.
 */
export function installEnvironment(base = process.env) {
  const env = { ...base, PUPPETEER_DOWNLOAD_BASE_URL: 'http://127.0.0.1:9', PUPPETEER_CHROME_HEADLESS_SHELL_DOWNLOAD_BASE_URL: 'http://127.0.0.1:9', npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
  for (const name of Object.keys(env)) {
    if (/^PUPPETEER_SKIP_/i.test(name) || /^npm_config_(omit|include|production|global)$/i.test(name)) delete env[name];
  }
  return env;
}

function run(command, args, options) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}) in ${options.cwd}:\n${result.stderr}${result.stdout}`);
  }
  return result;
}

/** `npm pack` into `destination`; returns the tarball's path. */
export function packTarball(destination, { build = true } = {}) {
  const args = ['pack', '--pack-destination', destination, ...(build ? [] : ['--ignore-scripts'])];
  const { stdout } = run('npm', args, { cwd: repositoryRoot, env: installEnvironment() });
  const name = stdout.trim().split('\n').pop();
  return path.join(destination, name);
}

/** Installs the tarball into a new empty project under `parent`; returns that project's folder. */
export function installTarball(tarball, parent, { omitOptional }) {
  const project = path.join(parent, omitOptional ? 'lint-only' : 'full');
  mkdirSync(project, { recursive: true });
  writeFileSync(path.join(project, 'package.json'), `${JSON.stringify({ name: 'journey-audit-user', version: '1.0.0', private: true }, null, 2)}\n`);
  const args = ['install', tarball, ...(omitOptional ? ['--omit=optional'] : []), '--no-audit', '--no-fund', '--prefer-offline'];
  run('npm', args, { cwd: project, env: installEnvironment() });
  return project;
}

/** Bytes of a folder: on disk (what `du` shows) and the files' own sizes. */
export function folderSize(folder) {
  let disk = 0;
  let apparent = 0;
  const pending = [folder];
  while (pending.length > 0) {
    const current = pending.pop();
    const stat = lstatSync(current);
    disk += stat.blocks * 512;
    if (stat.isDirectory()) {
      for (const entry of readdirSync(current)) pending.push(path.join(current, entry));
    } else {
      apparent += stat.size;
    }
  }
  return { disk, apparent };
}

/** The packages installed under node_modules (scoped ones as @scope/name). */
export function installedPackages(project) {
  const names = [];
  const modules = path.join(project, 'node_modules');
  for (const entry of readdirSync(modules)) {
    if (entry.startsWith('.')) continue;
    if (entry.startsWith('@')) for (const scoped of readdirSync(path.join(modules, entry))) names.push(`${entry}/${scoped}`);
    else names.push(entry);
  }
  return names.sort();
}

const megabytes = (bytes) => bytes / 1e6;

function main() {
  const flags = new Set(process.argv.slice(2));
  const work = mkdtempSync(path.join(os.tmpdir(), 'journey-audit-install-'));
  try {
    const tarball = packTarball(work, { build: !flags.has('--no-build') });
    const variants = flags.has('--lint-only') ? [true] : [true, false];
    const figures = variants.map((omitOptional) => {
      const project = installTarball(tarball, work, { omitOptional });
      const size = folderSize(path.join(project, 'node_modules'));
      return { install: omitOptional ? 'npm install --omit=optional journey-audit' : 'npm install journey-audit', packages: installedPackages(project).length, diskMB: megabytes(size.disk), filesMB: megabytes(size.apparent) };
    });
    const lintOnly = figures[0];
    if (flags.has('--json')) {
      process.stdout.write(`${JSON.stringify({ budgetMB: lintOnlyBudgetMB, figures }, null, 2)}\n`);
    } else {
      console.log(`tarball: ${path.basename(tarball)}`);
      for (const figure of figures) {
        console.log(`${figure.install.padEnd(44)} ${String(figure.packages).padStart(4)} packages  ${figure.diskMB.toFixed(1).padStart(6)} MB on disk  ${figure.filesMB.toFixed(1).padStart(6)} MB of files`);
      }
      console.log(`lint-only budget ${lintOnlyBudgetMB} MB: ${lintOnly.diskMB <= lintOnlyBudgetMB ? 'PASS' : 'FAIL'}`);
    }
    process.exitCode = lintOnly.diskMB <= lintOnlyBudgetMB ? 0 : 1;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
