// The W5 baseline: one mermaid-cli (mmdc) process per diagram, one after another, as a script would do.
// Usage: node bench/mmdc-each.js <mmdc cli.js> <folder of .mmd files> <output folder> <puppeteer config>
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';

const [mmdc, input, output, puppeteerConfig] = process.argv.slice(2);
mkdirSync(output, { recursive: true });
const diagrams = readdirSync(input, { recursive: true }).filter((name) => String(name).endsWith('.mmd'));
for (const name of diagrams) {
  const target = path.join(output, String(name).replace(/\.mmd$/, '.svg'));
  mkdirSync(path.dirname(target), { recursive: true });
  const run = spawnSync(process.execPath, [mmdc, '-i', path.join(input, String(name)), '-o', target, '-p', puppeteerConfig], { stdio: 'ignore' });
  if (run.status !== 0) process.exitCode = 2;
}
if (diagrams.length === 0) process.exitCode = 2;
