// Reads and parses journey files with the parser journey-audit uses, and nothing else: the W1 baseline.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseYaml } from '../dist/parse/yaml-source.js';

function walk(folder, out = []) {
  for (const name of readdirSync(folder).sort()) {
    const file = path.join(folder, name);
    if (statSync(file).isDirectory()) walk(file, out);
    else if (name.endsWith('.journey.yaml')) out.push(file);
  }
  return out;
}

let problems = 0;
const files = walk(process.argv[2]);
for (const file of files) problems += parseYaml(readFileSync(file, 'utf8')).problems.length;
process.stdout.write(`${files.length} files parsed, ${problems} problems\n`);
