import { createRequire } from 'node:module';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ExitCode } from '../exit-codes.js';
import { neutraliseControlCharacters } from '../util/text.js';
import type { AuditCliOptions } from './options.js';
import type { ReportCliOptions } from './report-command.js';
import type { RenderCliOptions } from './render-command.js';
import type { ImportCliOptions } from './import-command.js';
import type { ReplayCliOptions } from './replay-command.js';
import type { MetricsCliOptions } from './metrics-command.js';

const require = createRequire(import.meta.url);
const { version } = require('../../package.json') as { version: string };

const collect = (value: string, previous: string[]) => [...previous, value];
/** A count of 0 or more; commander prints the reason with the option's name and exits 2. */
const parseCount = (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('Expected a whole number, 0 or more.');
  return Number(value);
};

function addAuditOptions(command: Command, formats: readonly string[]): Command {
  return command
    .option('-c, --config <file>', 'use this config file instead of searching for journey-audit.config.yaml')
    .addOption(new Option('-f, --format <name>', 'output format').choices(formats).default('stylish'))
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .addOption(new Option('--fail-on <severity>', 'lowest severity that makes the run fail (exit 1)').choices(['error', 'warning', 'info']).default('error'))
    .option('--max-warnings <n>', 'fail (exit 1) when there are more warnings than this', parseCount)
    .option('-q, --quiet', 'report errors only')
    .option('--no-color', 'never colour the output (also NO_COLOR=1)')
    .option('--rule <id:severity>', 'set a rule severity, e.g. --rule silent-wait:off (repeatable)', collect, [])
    .option('--print-config <file>', 'print the configuration in force for a file and exit')
    .option('--baseline <file>', 'findings recorded in this file are reported as suppressed and do not fail the run')
    .option('--update-baseline', 'record the current findings in the --baseline file (exit 0 unless input errors)')
    .option('--prune-baseline', 'remove findings that no longer occur from the --baseline file')
    .option('--changed-since <ref>', 'audit only journey files changed since this git ref (all of them when the config changed)')
    .option('--diff-findings', 'with --changed-since: report findings as new, fixed or unchanged against the ref; only new ones fail')
    .option('-w, --watch', 're-audit when journey files change; Ctrl-C to stop')
    .option('--mapping <file>', 'for BPMN and Mermaid models: a YAML file naming lanes\' channels, owners and actors, and the customer (see docs/import.md)');
}

/** The option list of the default command's own help, without its --help line. */
function defaultCommandOptions(audit: Command): string {
  const help = audit.helpInformation();
  const options = help.slice(help.indexOf('Options:\n') + 'Options:\n'.length).split('\n');
  const helpLine = options.findIndex((line) => /^\s+-h, --help\b/.test(line));
  // An option's description may wrap onto the next lines; the --help entry is the last one commander lists.
  const kept = helpLine === -1 ? options : options.slice(0, helpLine);
  return `Options of the default command (audit):\n${kept.join('\n').trimEnd()}\n`;
}

export function buildProgram(): Command {
  const program = new Command('journey-audit')
    .description('Audit customer journeys like code: find broken, redundant and channel-inconsistent steps.')
    .version(version, '-v, --version', 'print the version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });

  const formats = ['stylish', 'json', 'sarif', 'junit', 'github', 'gitlab', 'markdown'];
  const audit = addAuditOptions(
    program
      .command('audit', { isDefault: true })
      .description('validate journeys and run the rules (default command)')
      .argument('[paths...]', 'journey files, folders or globs', ['journeys/']),
    formats,
  ).action(async (paths: string[], options: AuditCliOptions) => {
    const { runAudit } = await import('./audit-command.js');
    process.exitCode = await runAudit(paths, options, { validateOnly: false });
  });
  // `journey-audit [options] [paths...]` runs audit, so the top-level help shows its options too, as ESLint's does.
  program.usage('[options] [paths...]  (audit, the default command)\n       journey-audit <command> [options]');
  program.addHelpText('after', () => `\n${defaultCommandOptions(audit)}`);

  addAuditOptions(
    program
      .command('validate')
      .description('check journeys against the schema and references only (no rules)')
      .argument('[paths...]', 'journey files, folders or globs', ['journeys/']),
    formats,
  ).action(async (paths: string[], options: AuditCliOptions) => {
    const { runAudit } = await import('./audit-command.js');
    process.exitCode = await runAudit(paths, options, { validateOnly: true });
  });

  program
    .command('import')
    .description('turn BPMN 2.0 models (.bpmn) and Mermaid flowcharts (.mmd) into journey YAML files')
    .argument('<files...>', 'model files: .bpmn, .bpmn2, .mmd, .mermaid')
    .requiredOption('-o, --out <dir>', 'folder for the journey files (created if missing); files are named <journey-id>.journey.yaml')
    .option('--mapping <file>', "YAML file: lanes' channels, owners and actors, the customer's pool or lane, defaults (see docs/import.md)")
    .addOption(new Option('--channel-from <source>', "where a step's channel comes from").choices(['lane', 'documentation']))
    .option('--default-channel <channel>', 'channel of customer and front-line steps that get none otherwise')
    .option('--customer <name>', 'a pool, lane or subgraph that is the customer (repeatable; default: names with customer, client, ...)', collect, [])
    .addOption(new Option('--lanes <by>', 'Mermaid subgraphs are channels or owning departments').choices(['channel', 'owner']))
    .option('--force', 'replace journey files that already exist in the folder')
    .option('-c, --config <file>', 'use this config file (its channels) instead of searching for journey-audit.config.yaml')
    .action(async (files: string[], options: ImportCliOptions) => {
      const { runImport } = await import('./import-command.js');
      process.exitCode = await runImport(files, options);
    });

  program
    .command('metrics')
    .description('journey figures: steps, paths, expected time, handoffs, repeated data, customer effort index')
    .argument('[paths...]', 'journey files, folders or globs', ['journeys/'])
    .option('-c, --config <file>', 'use this config file instead of searching for journey-audit.config.yaml')
    .addOption(new Option('-f, --format <name>', 'output format').choices(['table', 'json']).default('table'))
    .option('--log <file>', 'also the figures as lived in this event log (one journey; CSV, Parquet, JSON lines or XES, gzip too)')
    .option('--aggregates <dir>', 'as --log, from aggregates made elsewhere (docs/replay-at-scale.md)')
    .option('--map <file>', 'with --log: map file (columns, activities of steps, ignored activities)')
    .option('--mapping <file>', 'for BPMN and Mermaid models: lanes\' channels, owners and actors, the customer (see docs/import.md)')
    .action(async (paths: string[], options: MetricsCliOptions) => {
      const { runMetrics } = await import('./metrics-command.js');
      process.exitCode = await runMetrics(paths, options);
    });

  program
    .command('replay')
    .description('hold a journey against its event log: fitness, variants, undeclared ways, skipped steps, SLA breaches, repeat contacts, stuck cases')
    .argument('<journey>', 'the journey file')
    .option('--log <file>', 'the event log: .csv, .parquet, .jsonl or .xes (gzip: .gz)')
    .option('--aggregates <dir>', 'aggregates made elsewhere (Spark, Trino, --save-aggregates) instead of a log')
    .option('--map <file>', 'map file: columns, activities of steps, ignored activities, repeat window, replay rule settings')
    .option('--case <column>', "case id column (default 'case:concept:name')")
    .option('--activity <column>', "activity column (default 'concept:name')")
    .option('--timestamp <column>', "time column (default 'time:timestamp')")
    .option('--channel <column>', "channel column (default: 'case:channel' or 'channel' when the log has one)")
    .option('--resource <column>', "resource column (default: 'org:resource' or 'resource' when the log has one)")
    .option('--lifecycle <column>', "lifecycle column; only 'complete' events are replayed (default: 'lifecycle:transition' when present)")
    .option('--repeat-window <duration>', 'a contact again within this time is a repeat contact (default 7d)')
    .option('--save-aggregates <dir>', 'also write the aggregates as Parquet files to this folder')
    .option('--diagram <file>', 'the "as lived" diagram: .mmd, .md, or .svg (needs Chromium); with --view blueprint .svg or .png (no browser)')
    .addOption(new Option('--view <view>', '--diagram as flow: Mermaid flowchart; blueprint: service blueprint').choices(['flow', 'blueprint']).default('flow'))
    .option('--report <file>', 'a workshop report (HTML) of the journey, planned and as lived')
    .option('--browser <path>', 'Chrome or Chromium executable (also JOURNEY_AUDIT_BROWSER)')
    .option('-c, --config <file>', 'use this config file instead of searching for journey-audit.config.yaml')
    .addOption(new Option('-f, --format <name>', 'output format').choices(formats).default('stylish'))
    .option('-o, --output <file>', 'write the findings to a file instead of standard output')
    .addOption(new Option('--fail-on <severity>', 'lowest severity that makes the run fail (exit 1)').choices(['error', 'warning', 'info']).default('error'))
    .option('-q, --quiet', 'report errors only')
    .option('--no-color', 'never colour the output (also NO_COLOR=1)')
    .option('--rule <id:severity>', 'set a replay rule severity, e.g. --rule duration-drift:off (repeatable)', collect, [])
    .action(async (journey: string, options: ReplayCliOptions) => {
      const { runReplay } = await import('./replay-command.js');
      process.exitCode = await runReplay(journey, options);
    });

  program
    .command('render')
    .description('draw each journey with its findings on it: a Mermaid flowchart (svg, png and pdf through Chromium) or a service blueprint (--view blueprint)')
    .argument('[paths...]', 'journey files, folders or globs', ['journeys/'])
    .requiredOption('-o, --out <dir>', 'folder for the diagrams (created if missing); files are named <journey-id>.<format>, or <journey-id>.page-<n>.<format> for a journey split into A4 pages')
    .option('-f, --format <list>', 'comma-separated: svg, png, pdf (need a browser), mmd, md', 'svg')
    .addOption(new Option('--theme <name>', 'Mermaid theme').choices(['default', 'neutral', 'dark']).default('default'))
    .addOption(new Option('--lanes <by>', 'one swimlane per channel or per owning department').choices(['channel', 'owner']).default('channel'))
    .addOption(new Option('--view <view>', 'flow: Mermaid flowchart; blueprint: service blueprint (svg and png without a browser, pdf through Chromium)').choices(['flow', 'blueprint']).default('flow'))
    .addOption(new Option('--backstage <rows>', 'blueprint back stage: one row per owning department, or a single row').choices(['owner', 'single']).default('owner'))
    .addOption(new Option('--pages <size>', 'flowcharts: a4 splits a journey too long for one legible A4 landscape page into numbered pages; none draws one picture per journey').choices(['a4', 'none']).default('a4'))
    .option('--no-annotate', 'draw the plain journey, without findings')
    .option('--mapping <file>', 'for BPMN and Mermaid models: lanes\' channels, owners and actors, the customer (see docs/import.md)')
    .option('--browser <path>', 'Chrome or Chromium executable (also JOURNEY_AUDIT_BROWSER)')
    .option('-c, --config <file>', 'use this config file instead of searching for journey-audit.config.yaml')
    .action(async (paths: string[], options: RenderCliOptions) => {
      if (options.view === 'blueprint') {
        // The layout thread loads elkjs while this thread loads the rest of the CLI and audits (W5b).
        const { startElkThread } = await import('../render/blueprint/elk-thread.js');
        startElkThread();
      }
      const { runRender } = await import('./render-command.js');
      const { exitWhenWritten } = await import('./finish.js');
      await exitWhenWritten(await runRender(paths, options));
    });

  program
    .command('report')
    .description('workshop report: one self-contained HTML file (and optionally a PDF) with diagrams, metrics, channel matrix and prioritised fixes')
    .argument('[paths...]', 'journey files, folders or globs', ['journeys/'])
    .option('-o, --out <file>', 'the HTML file to write', 'journey-audit-report.html')
    .option('--pdf <file>', 'also print the report to this PDF file (needs Chromium)')
    .option('--title <text>', 'title of the report', 'Customer journey audit')
    .option('--baseline <file>', 'leave out findings accepted in this baseline')
    .option('--compare <ref>', 'show what changed since a git ref or a baseline file: new, fixed and still-open findings per journey, and metric changes')
    .option('--no-diagrams', 'leave out the blueprints')
    .option('--mapping <file>', 'for BPMN and Mermaid models: lanes\' channels, owners and actors, the customer (see docs/import.md)')
    .option('--browser <path>', 'Chrome or Chromium executable (also JOURNEY_AUDIT_BROWSER)')
    .option('-c, --config <file>', 'use this config file instead of searching for journey-audit.config.yaml')
    .action(async (paths: string[], options: ReportCliOptions) => {
      const { runReport } = await import('./report-command.js');
      const { exitWhenWritten } = await import('./finish.js');
      await exitWhenWritten(await runReport(paths, options));
    });

  program
    .command('rules')
    .description('list the rule catalog: id, category, default severity, description')
    .addOption(new Option('-f, --format <name>', 'output format').choices(['table', 'json']).default('table'))
    .option('-c, --config <file>', "include the custom rules of this config file's plugins")
    .action(async (options: { format: string; config?: string }) => {
      const { runRules } = await import('./info-commands.js');
      process.exitCode = await runRules(options.format, options);
    });

  program
    .command('explain')
    .description("explain a rule: why it matters, its options, a bad and a good example")
    .argument('<rule>', 'rule id, e.g. no-human-escape')
    .option('-c, --config <file>', "include the custom rules of this config file's plugins")
    .action(async (ruleId: string, options: { config?: string }) => {
      const { runExplain } = await import('./info-commands.js');
      process.exitCode = await runExplain(ruleId, options);
    });

  program
    .command('schema')
    .description('print the journey JSON Schema (for editors and the YAML language server)')
    .action(async () => {
      const { runSchema } = await import('./info-commands.js');
      process.exitCode = runSchema();
    });

  program
    .command('init')
    .description('write a config and a sample journey in the current folder (never overwrites)')
    .action(async () => {
      const { runInit } = await import('./info-commands.js');
      process.exitCode = runInit(process.cwd());
    });

  return program;
}

export async function main(argv: readonly string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here too, with exit code 0.
      process.exitCode = error.exitCode === 0 ? ExitCode.Clean : ExitCode.InputError;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`journey-audit: internal error: ${neutraliseControlCharacters(message)}\nPlease report this with the file that caused it.\n`);
    process.exitCode = ExitCode.InputError;
  }
}
