// Reads and parses journey files with the parser journey-audit uses, and nothing else: the W1 baseline.
// Usage: node bench/parse-only.js <folder> [--yaml]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseYaml, parseYamlFully } from '../dist/parse/yaml-source.js';

function walk(folder, out = []) {
  for (const name of readdirSync(folder).sort()) {
    const file = path.join(folder, name);
    if (statSync(file).isDirectory()) walk(file, out);
    else if (name.endsWith('.journey.yaml')) out.push(file);
  }
  return out;
}

// --yaml: parse with `yaml` alone (the reference parser), for comparison.
const parse = process.argv.includes('--yaml') ? parseYamlFully : parseYaml;
let problems = 0;
const files = walk(process.argv[2]);
for (const file of files) problems += parse(readFileSync(file, 'utf8')).problems.length;
process.stdout.write(`${files.length} files parsed, ${problems} problems\n`);
