#!/usr/bin/env node
// Audits the real-process corpus (test/fixtures/real-processes) and compares the findings with the auditor's markers:
// `# @expect RULE` at the `- id:` line of the step where an auditor would raise the problem. Prints, per rule, the
// findings that match a marker (true), the findings no marker asks for (false), the markers no finding meets (missed),
// precision and recall.
//
//   node scripts/real-processes.mjs [ROOT] [--json]
//
// ROOT is a built checkout of journey-audit (default: this one); give another to measure another version, e.g. a
// temporary worktree of an older commit after `npm run build` there.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const here = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const corpusFolder = path.join(here, 'test', 'fixtures', 'real-processes');

/** The auditor's markers of one file: rule and line. */
export function readMarkers(text) {
  const markers = [];
  text.split(/\r?\n/).forEach((line, index) => {
    for (const match of line.matchAll(/@expect\s+([a-z0-9-]+)/g)) markers.push({ ruleId: match[1], line: index + 1 });
  });
  return markers;
}

/** Line of a step's `id:` (block or flow style), where markers sit. */
function stepLine(text, step) {
  const escaped = step.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`(^|[\\s{,])id:\\s*['"]?${escaped}['"]?\\s*($|[,}#])`);
  const lines = text.split(/\r?\n/);
  const at = lines.findIndex((line) => pattern.test(line));
  return at >= 0 ? at + 1 : undefined;
}

/** Audits every corpus journey with the version built at `root`, recommended preset, and compares with the markers. */
export async function evaluateCorpus(root = here, folder = corpusFolder) {
  const api = await import(pathToFileURL(path.join(root, 'dist', 'index.js')).href);
  const config = api.loadConfig(undefined, api.builtinRules, root);
  const files = readdirSync(folder).filter((name) => name.endsWith('.journey.yaml')).sort();
  const rows = [];
  const inputErrors = [];
  for (const name of files) {
    const file = path.join(folder, name);
    const text = readFileSync(file, 'utf8');
    const result = api.auditText(text, { file: name, config: api.configForFile(config, file), rules: api.builtinRules });
    const findings = [];
    for (const finding of result.findings) {
      if (finding.suppressed) continue;
      if (finding.category === 'input') {
        inputErrors.push(`${name}:${finding.line}:${finding.column} ${finding.ruleId} ${finding.message}`);
        continue;
      }
      const line = (finding.step !== undefined ? stepLine(text, finding.step) : undefined) ?? finding.line;
      findings.push({ ruleId: finding.ruleId, line, message: finding.message });
    }
    const markers = readMarkers(text);
    const key = (entry) => `${entry.ruleId}@${entry.line}`;
    const found = new Set(findings.map(key));
    const marked = new Set(markers.map(key));
    for (const finding of findings) rows.push({ file: name, ...finding, verdict: marked.has(key(finding)) ? 'true' : 'false' });
    for (const marker of markers) if (!found.has(key(marker))) rows.push({ file: name, ...marker, verdict: 'missed' });
  }
  // One finding per rule and line counts once, as a marker does.
  const seen = new Set();
  const unique = rows.filter((row) => {
    const id = `${row.file}|${row.ruleId}|${row.line}|${row.verdict}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  const perRule = new Map();
  for (const row of unique) {
    const counts = perRule.get(row.ruleId) ?? { true: 0, false: 0, missed: 0 };
    counts[row.verdict]++;
    perRule.set(row.ruleId, counts);
  }
  return { rows: unique, perRule, inputErrors, files: files.length };
}

const ratio = (part, whole) => (whole === 0 ? '-' : `${Math.round((100 * part) / whole)}%`);

export function table({ perRule }) {
  const lines = ['| rule | true | false | missed | precision | recall |', '|---|---|---|---|---|---|'];
  const total = { true: 0, false: 0, missed: 0 };
  for (const [ruleId, counts] of [...perRule.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`| \`${ruleId}\` | ${counts.true} | ${counts.false} | ${counts.missed} | ${ratio(counts.true, counts.true + counts.false)} | ${ratio(counts.true, counts.true + counts.missed)} |`);
    for (const verdict of ['true', 'false', 'missed']) total[verdict] += counts[verdict];
  }
  lines.push(`| **all** | ${total.true} | ${total.false} | ${total.missed} | ${ratio(total.true, total.true + total.false)} | ${ratio(total.true, total.true + total.missed)} |`);
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const root = path.resolve(args.find((arg) => !arg.startsWith('--')) ?? here);
  const evaluation = await evaluateCorpus(root);
  if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ ...evaluation, perRule: Object.fromEntries(evaluation.perRule) }, null, 2)}\n`);
  } else {
    process.stdout.write(`${table(evaluation)}\n\n`);
    for (const row of evaluation.rows.filter((entry) => entry.verdict !== 'true')) {
      process.stdout.write(`${row.verdict.padEnd(6)} ${row.file}:${row.line} ${row.ruleId}${row.message ? ` — ${row.message}` : ''}\n`);
    }
    if (evaluation.inputErrors.length > 0) {
      process.stdout.write(`\n${evaluation.inputErrors.length} input errors (the journey cannot be audited as written):\n${evaluation.inputErrors.map((line) => `  ${line}`).join('\n')}\n`);
    }
  }
}
