// journey-audit benchmark suite: `npm run bench`.
// Generates its inputs deterministically, measures each pair of commands side by side in this one run
// (A B A B ..., so a comparison holds while the machine's speed drifts), prints min/median/max of every
// figure and the ratios, then one PASS/FAIL (or SKIPPED) line per target. Not part of `npm test`.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { journeyYaml, repository } from './generate.js';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(benchDir);
const work = path.join(benchDir, '.work');
const bin = path.join(root, 'bin', 'journey-audit.js');
const node = process.execPath;
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const rssPreload = path.join(benchDir, 'report-rss.js');
const quick = process.argv.includes('--quick');
// `--only W5` (or `--only W1,W5`) runs just those workloads.
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex >= 0 ? new Set((process.argv[onlyIndex + 1] ?? '').toUpperCase().split(',')) : undefined;
const selected = (workload) => !only || only.has(workload);
const results = [];
const verdicts = [];

// ---------- measuring ----------

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const summary = (values) => ({ min: Math.min(...values), median: median(values), max: Math.max(...values) });

/** Runs a command once; returns wall seconds and peak RSS in MiB (GNU time when present, else the process's own maxRSS). */
function runOnce(command, { cwd = root } = {}) {
  const [file, ...args] = command;
  const rssFile = path.join(work, `rss-${process.pid}.txt`);
  rmSync(rssFile, { force: true });
  let argv;
  const env = { ...process.env, NO_COLOR: '1' };
  if (gnuTime) {
    argv = [gnuTime, '-f', '%M', '-o', rssFile, file, ...args];
  } else {
    argv = [file, ...args];
    env.BENCH_RSS_FILE = rssFile;
    env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --import ${rssPreload}`;
  }
  const started = process.hrtime.bigint();
  const run = spawnSync(argv[0], argv.slice(1), { cwd, env, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.error) throw run.error;
  if (run.status !== 0 && run.status !== 1) throw new Error(`${command.join(' ')} exited with ${run.status}: ${run.stderr.toString().slice(0, 500)}`);
  const kib = Number(readFileSync(rssFile, 'utf8').trim().split('\n').at(-1));
  return { wall, rss: kib / 1024 };
}

/**
 * A and B in turn, `runs` times after one warm-up each; the ratio A/B pair by pair.
 * With `bracket` (for an A much shorter than B), A also runs once more at the end, A B A B ... A, and
 * each B is compared with the mean of the two A runs on either side of it: a short A would otherwise
 * sample the machine's load at one moment, while B averages it over its whole, much longer run.
 */
function compare(label, a, b, runs, { bracket = false } = {}) {
  runOnce(a.command, a);
  runOnce(b.command, b);
  const aRuns = [];
  const bRuns = [];
  for (let run = 0; run < runs; run++) {
    aRuns.push(runOnce(a.command, a));
    bRuns.push(runOnce(b.command, b));
  }
  if (bracket) aRuns.push(runOnce(a.command, a));
  const aWall = (run) => (bracket ? (aRuns[run].wall + aRuns[run + 1].wall) / 2 : aRuns[run].wall);
  const entry = {
    label,
    runs,
    a: { name: a.name, runs: aRuns.length, wall: summary(aRuns.map((x) => x.wall)), rss: summary(aRuns.map((x) => x.rss)) },
    b: { name: b.name, runs: bRuns.length, wall: summary(bRuns.map((y) => y.wall)), rss: summary(bRuns.map((y) => y.rss)) },
    ratio: summary(bRuns.map((y, run) => aWall(run) / y.wall)),
  };
  results.push(entry);
  printEntry(entry);
  return entry;
}

const seconds = (value) => (value < 10 ? value.toFixed(3) : value.toFixed(2));
const mib = (value) => value.toFixed(0);
function printRow(name, runs, wall, rss) {
  console.log(`  ${name.padEnd(44)} ${String(runs).padStart(4)}  ${`${seconds(wall.min)} / ${seconds(wall.median)} / ${seconds(wall.max)}`.padEnd(26)} ${`${mib(rss.min)} / ${mib(rss.median)} / ${mib(rss.max)}`}`);
}
function printEntry(entry) {
  console.log(`\n${entry.label}`);
  console.log(`  ${'command'.padEnd(44)} ${'runs'.padStart(4)}  ${'wall s min / median / max'.padEnd(26)} peak RSS MiB min / median / max`);
  printRow(entry.a.name, entry.a.runs, entry.a.wall, entry.a.rss);
  printRow(entry.b.name, entry.b.runs, entry.b.wall, entry.b.rss);
  console.log(`  ${'ratio A/B (wall, pair by pair)'.padEnd(44)} ${String(entry.runs).padStart(4)}  ${entry.ratio.min.toFixed(2)} / ${entry.ratio.median.toFixed(2)} / ${entry.ratio.max.toFixed(2)}`);
}

function verdict(workload, measured, target, pass) {
  verdicts.push({ workload, measured, target, result: pass === undefined ? 'SKIPPED' : pass ? 'PASS' : 'FAIL' });
}

// ---------- inputs ----------

function writeTree(folder, files) {
  rmSync(folder, { recursive: true, force: true });
  for (const [name, text] of files) {
    const file = path.join(folder, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

function prepareInputs() {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  // W7 makes its own logs; with `--only W7` nothing else needs writing.
  if (only && [...only].every((workload) => workload === 'W7')) return;
  writeTree(path.join(work, 'repository'), repository({ seed: 1, count: 500, steps: 40 }));
  writeFileSync(path.join(work, 'steps-10000.journey.yaml'), journeyYaml({ seed: 11, steps: 10_000, name: 'generated-10k' }));
  writeFileSync(path.join(work, 'steps-20000.journey.yaml'), journeyYaml({ seed: 11, steps: 20_000, name: 'generated-20k' }));
  writeFileSync(path.join(work, 'steps-100000.journey.yaml'), journeyYaml({ seed: 12, steps: 100_000, name: 'generated-100k' }));
  writeFileSync(path.join(work, 'steps-20.journey.yaml'), journeyYaml({ seed: 13, steps: 20, name: 'small', defects: false }));
  writeTree(path.join(work, 'render'), repository({ seed: 2, count: 20, steps: 15 }));
}

// ---------- workloads ----------

function w1() {
  const repo = path.join(work, 'repository');
  const entry = compare(
    'W1 repository: 500 journeys x 40 steps, full catalog, --format json (A) vs parsing the same files with the same parser (B)',
    { name: 'A journey-audit repository --format json', command: [node, bin, repo, '--format', 'json'] },
    { name: 'B parse only (bench/parse-only.js)', command: [node, path.join(benchDir, 'parse-only.js'), repo] },
    quick ? 2 : 5,
  );
  verdict('W1 repository audit / parse only', `${entry.ratio.median.toFixed(2)}x`, '<= 1.5x', entry.ratio.median <= 1.5);
  // For reference (no target): the same files parsed by `yaml` alone, the parser the fast reader replaces.
  compare(
    'W1 for reference: the same audit (A) vs parsing the files with yaml alone (B), no target',
    { name: 'A journey-audit repository --format json', command: [node, bin, repo, '--format', 'json'] },
    { name: 'B parse only with yaml (parse-only.js --yaml)', command: [node, path.join(benchDir, 'parse-only.js'), repo, '--yaml'] },
    quick ? 1 : 3,
  );
  // The same 500 files linted by Spectral with its 5 rules: the full catalog and the metrics in half its time or less.
  const spectral = ensureSpectral();
  if (!spectral) {
    verdict('W1 repository vs Spectral', 'Spectral not installed', '<= 0.5x', undefined);
    return;
  }
  const versusSpectral = compare(
    'W1 repository: the same audit (A) vs Spectral 6.16 with 5 rules on the same 500 files (B)',
    { name: 'A journey-audit repository --format json', command: [node, bin, repo, '--format', 'json'] },
    {
      name: 'B spectral lint (bench/spectral-ruleset.yaml)',
      command: [node, spectral, 'lint', '--quiet', '--ruleset', path.join(benchDir, 'spectral-ruleset.yaml'), '-f', 'json', `${repo}/**/*.journey.yaml`],
    },
    quick ? 1 : 3,
  );
  verdict('W1 repository vs Spectral', `${versusSpectral.ratio.median.toFixed(2)}x Spectral's time`, '<= 0.5x', versusSpectral.ratio.median <= 0.5);
}

function w2() {
  const entry = compare(
    'W2 one large journey: 20,000 steps (A) vs 10,000 steps (B), fan-out up to 3, loops and merges, full catalog',
    { name: 'A audit 20,000 steps --format json', command: [node, bin, path.join(work, 'steps-20000.journey.yaml'), '--format', 'json'] },
    { name: 'B audit 10,000 steps --format json', command: [node, bin, path.join(work, 'steps-10000.journey.yaml'), '--format', 'json'] },
    quick ? 2 : 5,
  );
  verdict('W2 doubling steps 10k -> 20k', `${entry.ratio.median.toFixed(2)}x`, '<= 2.3x', entry.ratio.median <= 2.3);
}

/** A file of one of the comparison tools in bench/package.json (Spectral, mermaid-cli), installed on first need. */
function ensureBenchTool(...segments) {
  const file = path.join(benchDir, 'node_modules', ...segments);
  if (existsSync(file)) return file;
  console.log('\ninstalling the comparison tools of bench/package.json (npm ci in bench/) ...');
  // mermaid-cli brings puppeteer, whose postinstall would download a browser: the system Chromium is used instead.
  const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: benchDir, stdio: 'inherit', env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: 'true' } });
  return install.status === 0 && existsSync(file) ? file : undefined;
}

const ensureSpectral = () => ensureBenchTool('@stoplight', 'spectral-cli', 'dist', 'index.js');

function w3() {
  const file = path.join(work, 'steps-100000.journey.yaml');
  const size = (readFileSync(file).length / 1024 / 1024).toFixed(1);
  const spectral = ensureSpectral();
  const audit = { name: 'A journey-audit 100,000 steps --format json', command: [node, bin, file, '--format', 'json'] };
  if (!spectral) {
    const runs = [runOnce(audit.command), runOnce(audit.command)];
    console.log(`\nW3 very large file: 100,000 steps (${size} MiB); Spectral could not be installed: comparison SKIPPED`);
    printRow(audit.name, runs.length, summary(runs.map((run) => run.wall)), summary(runs.map((run) => run.rss)));
    verdict('W3 100k steps vs Spectral', 'Spectral not installed', 'faster than Spectral', undefined);
    const rss = median(runs.map((run) => run.rss));
    verdict('W3 100k steps peak memory', `${rss.toFixed(0)} MiB`, '< 1024 MiB', rss < 1024);
    return;
  }
  const entry = compare(
    `W3 very large file: 100,000 steps (${size} MiB of YAML), full catalog (A) vs Spectral 6.16 with 5 rules on the same file (B)`,
    audit,
    { name: 'B spectral lint (bench/spectral-ruleset.yaml)', command: [node, spectral, 'lint', '--quiet', '--ruleset', path.join(benchDir, 'spectral-ruleset.yaml'), '-f', 'json', file] },
    quick ? 1 : 3,
  );
  verdict('W3 100k steps vs Spectral', `${entry.ratio.median.toFixed(2)}x Spectral's time`, '< 1x', entry.ratio.median < 1);
  verdict('W3 100k steps peak memory', `${entry.a.rss.max.toFixed(0)} MiB (max of runs)`, '< 1024 MiB', entry.a.rss.max < 1024);
}

function w4() {
  const runs = quick ? 5 : 15;
  const version = compare('W4 cold start: --version (A) vs node -e 0 (B)', { name: 'A journey-audit --version', command: [node, bin, '--version'] }, { name: 'B node -e 0', command: [node, '-e', '0'] }, runs);
  verdict('W4 --version / node -e 0', `${version.ratio.median.toFixed(2)}x`, '<= 2x', version.ratio.median <= 2);
  const small = compare(
    'W4 cold start: audit of one 20-step journey (A) vs node -e 0 (B)',
    { name: 'A journey-audit small.journey.yaml', command: [node, bin, path.join(work, 'steps-20.journey.yaml')] },
    { name: 'B node -e 0', command: [node, '-e', '0'] },
    runs,
  );
  verdict('W4 audit of 20 steps / node -e 0', `${small.ratio.median.toFixed(2)}x`, '<= 4x', small.ratio.median <= 4);
}

function findBrowser() {
  const candidates = [process.env.JOURNEY_AUDIT_BROWSER, process.env.PUPPETEER_EXECUTABLE_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((candidate) => candidate && existsSync(candidate));
}

function w5() {
  // Like for like: mmdc draws each journey as one picture, and so does `render --pages none`. The default, which
  // splits a journey too long for one legible A4 page into pages (each page's fit measured on Mermaid's drawing of
  // it), is timed after, for reference.
  const label = 'W5 rendering: 20 journeys to SVG, one picture each: journey-audit render --pages none (A) vs one mmdc process per journey (B)';
  const help = spawnSync(node, [bin, '--help'], { cwd: root, encoding: 'utf8' }).stdout ?? '';
  const hasRender = /^\s+render\b/m.test(help);
  const browser = findBrowser();
  const mmdc = ensureBenchTool('@mermaid-js', 'mermaid-cli', 'src', 'cli.js');
  const missing = [!hasRender && "the 'render' command", !browser && 'Chromium', !mmdc && 'mermaid-cli'].filter(Boolean);
  if (missing.length > 0) {
    console.log(`\n${label}\n  SKIPPED: ${missing.join(', ')} not available`);
    verdict('W5 render 20 journeys vs mmdc each', `not measured (${missing.join(', ')} missing)`, '>= 8x faster', undefined);
    return;
  }
  // The browser is named the way users name it, so the workload does not depend on a flag's spelling.
  process.env.JOURNEY_AUDIT_BROWSER = browser;
  const sources = path.join(work, 'render');
  const mermaid = path.join(work, 'render-mmd');
  try {
    execFileSync(node, [bin, 'render', sources, '--format', 'mmd', '--out', mermaid], { cwd: root, stdio: 'ignore' });
  } catch (error) {
    console.log(`\n${label}\n  journey-audit render --format mmd failed: ${error.message.split('\n')[0]}`);
    verdict('W5 render 20 journeys vs mmdc each', 'render failed', '>= 8x faster', false);
    return;
  }
  const journeyAudit = { name: 'A journey-audit render --format svg --pages none', command: [node, bin, 'render', sources, '--format', 'svg', '--pages', 'none', '--out', path.join(work, 'render-svg')] };
  if (!againstMmdcEach(label, 'W5 render 20 journeys vs mmdc each', 8, journeyAudit, { mmdc, mermaid, browser })) return;
  const paged = path.join(work, 'render-pages');
  const pagedRuns = [0, 1].map(() => {
    rmSync(paged, { recursive: true, force: true });
    return runOnce([node, bin, 'render', sources, '--format', 'svg', '--out', paged]);
  });
  const pageFiles = existsSync(paged) ? readdirSync(paged).filter((name) => name.endsWith('.svg')).length : 0;
  console.log(`\nW5 for reference: the same 20 journeys as legible A4 pages (the default), ${pageFiles} SVG files, no target`);
  printRow('A journey-audit render --format svg', pagedRuns.length, summary(pagedRuns.map((run) => run.wall)), summary(pagedRuns.map((run) => run.rss)));
}

/**
 * W5b: the same 20 journeys drawn as service blueprints, SVG written in Node (elkjs layout, no browser),
 * against the same baseline as W5: one mmdc process per journey.
 */
function w5b() {
  const label = 'W5b blueprints: 20 journeys to SVG, one journey-audit render --view blueprint (A) vs one mmdc process per journey (B)';
  const target = '>= 50x faster';
  const browser = findBrowser();
  const mmdc = ensureBenchTool('@mermaid-js', 'mermaid-cli', 'src', 'cli.js');
  const elk = path.join(root, 'node_modules', 'elkjs');
  const missing = [!browser && 'Chromium (for mmdc)', !mmdc && 'mermaid-cli', !existsSync(elk) && 'elkjs'].filter(Boolean);
  if (missing.length > 0) {
    console.log(`\n${label}\n  SKIPPED: ${missing.join(', ')} not available`);
    verdict('W5b blueprints vs mmdc each', `not measured (${missing.join(', ')} missing)`, target, undefined);
    return;
  }
  const sources = path.join(work, 'render');
  const mermaid = path.join(work, 'render-mmd');
  execFileSync(node, [bin, 'render', sources, '--format', 'mmd', '--out', mermaid], { cwd: root, stdio: 'ignore' });
  const journeyAudit = { name: 'A journey-audit render --view blueprint', command: [node, bin, 'render', sources, '--view', 'blueprint', '--format', 'svg', '--out', path.join(work, 'render-blueprint')] };
  againstMmdcEach(label, 'W5b blueprints vs mmdc each', 50, journeyAudit, { mmdc, mermaid, browser });
}

/**
 * `journeyAudit` against one mmdc process per journey of the Mermaid files in `mermaid`, with a verdict of at least
 * `minimum` times faster; false when a command failed.
 */
function againstMmdcEach(label, workload, minimum, journeyAudit, { mmdc, mermaid, browser }) {
  const target = `>= ${minimum}x faster`;
  const puppeteerConfig = path.join(work, 'puppeteer.json');
  writeFileSync(puppeteerConfig, JSON.stringify({ executablePath: browser, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] }));
  let entry;
  try {
    entry = compare(
      label,
      journeyAudit,
      { name: 'B mmdc once per journey (bench/mmdc-each.js)', command: [node, path.join(benchDir, 'mmdc-each.js'), mmdc, mermaid, path.join(work, 'render-mmdc'), puppeteerConfig] },
      quick ? 1 : 3,
      { bracket: true },
    );
  } catch (error) {
    console.log(`  failed: ${error.message.split('\n')[0]}`);
    verdict(workload, 'a command failed', target, false);
    return false;
  }
  const speedup = 1 / entry.ratio.median;
  verdict(workload, `${speedup.toFixed(1)}x faster`, target, speedup >= minimum);
  return true;
}

/** Starts `audit --watch` on a copy of the repository, saves one file at a time, times until the new result is printed. */
async function w6() {
  const folder = path.join(work, 'watched');
  rmSync(folder, { recursive: true, force: true });
  cpSync(path.join(work, 'repository'), folder, { recursive: true });
  const rssFile = path.join(work, 'rss-watch.txt');
  rmSync(rssFile, { force: true });
  const child = spawn(node, ['--import', rssPreload, bin, 'audit', '--watch', folder], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1', BENCH_RSS_FILE: rssFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let runs = 0;
  let onRun = () => {};
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    const completed = stderr.split('\n').filter((line) => line.includes('Press Ctrl-C to stop')).length;
    if (completed > runs) {
      runs = completed;
      onRun();
    }
  });
  const nextRun = (timeoutMs) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no result within ${timeoutMs} ms; stderr: ${stderr.slice(-500)}`)), timeoutMs);
      onRun = () => {
        clearTimeout(timer);
        onRun = () => {};
        resolve(process.hrtime.bigint());
      };
    });
  const samples = [];
  try {
    await nextRun(60_000);
    const files = repository({ seed: 1, count: 500, steps: 40 });
    const edits = quick ? 5 : 20;
    for (let edit = 0; edit < edits; edit++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const [name, text] = files[(edit * 37) % files.length];
      const changed = edit % 2 === 0 ? text.replace(/^title: .*$/m, `title: "edited ${edit}"`) : `${text}# edited ${edit}\n`;
      const waiting = nextRun(10_000);
      const started = process.hrtime.bigint();
      writeFileSync(path.join(folder, name), changed);
      samples.push(Number((await waiting) - started) / 1e6);
    }
  } finally {
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGINT');
    await exited;
  }
  const rss = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8').trim()) / 1024 : NaN;
  const latency = summary(samples);
  console.log('\nW6 watch: 500-journey folder, time from saving one file to the printed result');
  console.log(`  ${'save -> result printed (ms)'.padEnd(44)} ${String(samples.length).padStart(4)}  ${latency.min.toFixed(1)} / ${latency.median.toFixed(1)} / ${latency.max.toFixed(1)}`);
  console.log(`  ${'watcher peak RSS (MiB)'.padEnd(44)} ${'1'.padStart(4)}  ${mib(rss)}`);
  results.push({ label: 'W6 watch', runs: samples.length, latencyMs: latency, rss });
  verdict('W6 watch: save -> result (median)', `${latency.median.toFixed(1)} ms`, '<= 100 ms', latency.median <= 100);
}

/**
 * W7 replay: 1,000,000 cases (about 10 million events) generated from bench/replay.journey.yaml, as Parquet.
 * replay (A) against the directly-follows query alone in DuckDB on the same file (B); peak memory; and recall: every
 * deviation injected into the log is found, and a clean log gives no finding at all.
 */
async function w7() {
  const cases = quick ? 100_000 : 1_000_000;
  const { injectedDeviations, writeReplayLog } = await import('./replay-log.js');
  const journey = path.join(benchDir, 'replay.journey.yaml');
  const deviant = path.join(work, 'replay-deviant.parquet');
  const clean = path.join(work, 'replay-clean.parquet');
  let started = Date.now();
  const events = await writeReplayLog(deviant, { cases, seed: 7, injectDeviations: true });
  const cleanEvents = await writeReplayLog(clean, { cases, seed: 8, injectDeviations: false });
  console.log(`\nW7 logs: ${cases.toLocaleString('en')} cases, ${events.toLocaleString('en')} events with injected deviations and ${cleanEvents.toLocaleString('en')} clean, generated in ${((Date.now() - started) / 1000).toFixed(0)} s`);

  const replayCommand = (log, output) => [node, bin, 'replay', journey, '--log', log, '--format', 'json', '--output', output];
  const entry = compare(
    `W7 replay: ${(events / 1e6).toFixed(1)} M events, ${(cases / 1e6).toFixed(1)} M cases, Parquet: journey-audit replay (A) vs the directly-follows query alone in DuckDB (B)`,
    { name: 'A journey-audit replay --format json', command: replayCommand(deviant, path.join(work, 'replay-deviant.json')) },
    { name: 'B directly-follows query (bench/dfg-only.js)', command: [node, path.join(benchDir, 'dfg-only.js'), deviant] },
    quick ? 1 : 3,
  );
  verdict('W7 replay / directly-follows query', `${entry.ratio.median.toFixed(2)}x`, '<= 2x', entry.ratio.median <= 2);
  verdict('W7 replay peak memory', `${entry.a.rss.max.toFixed(0)} MiB (max of runs)`, '<= 2048 MiB', entry.a.rss.max <= 2048);

  started = Date.now();
  runOnce(replayCommand(clean, path.join(work, 'replay-clean.json')));
  const found = JSON.parse(readFileSync(path.join(work, 'replay-deviant.json'), 'utf8'))[0].messages;
  const missed = injectedDeviations.filter((deviation) => !found.some((finding) => finding.ruleId === deviation.ruleId && (deviation.step === undefined || finding.step === deviation.step)));
  const cleanFindings = JSON.parse(readFileSync(path.join(work, 'replay-clean.json'), 'utf8'))[0].messages;
  console.log('  injected deviations:');
  for (const deviation of injectedDeviations) console.log(`    ${missed.includes(deviation) ? 'MISSED' : 'found '}  ${deviation.ruleId.padEnd(22)} ${deviation.what}`);
  console.log(`  clean log: ${cleanFindings.length} findings${cleanFindings.length ? `: ${cleanFindings.map((finding) => finding.ruleId).join(', ')}` : ''}`);
  results.push({ label: 'W7 recall', injected: injectedDeviations.length, missed: missed.map((deviation) => deviation.ruleId), cleanFindings: cleanFindings.length });
  verdict('W7 recall of injected deviations', `${injectedDeviations.length - missed.length} of ${injectedDeviations.length}`, '100%', missed.length === 0);
  verdict('W7 clean log', `${cleanFindings.length} findings`, 'none', cleanFindings.length === 0);
}

// ---------- main ----------

const started = Date.now();
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const header = `journey-audit benchmarks — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.platform()} ${os.arch()}, ${cpu.trim()} (${os.cpus().length} cores), ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB; peak RSS by ${gnuTime ? '/usr/bin/time' : 'process.resourceUsage().maxRSS'}`;
console.log(header);
prepareInputs();
if (selected('W1')) w1();
if (selected('W2')) w2();
if (selected('W3')) w3();
if (selected('W4')) w4();
if (selected('W5')) w5();
if (selected('W5B')) w5b();
if (selected('W6')) await w6();
if (selected('W7')) await w7();

console.log(`\nTargets (${((Date.now() - started) / 1000).toFixed(0)} s in all)`);
for (const { workload, measured, target, result } of verdicts) console.log(`${result.padEnd(8)} ${workload.padEnd(40)} ${measured.padEnd(34)} target ${target}`);
writeFileSync(path.join(work, 'results.json'), `${JSON.stringify({ header, results, verdicts }, null, 2)}\n`);
process.exitCode = verdicts.some((v) => v.result === 'FAIL') ? 1 : 0;
