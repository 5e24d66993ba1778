#!/usr/bin/env node
// Times `journey-audit render --format svg` of 20 journeys in one run (one browser, one page, Mermaid
// loaded once) against one `mmdc` process per journey, and prints both and the ratio.
// Usage: npm run build && node bench/render-compare.js [count]
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const count = Number(process.argv[2] ?? 20);
const work = path.join(root, 'bench', '.work', 'render-compare');
const journeysDir = path.join(work, 'journeys');
const mmdDir = path.join(work, 'mmd');
const oursDir = path.join(work, 'ours');
const mmdcDir = path.join(work, 'mmdc');
const bin = path.join(root, 'bin', 'journey-audit.js');
// mermaid-cli is a comparison tool of bench/package.json (`npm ci` in bench/ installs it).
const mmdc = path.join(root, 'bench', 'node_modules', '.bin', 'mmdc');

rmSync(work, { recursive: true, force: true });
for (const folder of [journeysDir, mmdDir, oursDir, mmdcDir]) mkdirSync(folder, { recursive: true });

// Twenty journeys from the rendering fixtures, each with its own id.
const templates = ['card-dispute.journey.yaml', 'all-kinds-by-owner.journey.yaml'].map((name) => readFileSync(path.join(root, 'test', 'fixtures', 'render', name), 'utf8'));
for (let index = 0; index < count; index++) {
  const text = templates[index % templates.length].replace(/^journey: (.*)$/m, (_line, id) => `journey: ${id}-${String(index + 1).padStart(2, '0')}`);
  writeFileSync(path.join(journeysDir, `j${index + 1}.journey.yaml`), text);
}

const browser = process.env.JOURNEY_AUDIT_BROWSER ?? '/usr/bin/chromium';
const launchArgs = ['--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
if (process.getuid?.() === 0) launchArgs.unshift('--no-sandbox');
const puppeteerConfig = path.join(work, 'puppeteer-config.json');
writeFileSync(puppeteerConfig, JSON.stringify({ executablePath: browser, headless: true, args: launchArgs }, null, 2));

// The same Mermaid text for both contenders.
execFileSync(process.execPath, [bin, 'render', journeysDir, '--format', 'mmd', '--out', mmdDir], { stdio: 'pipe' });
const sources = readdirSync(mmdDir).filter((name) => name.endsWith('.mmd')).sort();

function time(label, action) {
  const start = process.hrtime.bigint();
  action();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`${label.padEnd(48)} ${seconds.toFixed(2)} s`);
  return seconds;
}

const ours = time(`journey-audit render --format svg (${count} journeys)`, () => {
  execFileSync(process.execPath, [bin, 'render', journeysDir, '--format', 'svg', '--out', oursDir, '--browser', browser], { stdio: 'pipe' });
});
const separate = time(`mmdc, one process per journey (${sources.length})`, () => {
  for (const source of sources) {
    execFileSync(mmdc, ['-q', '-p', puppeteerConfig, '-i', path.join(mmdDir, source), '-o', path.join(mmdcDir, source.replace(/\.mmd$/, '.svg'))], { stdio: 'pipe' });
  }
});
console.log(`ratio (mmdc / journey-audit render)`.padEnd(48), `${(separate / ours).toFixed(1)}x`);
