import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { AuditedFile } from '../engine/engine.js';
import { ExitCode } from '../exit-codes.js';
import { discoverJourneyFiles } from '../files/discover.js';
import { auditFiles } from '../engine/audit.js';
import { importModelsForRun } from './models.js';
import { renderingPackagesProblem } from '../render/packages.js';
import type { ReportComparison } from '../workshop/page.js';
import { buildWorkshopReport, type WorkshopBlueprint } from '../workshop/index.js';
import { createFolder, WriteError, writeFileAtomic } from '../util/atomic-write.js';
import { neutraliseControlCharacters } from '../util/text.js';
import { loadRunConfig, type RunConfig } from './options.js';
import { runInputFiles } from './inputs.js';
import { outputPathProblem } from './output-path.js';
import { CompareError, runBaseline } from '../engine/compare.js';

const require = createRequire(import.meta.url);
const { version } = require('../../package.json') as { version: string };

export interface ReportCliOptions {
  /** Import settings for BPMN and Mermaid models among the paths. */
  mapping?: string;
  config?: string;
  out: string;
  pdf?: string;
  title: string;
  baseline?: string;
  /** A git ref or a baseline file: the report shows what changed since. */
  compare?: string;
  browser?: string;
  diagrams: boolean;
}

const say = (text: string) => process.stderr.write(`journey-audit: ${neutraliseControlCharacters(text)}\n`);

/** `journey-audit report`: audit, then one self-contained HTML file (and optionally a PDF of it). */
export async function runReport(paths: string[], options: ReportCliOptions): Promise<number> {
  // Mistakes in where to write, or in the browser named on the command line, are reported before any work.
  for (const [flag, target] of [['--out', options.out], ['--pdf', options.pdf]] as const) {
    const problem = target === undefined ? undefined : outputPathProblem(target);
    if (problem) {
      say(`cannot write ${flag} ${target}: ${problem}`);
      return ExitCode.InputError;
    }
  }
  if (options.browser !== undefined && options.pdf) {
    const { findBrowser } = await import('../render/browser.js');
    const location = findBrowser(options.browser);
    if (!location.ok) {
      say(location.message);
      return ExitCode.InputError;
    }
  }
  const loaded = await loadRunConfig(options);
  if (!loaded) return ExitCode.InputError;
  const { config, rules } = loaded;
  const discovery = await discoverJourneyFiles(paths);
  for (const missing of discovery.missing) say(`${missing}: no such file, folder or matching journey files`);
  if (discovery.files.length === 0) {
    // Nothing to report on: an empty report would only hide the mistake.
    if (discovery.missing.length === 0) say(`no journey files (*.journey.yaml) found in ${paths.join(', ')}`);
    return ExitCode.InputError;
  }
  // By device and inode, so no path, link or hard link lets the report replace a file this run reads.
  const inputs = runInputFiles(config, discovery.files, options.baseline);
  for (const target of [options.out, options.pdf]) {
    if (target && inputs.includes(path.resolve(target))) {
      say(`refusing to write ${target}: it is one of the files this run reads (a journey, config, plugin or baseline)`);
      return ExitCode.InputError;
    }
  }
  if (options.baseline && options.compare) {
    say('use --baseline or --compare, not both: --compare FILE already compares with a baseline file');
    return ExitCode.InputError;
  }
  const models = await importModelsForRun(discovery.files, options.mapping, config);
  if (!models) return ExitCode.InputError;
  const results = auditFiles(discovery.files, { config, rules, keepSources: true, models });
  let comparison: ReportComparison | undefined;
  if (options.compare) {
    try {
      const { compareForReport } = await import('./report-compare.js');
      comparison = await compareForReport(results, options.compare, config, rules, process.cwd());
    } catch (error) {
      if (error instanceof CompareError) {
        say(error.message);
        return ExitCode.InputError;
      }
      throw error;
    }
  }
  let baselineNote: string | undefined;
  if (options.baseline) {
    try {
      const run = runBaseline(results, options.baseline, 'apply', process.cwd());
      const suppressed = results.reduce((sum, result) => sum + result.findings.filter((finding) => finding.suppressed?.kind === 'external').length, 0);
      baselineNote = `${suppressed} finding${suppressed === 1 ? '' : 's'} accepted in the baseline ${options.baseline} are left out.`;
      for (const note of run.notes) say(note);
    } catch (error) {
      if (error instanceof CompareError) {
        say(error.message);
        return ExitCode.InputError;
      }
      throw error;
    }
  }

  const browser = new LazyBrowser(options.browser);
  try {
    return await writeReport(results, loaded, options, browser, { baselineNote, comparison }, discovery.missing.length > 0);
  } finally {
    await browser.close();
  }
}

/** Blueprints, the HTML and the optional PDF; the browser is opened only for the PDF. */
async function writeReport(
  results: readonly AuditedFile[],
  { config, rules }: RunConfig,
  options: ReportCliOptions,
  browser: LazyBrowser,
  { baselineNote, comparison }: { baselineNote: string | undefined; comparison: ReportComparison | undefined },
  missingInputs: boolean,
): Promise<number> {
  const blueprints = new Map<string, WorkshopBlueprint>();
  let diagramNote: string | undefined = options.diagrams ? undefined : 'Diagrams were left out (--no-diagrams).';
  if (options.diagrams) diagramNote = await drawBlueprints(results, blueprints);

  const configText = config.file ? readFileSync(config.file, 'utf8') : '# no config file: the recommended preset applies\nextends: recommended\n';
  const html = buildWorkshopReport(results, {
    title: options.title,
    generatedAt: new Date().toISOString().slice(0, 10),
    version,
    rules,
    configText,
    blueprints,
    ...(diagramNote !== undefined ? { diagramNote } : {}),
    ...(baselineNote ? { baselineNote } : {}),
    ...(comparison ? { comparison } : {}),
  });
  try {
    // As `render --out` does: a report aimed at a folder that does not exist yet creates it.
    createFolder(path.dirname(path.resolve(options.out)), path.dirname(options.out));
    writeFileAtomic(options.out, html);
  } catch (error) {
    if (!(error instanceof WriteError)) throw error;
    say(error.message);
    return ExitCode.InputError;
  }
  const failed = results.filter((result) => result.inputError).length;
  const journeys = results.filter((result) => result.analysis !== undefined && !result.inputError).length;
  say(`wrote ${options.out} (${journeys} journeys, ${failed} not audited)`);

  if (options.pdf) {
    const written = await printPdf(html, options.pdf, browser);
    if (!written) return ExitCode.InputError;
    say(`wrote ${options.pdf}`);
  }
  return missingInputs || failed > 0 ? ExitCode.InputError : ExitCode.Clean;
}

type Session = import('../render/browser.js').BrowserSession;

/** The browser for the PDF: opened only when a PDF is asked for, closed by the caller. */
class LazyBrowser {
  private session: Session | undefined;
  private failure: string | undefined;
  constructor(private readonly explicitPath: string | undefined) {}

  /** The session, or the reason there is none (no browser found). */
  async get(): Promise<Session | string> {
    if (this.session) return this.session;
    if (this.failure) return this.failure;
    const missingPackages = renderingPackagesProblem();
    if (missingPackages) return (this.failure = missingPackages);
    const { BrowserSession, findBrowser } = await import('../render/browser.js');
    const location = findBrowser(this.explicitPath);
    if (!location.ok) return (this.failure = location.message);
    try {
      this.session = await BrowserSession.open({ executablePath: location.executablePath, theme: 'default', pages: 1 });
    } catch (error) {
      // A browser that cannot start or dies at once is reported like a missing one: the report goes on without it.
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      return (this.failure = `cannot start the browser ${location.executablePath} (from ${location.source}): ${reason}`);
    }
    return this.session;
  }

  async close(): Promise<void> {
    await this.session?.close();
  }
}

/**
 * Draws every audited journey as a service blueprint (SVG in Node, no browser); returns a note for the
 * report when they could not be drawn. The blueprint replaces the flowchart here: its pages print at full
 * size, where a flowchart of a whole journey shrinks to an unreadable strip.
 */
async function drawBlueprints(results: readonly AuditedFile[], blueprints: Map<string, WorkshopBlueprint>): Promise<string | undefined> {
  const { drawBlueprint, MissingLayoutLibrary } = await import('../render/blueprint/index.js');
  for (const result of results) {
    if (!result.model || !result.analysis || result.inputError) continue;
    try {
      const drawing = await drawBlueprint(result.model, result.findings.filter((finding) => !finding.suppressed), { annotate: true, channels: result.analysis.settings.channels });
      blueprints.set(result.file, { pages: drawing.pages, height: drawing.layout.pages[0]?.height ?? 595 });
    } catch (error) {
      if (error instanceof MissingLayoutLibrary) {
        say(`diagrams left out: ${error.message}`);
        return 'Blueprints need the optional package elkjs, which was not installed when this report was made.';
      }
      say(`${result.file}: the blueprint could not be drawn: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return undefined;
}

/** Prints the report through Chromium, each section at its own page size. */
async function printPdf(html: string, target: string, browser: LazyBrowser): Promise<boolean> {
  const session = await browser.get();
  if (typeof session === 'string') {
    say(`cannot write ${target}: ${session}`);
    return false;
  }
  const pdf = await session.printHtml(html, 'css');
  try {
    createFolder(path.dirname(path.resolve(target)), path.dirname(target));
    writeFileAtomic(target, pdf);
  } catch (error) {
    if (!(error instanceof WriteError)) throw error;
    say(error.message);
    return false;
  }
  return true;
}
