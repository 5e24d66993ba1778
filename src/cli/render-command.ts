import path from 'node:path';
import type { AuditedFile } from '../engine/engine.js';
import { ExitCode } from '../exit-codes.js';
import { discoverJourneyFiles } from '../files/discover.js';
import { auditFiles } from '../engine/audit.js';
import { importModelsForRun } from './models.js';
import { journeyMarkdown } from '../render/markdown.js';
import { renderingPackagesProblem } from '../render/packages.js';
import { journeyToMermaid, pageFindings, type DiagramTheme, type LaneMode } from '../render/mermaid.js';
import type { Journey } from '../model/journey.js';
import type { Finding } from '../types.js';
import type { BrowserFormat, BrowserSession, BrowserStart } from '../render/browser.js';
import { WriteError, writeFileAtomic } from '../util/atomic-write.js';
import { neutraliseControlCharacters } from '../util/text.js';
import { loadRunConfig, type RunConfig } from './options.js';
import { runInputFiles } from './inputs.js';
import { makeOutputFolder } from './output-folder.js';

export interface RenderCliOptions {
  /** Import settings for BPMN and Mermaid models among the paths. */
  mapping?: string;
  format: string;
  out: string;
  theme: DiagramTheme;
  lanes: LaneMode;
  annotate: boolean;
  browser?: string;
  config?: string;
  /** `flow` (Mermaid flowchart, default) or `blueprint` (service blueprint). */
  view?: 'flow' | 'blueprint';
  /** Blueprint back stage: one row per owning department, or one row. */
  backstage?: 'owner' | 'single';
  /**
   * Flowcharts: `a4` (default) splits a journey that does not fit one A4 landscape page with every label at 8 pt or
   * more into numbered pages; `none` draws each journey as one picture whatever its size (for a wiki or a screen that
   * zooms). Blueprints are always drawn on A4 pages.
   */
  pages?: 'a4' | 'none';
}

const renderFormats = ['svg', 'png', 'pdf', 'mmd', 'md'] as const;
type RenderFormat = (typeof renderFormats)[number];
const browserFormats: ReadonlySet<string> = new Set<BrowserFormat>(['svg', 'png', 'pdf']);

interface RenderJob {
  file: string;
  journeyId: string;
  /** The journey and its findings, for a journey too long for one page. */
  journey: Journey;
  findings: readonly Finding[];
  /** File name without extension, derived from the journey id. */
  baseName: string;
  mermaid: string;
  markdown: string;
}

const say = (text: string) => process.stderr.write(`journey-audit: ${neutraliseControlCharacters(text)}\n`);

/** A journey id made safe as a file name: lowercase letters, digits, dots, dashes and underscores. */
export function outputBaseName(journeyId: string): string {
  const cleaned = journeyId
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 120)
    .replace(/[.-]+$/, '');
  return cleaned === '' ? 'journey' : cleaned;
}

function parseFormats(text: string): RenderFormat[] | string {
  const requested = text.split(',').map((entry) => entry.trim().toLowerCase()).filter((entry) => entry !== '');
  if (requested.length === 0) return `--format needs at least one of ${renderFormats.join(', ')}`;
  for (const format of requested) {
    if (!(renderFormats as readonly string[]).includes(format)) return `unknown format '${format}' for --format; choose from ${renderFormats.join(', ')}`;
  }
  return renderFormats.filter((format) => requested.includes(format));
}

/** Reports why a file was not drawn: its first few input errors with positions. */
export function reportSkipped(result: AuditedFile): void {
  const errors = result.findings.filter((finding) => finding.category === 'input');
  const first = errors[0];
  const where = first ? `${result.file}:${first.line}:${first.column}` : result.file;
  const extra = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
  say(`${where}: not rendered: ${first?.message ?? 'the file is not a valid journey'}${extra}`);
}

export async function runRender(paths: string[], options: RenderCliOptions): Promise<number> {
  const formats = parseFormats(options.format);
  if (typeof formats === 'string') {
    say(formats);
    return ExitCode.InputError;
  }
  const loaded = await loadRunConfig(options);
  if (!loaded) return ExitCode.InputError;

  let failed = false;
  const discovery = await discoverJourneyFiles(paths);
  for (const missing of discovery.missing) {
    say(`${missing}: no such file, folder or matching journey files`);
    failed = true;
  }
  if (discovery.files.length === 0 && discovery.missing.length === 0) {
    say(`no journey files (*.journey.yaml) found in ${paths.join(', ')}`);
    return ExitCode.InputError;
  }

  if (options.view === 'blueprint' && options.pages === 'none') {
    say('--pages none is for flowcharts: a service blueprint is always drawn on A4 landscape pages');
    return ExitCode.InputError;
  }
  if (options.view === 'blueprint') {
    // Only this view loads the layout code (and elkjs, resvg): the flowchart path stays as it was.
    const { runBlueprintRender } = await import('./render-blueprint.js');
    return runBlueprintRender(discovery, formats, loaded, options, failed);
  }
  const wanted = formats.filter((format): format is BrowserFormat => browserFormats.has(format));
  // The browser starts first: it boots and loads Mermaid while the journeys are audited here.
  const browser = wanted.length > 0 ? await startBrowser(options, wanted, discovery.files.length) : undefined;
  try {
    return await renderJobs(discovery.files, formats, wanted, browser, loaded, options, failed);
  } finally {
    if (browser && 'start' in browser) await browser.start.stop();
  }
}

/** A browser on its way up, or why there is none. */
type StartedBrowser = { start: BrowserStart; executablePath: string; source: string } | { failure: string };

async function startBrowser(options: RenderCliOptions, wanted: readonly BrowserFormat[], files: number): Promise<StartedBrowser> {
  const missingPackages = renderingPackagesProblem();
  if (missingPackages) return { failure: `cannot render ${wanted.join(', ')}: ${missingPackages}` };
  // Only now: the browser modules (puppeteer, Mermaid's bundle) cost time to load and need Chromium.
  const { BrowserStart, findBrowser, pagesFor } = await import('../render/browser.js');
  const location = findBrowser(options.browser);
  if (!location.ok) return { failure: `cannot render ${wanted.join(', ')}: ${location.message}` };
  // PNG and PDF are taken from the page in front, so they are drawn in one page.
  const pages = wanted.includes('png') || wanted.includes('pdf') ? 1 : pagesFor(files);
  try {
    return { start: BrowserStart.launch({ executablePath: location.executablePath, theme: options.theme, pages }), executablePath: location.executablePath, source: location.source };
  } catch (error) {
    return { failure: `cannot start the browser ${location.executablePath} (from ${location.source}): ${firstLine(error)}` };
  }
}

const firstLine = (error: unknown) => (error instanceof Error ? error.message.split('\n')[0] : String(error));

async function renderJobs(
  files: string[],
  formats: RenderFormat[],
  wanted: BrowserFormat[],
  browser: StartedBrowser | undefined,
  { config, rules }: RunConfig,
  options: RenderCliOptions,
  failedBefore: boolean,
): Promise<number> {
  let failed = failedBefore;
  const models = await importModelsForRun(files, options.mapping, config);
  if (!models) return ExitCode.InputError;
  const results = auditFiles(files, { config, rules, models });
  // Every file the run reads (journeys, models, configs, plugins), by device and inode: no picture may replace one.
  const inputs = runInputFiles(config, results.map((result) => result.file));
  const jobs: RenderJob[] = [];
  const usedNames = new Set<string>();
  for (const result of results) {
    if (result.inputError || !result.model) {
      reportSkipped(result);
      failed = true;
      continue;
    }
    const journey = result.model;
    let baseName = outputBaseName(journey.id);
    // Two files with the same journey id (itself a finding) must not overwrite each other's pictures.
    for (let suffix = 2; usedNames.has(baseName); suffix++) baseName = `${outputBaseName(journey.id)}-${suffix}`;
    usedNames.add(baseName);
    const settings = config.settings;
    const mermaid = journeyToMermaid(journey, result.findings, { lanes: options.lanes, annotate: options.annotate, theme: options.theme, channels: settings.channels });
    const markdown = formats.includes('md') ? journeyMarkdown({ journey, findings: result.findings, file: result.file, mermaid, annotate: options.annotate }) : '';
    jobs.push({ file: result.file, journeyId: journey.id, journey, findings: result.findings, baseName, mermaid, markdown });
  }

  if (!makeOutputFolder(options.out, say)) return ExitCode.InputError;

  /** Writes one output file (`<journey>.<format>`, or `<journey>.page-<n>.<format>`); refuses to replace a journey file of this run. */
  const write = (job: RenderJob, format: RenderFormat, content: string | Uint8Array, page?: number): boolean => {
    const target = path.join(options.out, `${job.baseName}${page === undefined ? '' : `.page-${page}`}.${format}`);
    if (inputs.includes(target)) {
      say(`${job.file}: not writing ${target}: it is one of the files this run reads (a journey, config or plugin)`);
      return false;
    }
    try {
      writeFileAtomic(target, content);
      return true;
    } catch (error) {
      if (!(error instanceof WriteError)) throw error;
      say(`${job.file}: ${error.message}`);
      return false;
    }
  };

  // A journey counts as rendered only when every one of its files was written.
  const complete = new Set<RenderJob>();
  for (const job of jobs) {
    let ok = true;
    if (formats.includes('mmd')) ok = write(job, 'mmd', job.mermaid) && ok;
    if (formats.includes('md')) ok = write(job, 'md', job.markdown) && ok;
    if (ok) complete.add(job);
    else failed = true;
  }
  if (!browser || jobs.length === 0) {
    finishLine(complete.size, results.length, formats, options.out);
    return failed ? ExitCode.InputError : ExitCode.Clean;
  }
  if ('failure' in browser) {
    say(browser.failure);
    if (formats.some((format) => !browserFormats.has(format))) say(`the ${formats.filter((format) => !browserFormats.has(format)).join(' and ')} files were written to ${options.out}`);
    return ExitCode.InputError;
  }
  let session: BrowserSession;
  try {
    session = await browser.start.session();
  } catch (error) {
    say(`cannot start the browser ${browser.executablePath} (from ${browser.source}): ${firstLine(error)}`);
    return ExitCode.InputError;
  }

  const progress = await createProgress(jobs.length);
  const wantedSet = new Set(wanted);
  // Only a run that draws pictures loads the page planning (and, for a long journey, the layout library).
  const flow = await import('../render/flow-pages.js');
  let pagedJourneys = 0;
  let pageCount = 0;
  /** A journey too long for one legible page: numbered A4 landscape pages, one PDF of them all. */
  const drawPages = async (job: RenderJob): Promise<boolean> => {
    const columns = await flow.flowColumns(job.journey, job.findings);
    const pageOptions = { lanes: options.lanes, annotate: options.annotate, theme: options.theme, channels: config.settings.channels };
    const plan = await flow.planFlowPages(
      columns,
      (slice) => ({
        definition: journeyToMermaid(job.journey, job.findings, { ...pageOptions, page: slice }),
        findings: options.annotate ? pageFindings(job.journey, job.findings, slice) : [],
      }),
      async (definition) => (await session.render(definition, svgOnly)).svg!,
    );
    const total = plan.pages.length;
    const title = job.journey.title !== undefined ? `${job.journey.title} (${job.journeyId})` : job.journeyId;
    const scale = flow.pagesScale(plan.pages);
    const sheets = plan.pages.map((sheet) => {
      const columnsText = sheet.firstColumn === sheet.lastColumn ? `column ${sheet.firstColumn + 1}` : `columns ${sheet.firstColumn + 1}–${sheet.lastColumn + 1}`;
      const part = sheet.part ? ` · steps, part ${sheet.part.index} of ${sheet.part.count}` : '';
      return flow.flowPageSvg(sheet, { title, subtitle: `Flowchart · page ${sheet.number} of ${total} · ${columnsText} of ${plan.columnCount}${part}`, total }, scale);
    });
    let ok = true;
    for (const [index, sheet] of sheets.entries()) {
      if (wantedSet.has('svg')) ok = write(job, 'svg', sheet.svg, index + 1) && ok;
      if (wantedSet.has('png')) ok = write(job, 'png', await session.sheetPng(sheet.svg, sheet.width, sheet.height), index + 1) && ok;
    }
    if (wantedSet.has('pdf')) {
      const { blueprintPrintDocument } = await import('../render/blueprint/index.js');
      const width = Math.max(...sheets.map((sheet) => sheet.width));
      const height = Math.max(...sheets.map((sheet) => sheet.height));
      ok = write(job, 'pdf', await session.printHtml(blueprintPrintDocument(title, sheets.map((sheet) => sheet.svg), width, height), 'css')) && ok;
    }
    pagedJourneys++;
    pageCount += total;
    return ok;
  };
  let next = 0;
  /** Takes the journeys in order, one at a time. */
  const worker = async () => {
    while (next < jobs.length) {
      const position = next++;
      const job = jobs[position]!;
      progress.update(position + 1, job.journeyId);
      try {
        // The whole journey is drawn first: when it fits an A4 landscape page with no label under 8 pt,
        // it is written as it is; otherwise it is split into pages.
        const whole = await session.render(job.mermaid, options.pages === 'none' ? wantedSet : svgOnly);
        if (options.pages !== 'none' && !flow.fitsSheet(flow.diagramSize(whole.svg!))) {
          if (!(await drawPages(job))) {
            failed = true;
            complete.delete(job);
          }
          continue;
        }
        const rendered = options.pages !== 'none' && (wantedSet.has('png') || wantedSet.has('pdf')) ? await session.render(job.mermaid, wantedSet) : whole;
        let ok = true;
        if (rendered.svg !== undefined) ok = write(job, 'svg', rendered.svg) && ok;
        if (rendered.png !== undefined) ok = write(job, 'png', rendered.png) && ok;
        if (rendered.pdf !== undefined) ok = write(job, 'pdf', rendered.pdf) && ok;
        if (!ok) {
          failed = true;
          complete.delete(job);
        }
      } catch (error) {
        failed = true;
        complete.delete(job);
        const reason = error instanceof Error ? error.message : String(error);
        progress.interrupt(() => say(`${job.file}: cannot render journey '${job.journeyId}': ${reason.split('\n').slice(0, 3).join(' ')}`));
      }
    }
  };
  try {
    // One worker more than pages: a journey is always waiting, so a page that finishes starts the next
    // one at once while its SVG is being written.
    await Promise.all(Array.from({ length: session.plannedPages + 1 }, worker));
  } finally {
    progress.stop();
    await session.close();
  }
  finishLine(complete.size, results.length, formats, options.out, pagedJourneys > 0 ? { journeys: pagedJourneys, pages: pageCount } : undefined);
  return failed ? ExitCode.InputError : ExitCode.Clean;
}

const svgOnly: ReadonlySet<BrowserFormat> = new Set(['svg']);

function finishLine(written: number, total: number, formats: readonly RenderFormat[], out: string, paged?: { journeys: number; pages: number }): void {
  const pages = paged ? `; ${paged.journeys} too long for one page, split into ${paged.pages} A4 pages` : '';
  process.stdout.write(`Rendered ${written} of ${total} journey file${total === 1 ? '' : 's'} as ${formats.join(', ')} into ${out}${pages}\n`);
}

interface Progress {
  update(position: number, journeyId: string): void;
  /** Prints a message without tearing the spinner line. */
  interrupt(print: () => void): void;
  stop(): void;
}

/** A spinner line on a terminal (ora, loaded only then); one plain line per journey otherwise. */
async function createProgress(total: number): Promise<Progress> {
  const text = (position: number, journeyId: string) => `Rendering ${position}/${total} ${neutraliseControlCharacters(journeyId)}…`;
  // A terminal that reports no width (some pseudo-terminals) sends ora into an endless redraw.
  if (!process.stderr.isTTY || !(process.stderr.columns > 0)) {
    return {
      update: (position, journeyId) => process.stderr.write(`${text(position, journeyId)}\n`),
      interrupt: (print) => print(),
      stop: () => undefined,
    };
  }
  const { default: ora } = await import('ora');
  const spinner = ora({ stream: process.stderr, text: `Rendering ${total} journey${total === 1 ? '' : 's'}…` }).start();
  return {
    update: (position, journeyId) => {
      spinner.text = text(position, journeyId);
    },
    interrupt: (print) => {
      spinner.clear();
      print();
      spinner.render();
    },
    stop: () => spinner.stop(),
  };
}
