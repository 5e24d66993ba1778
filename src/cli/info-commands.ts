import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { categoryTitle, ruleDocumentation } from '../docs/rule-docs.js';
import { ExitCode } from '../exit-codes.js';
import { engineRules } from '../engine/engine-rules.js';
import { findRule, builtinRules } from '../rules/index.js';
import { replayRules } from '../replay/rules/index.js';
import { journeySchema } from '../schema/validate.js';
import { createFileAtomic, createFolder, WriteError } from '../util/atomic-write.js';
import { didYouMean } from '../util/suggest.js';
import { neutraliseControlCharacters, neutralisePage, stringifyJsonSafely } from '../util/text.js';
import type { Rule } from '../rules/define.js';
import { sampleConfig, sampleJourneyWith } from './samples.js';
import { chooseColors } from './colors.js';
import { noColors } from '../formatters/types.js';

const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The built-in rules plus those of the plugins the config names; undefined after printing a config error. */
async function catalog(options: { config?: string }): Promise<readonly Rule[] | undefined> {
  const { loadRunConfig } = await import('./options.js');
  return (await loadRunConfig(options))?.rules;
}

export async function runRules(format: string, options: { config?: string } = {}): Promise<number> {
  const rules = await catalog(options);
  if (!rules) return ExitCode.InputError;
  const rowOf = (rule: { meta: Rule['meta'] }) => ({
    id: rule.meta.id,
    category: rule.meta.category as string,
    severity: rule.meta.defaultSeverity,
    description: rule.meta.description,
  });
  const rows = rules.map(rowOf);
  // The replay rules need an event log: `journey-audit replay` runs them, the audit never does.
  const replayRows = replayRules.map(rowOf);
  if (format === 'json') {
    process.stdout.write(`${stringifyJsonSafely([...rows, ...replayRows], 2)}\n`);
    return ExitCode.Clean;
  }
  const idWidth = Math.max(4, ...rows.map((row) => row.id.length));
  const categoryWidth = Math.max(8, ...rows.map((row) => categoryTitle(row.category).length));
  const lines = [`${'rule'.padEnd(idWidth)}  ${'category'.padEnd(categoryWidth)}  severity  description`];
  for (const row of rows) {
    lines.push(`${row.id.padEnd(idWidth)}  ${categoryTitle(row.category).padEnd(categoryWidth)}  ${row.severity.padEnd(8)}  ${row.description}`);
  }
  lines.push('', `${rows.length} rules. 'journey-audit explain RULE' tells why a rule matters and how to fix what it finds.`);
  const replayIdWidth = Math.max(4, ...replayRows.map((row) => row.id.length));
  lines.push('', `Replay rules: 'journey-audit replay JOURNEY --log FILE' runs them against an event log (set them in the map file or with --rule).`, '');
  for (const row of replayRows) lines.push(`${row.id.padEnd(replayIdWidth)}  ${row.severity.padEnd(8)}  ${row.description}`);
  // Plugin rules bring their own text: nothing in it may drive the terminal.
  process.stdout.write(`${neutralisePage(lines.join('\n'))}\n`);
  return ExitCode.Clean;
}

export async function runExplain(ruleId: string, options: { config?: string } = {}): Promise<number> {
  const rules = await catalog(options);
  if (!rules) return ExitCode.InputError;
  const rule = findRule(rules, ruleId) ?? (replayRules.find((candidate) => candidate.meta.id === ruleId) as Rule | undefined);
  const engineRule = engineRules.find((entry) => entry.id === ruleId);
  if (!rule && engineRule) {
    // The engine's own checks (parse, schema, unused disable comments) cannot be configured; they are explained all the same.
    process.stdout.write(`# ${engineRule.id}\n\n**${engineRule.category === 'input' ? 'Input' : 'Suppression'}** · always **${engineRule.defaultSeverity}**\n\n${engineRule.description}\n\n## Why it matters\n\n${engineRule.rationale}\n\n## How to fix it\n\n${engineRule.fix}\n`);
    return ExitCode.Clean;
  }
  if (!rule) {
    const message = `unknown rule '${ruleId}'${didYouMean(ruleId, [...rules, ...replayRules].map((candidate) => candidate.meta.id))}; 'journey-audit rules' lists them all`;
    process.stderr.write(`journey-audit: ${neutraliseControlCharacters(message)}\n`);
    return ExitCode.InputError;
  }
  let page: string;
  try {
    // The generated page carries the examples taken from the rule's fixtures; a plugin rule has none.
    if (!builtinRules.includes(rule) && !(replayRules as readonly unknown[]).includes(rule)) throw new Error('no generated page');
    page = readFileSync(path.join(packageRoot, 'docs', 'rules', `${rule.meta.id}.md`), 'utf8');
  } catch {
    page = ruleDocumentation(rule, {});
  }
  const safe = neutralisePage(page);
  // On a terminal the page is rendered (headings, bold, code); piped or without colour it stays Markdown.
  const shown = chooseColors(true, process.stdout, false) === noColors ? safe : await renderMarkdownForTerminal(safe, process.stdout.columns);
  process.stdout.write(shown.endsWith('\n') ? shown : `${shown}\n`);
  return ExitCode.Clean;
}

/** Markdown as styled terminal text, through marked and marked-terminal (loaded only here). */
async function renderMarkdownForTerminal(markdown: string, columns: number | undefined): Promise<string> {
  const [{ Marked }, { markedTerminal }, { Chalk }] = await Promise.all([import('marked'), import('marked-terminal'), import('chalk')]);
  const chalk = new Chalk({ level: 1 });
  const marked = new Marked(
    markedTerminal({
      width: Math.max(40, Math.min(columns ?? 80, 100)),
      reflowText: true,
      showSectionPrefix: false,
      firstHeading: chalk.bold.underline,
      heading: chalk.bold,
      strong: chalk.bold,
      em: chalk.italic,
      code: chalk.yellow,
      codespan: chalk.yellow,
      blockquote: chalk.dim.italic,
      link: chalk.blue,
      href: chalk.blue.underline,
    }),
  );
  return await marked.parse(markdown);
}

export function runSchema(): number {
  process.stdout.write(`${JSON.stringify(journeySchema, null, 2)}\n`);
  return ExitCode.Clean;
}

export function runInit(cwd: string): number {
  const journeyFile = path.join(cwd, 'journeys', 'example.journey.yaml');
  // The schema file of the journey-audit that runs this: in a project that installs journey-audit, the copy in its
  // node_modules (so the path works on every clone after `npm install`), and always a file that exists offline.
  const schemaReference = path.relative(path.dirname(journeyFile), path.join(packageRoot, 'src', 'schema', 'journey.schema.json')).split(path.sep).join('/');
  const targets = [
    { file: path.join(cwd, 'journey-audit.config.yaml'), content: sampleConfig },
    { file: journeyFile, content: sampleJourneyWith(schemaReference) },
  ];
  let failed = false;
  for (const target of targets) {
    const shown = path.relative(cwd, target.file);
    try {
      createFolder(path.dirname(target.file), path.dirname(shown));
      createFileAtomic(target.file, target.content, shown);
      process.stdout.write(`created ${shown}\n`);
    } catch (error) {
      if (!(error instanceof WriteError)) throw error;
      failed = true;
      process.stderr.write(error.code === 'EEXIST' ? `journey-audit: ${shown} already exists; not overwritten\n` : `journey-audit: ${neutraliseControlCharacters(error.message)}\n`);
    }
  }
  if (!failed) process.stdout.write("next: run 'npx journey-audit' to audit journeys/\n");
  return failed ? ExitCode.InputError : ExitCode.Clean;
}
