import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { configForFile } from '../config/load.js';
import { ExitCode, exitCodeFor } from '../exit-codes.js';
import { formatters } from '../formatters/index.js';
import { countFindings } from '../formatters/counts.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { neutraliseControlCharacters } from '../util/text.js';
import { loadRunConfig } from './options.js';
import { chooseColors } from './colors.js';
import { outputPathProblem } from './output-path.js';

const require = createRequire(import.meta.url);
const { version } = require('../../package.json') as { version: string };

export interface ReplayCliOptions {
  log?: string;
  aggregates?: string;
  saveAggregates?: string;
  map?: string;
  case?: string;
  activity?: string;
  timestamp?: string;
  channel?: string;
  resource?: string;
  lifecycle?: string;
  repeatWindow?: string;
  diagram?: string;
  /** `flow` (Mermaid flowchart, default) or `blueprint` (service blueprint) for --diagram. */
  view?: 'flow' | 'blueprint';
  report?: string;
  browser?: string;
  config?: string;
  format: string;
  output?: string;
  failOn: 'error' | 'warning' | 'info';
  quiet?: boolean;
  color: boolean;
  rule: string[];
}

const say = (text: string) => process.stderr.write(`journey-audit: ${neutraliseControlCharacters(text)}\n`);

/** Writes an output atomically, creating its folder first (checked by outputPathProblem before any work). */
function writeOutput(target: string, content: string | Uint8Array): void {
  mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  writeFileAtomic(target, content);
}

/** `journey-audit replay JOURNEY --log FILE`: the journey held against its event log. */
export async function runReplay(journeyFile: string, options: ReplayCliOptions): Promise<number> {
  if ((options.log === undefined) === (options.aggregates === undefined)) {
    say('replay needs exactly one of --log FILE (an event log) and --aggregates DIR (aggregates made elsewhere)');
    return ExitCode.InputError;
  }
  if (options.view === 'blueprint' && options.diagram !== undefined && !/\.(svg|png)$/i.test(options.diagram)) {
    say(`--view blueprint draws .svg or .png; not ${options.diagram}`);
    return ExitCode.InputError;
  }
  const outputs = [options.output, options.diagram, options.report].filter((target): target is string => target !== undefined);
  const inputs = [journeyFile, options.map, options.log].filter((input): input is string => input !== undefined).map((input) => path.resolve(input));
  if (outputs.some((target) => inputs.includes(path.resolve(target)))) {
    say('refusing to write over the journey, the map file or the log');
    return ExitCode.InputError;
  }
  for (const target of outputs) {
    const problem = outputPathProblem(target);
    if (problem) {
      say(`cannot write ${target}: ${problem}`);
      return ExitCode.InputError;
    }
  }
  const loaded = await loadRunConfig(options);
  if (!loaded) return ExitCode.InputError;
  const config = configForFile(loaded.config, journeyFile);
  const { replayJourney } = await import('../replay/run.js');
  const { ReplayInputError } = await import('../replay/duckdb.js');
  let outcome: Awaited<ReturnType<typeof replayJourney>>;
  try {
    const columns = { case: options.case, activity: options.activity, timestamp: options.timestamp, channel: options.channel, resource: options.resource, lifecycle: options.lifecycle };
    outcome = await replayJourney({
      journeyFile,
      config,
      ...(options.log !== undefined ? { log: options.log } : {}),
      ...(options.aggregates !== undefined ? { aggregates: options.aggregates } : {}),
      ...(options.saveAggregates !== undefined ? { saveAggregates: options.saveAggregates } : {}),
      ...(options.map !== undefined ? { map: options.map } : {}),
      ...(options.repeatWindow !== undefined ? { repeatWindow: options.repeatWindow } : {}),
      columns: Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined)),
      ruleFlags: options.rule,
    });
  } catch (error) {
    if (error instanceof ReplayInputError) {
      say(error.message);
      return ExitCode.InputError;
    }
    throw error;
  }
  for (const note of outcome.notes) say(note);
  const { result, lived } = outcome;
  const { livedMetrics } = await import('../replay/lived-metrics.js');
  const { livedOverlay, livedSummary, livedText } = await import('../replay/summary.js');
  const metrics = lived ? livedMetrics(lived, config.settings) : undefined;
  if (lived) result.replay = livedSummary(lived, metrics);

  const shown = options.quiet ? { ...result, findings: result.findings.filter((finding) => finding.severity === 'error') } : result;
  const colors = chooseColors(options.color, process.stdout, Boolean(options.output));
  // The formatters read rule meta only: the replay rules describe themselves to SARIF and the others like built-in ones.
  const { replayRules } = await import('../replay/rules/index.js');
  const rules = [...loaded.rules, ...(replayRules as unknown as typeof loaded.rules)];
  let text = formatters[options.format]!([shown], { cwd: process.cwd(), colors, rules, version });
  if (options.format === 'stylish' && lived && !options.quiet) text += `\n${livedText(lived)}`;
  try {
    if (options.output) writeOutput(options.output, text);
    else process.stdout.write(text);
  } catch (error) {
    say(`cannot write ${options.output}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    return ExitCode.InputError;
  }

  if (lived && result.model && (options.diagram !== undefined || options.report !== undefined)) {
    const findings = result.findings.filter((finding) => !finding.suppressed);
    const overlay = livedOverlay(lived);
    // The report draws the blueprint, as the workshop report does; the flowchart only when it cannot.
    let blueprint: { pages: string[]; height: number } | undefined;
    let blueprintProblem: string | undefined;
    if (options.view === 'blueprint' || options.report !== undefined) {
      const { drawBlueprint, MissingLayoutLibrary } = await import('../render/blueprint/index.js');
      try {
        const drawing = await drawBlueprint(result.model, findings, { annotate: true, channels: config.settings.channels, overlay });
        blueprint = { pages: drawing.pages, height: drawing.layout.pages[0]?.height ?? 595 };
      } catch (error) {
        if (!(error instanceof MissingLayoutLibrary)) throw error;
        blueprintProblem = error.message;
      }
    }
    if (options.view === 'blueprint' && options.diagram !== undefined && blueprint === undefined) {
      say(`cannot draw ${options.diagram}: ${blueprintProblem ?? 'the blueprint could not be drawn'}`);
      return ExitCode.InputError;
    }
    let definition: string | undefined;
    if ((options.diagram !== undefined && options.view !== 'blueprint') || (options.report !== undefined && blueprint === undefined)) {
      const { journeyToMermaid } = await import('../render/mermaid.js');
      definition = journeyToMermaid(result.model, findings, { lanes: 'channel', annotate: true, theme: 'default', channels: config.settings.channels, overlay });
    }
    const written = await writeDiagramAndReport(definition, blueprint, options, { result, lived, metrics: metrics!, rules: loaded, journeyFile });
    if (!written) return ExitCode.InputError;
  }
  const counts = countFindings(result.findings);
  return exitCodeFor({ inputError: result.inputError, ...counts }, { failOn: options.failOn });
}

type ReportParts = {
  result: import('../engine/engine.js').AuditedFile;
  lived: import('../replay/replay.js').LivedJourney;
  metrics: import('../replay/lived-metrics.js').MetricsSideBySide;
  rules: import('./options.js').RunConfig;
  journeyFile: string;
};

/**
 * The blueprint pages as files: one page is the file named, several are numbered beside it
 * (`out.svg` -> `out-1.svg`, `out-2.svg`).
 */
async function writeBlueprintPages(target: string, pages: readonly string[]): Promise<string[]> {
  const { svgToPng } = await import('../render/blueprint/index.js');
  const extension = path.extname(target);
  const names = pages.length === 1 ? [target] : pages.map((_page, index) => `${target.slice(0, -extension.length)}-${index + 1}${extension}`);
  for (const [index, name] of names.entries()) {
    const svg = pages[index]!;
    if (/\.png$/i.test(name)) writeOutput(name, await svgToPng(svg));
    else writeOutput(name, svg);
  }
  return names;
}

/**
 * The overlay diagram (flow: .mmd text, .md with a mermaid block, or .svg through Chromium; blueprint:
 * .svg or .png, no browser) and the HTML report (the blueprint, or the flowchart when it cannot be drawn).
 */
async function writeDiagramAndReport(definition: string | undefined, blueprint: { pages: string[]; height: number } | undefined, options: ReplayCliOptions, parts: ReportParts): Promise<boolean> {
  const flowDiagram = options.diagram !== undefined && options.view !== 'blueprint';
  const needsBrowser = definition !== undefined && ((flowDiagram && /\.svg$/i.test(options.diagram!)) || (options.report !== undefined && blueprint === undefined));
  let svg: string | undefined;
  let browserProblem: string | undefined;
  let session: import('../render/browser.js').BrowserSession | undefined;
  try {
    if (needsBrowser) {
      const { BrowserSession, findBrowser } = await import('../render/browser.js');
      const location = findBrowser(options.browser);
      if (location.ok) {
        session = await BrowserSession.open({ executablePath: location.executablePath, theme: 'default', pages: 1 });
        svg = (await session.render(definition!, new Set(['svg']))).svg;
      } else {
        browserProblem = location.message;
      }
    }
    if (options.diagram !== undefined && !flowDiagram) {
      const names = await writeBlueprintPages(options.diagram, blueprint!.pages);
      say(`wrote ${names.join(', ')}`);
    } else if (options.diagram !== undefined && definition !== undefined) {
      if (/\.svg$/i.test(options.diagram)) {
        if (svg === undefined) {
          say(`cannot draw ${options.diagram}: ${browserProblem ?? 'the diagram could not be drawn'}; .mmd and .md need no browser`);
          return false;
        }
        writeOutput(options.diagram, svg);
      } else if (/\.md$/i.test(options.diagram)) {
        writeOutput(options.diagram, `# ${parts.lived.journey.id} as lived\n\n\`\`\`mermaid\n${definition}\`\`\`\n`);
      } else {
        writeOutput(options.diagram, definition);
      }
      say(`wrote ${options.diagram}`);
    }
    if (options.report !== undefined) {
      const { replayReportHtml } = await import('../replay/report.js');
      const html = await replayReportHtml({ ...parts, svg, ...(blueprint !== undefined ? { blueprint } : {}), browserProblem, version });
      writeOutput(options.report, html);
      say(`wrote ${options.report}`);
    }
    return true;
  } finally {
    await session?.close();
  }
}
