import path from 'node:path';
import { ExitCode } from '../exit-codes.js';
import type { Discovery } from '../files/discover.js';
import { auditFiles } from '../engine/audit.js';
import type { BlueprintDrawing } from '../render/blueprint/index.js';
import type { BrowserStart } from '../render/browser.js';
import { renderingPackagesProblem } from '../render/packages.js';
import { WriteError, writeFileAtomicAsync } from '../util/atomic-write.js';
import { neutraliseControlCharacters } from '../util/text.js';
import type { RunConfig } from './options.js';
import { runInputFiles } from './inputs.js';
import { importModelsForRun } from './models.js';
import { makeOutputFolder } from './output-folder.js';
import { outputBaseName, reportSkipped, type RenderCliOptions } from './render-command.js';

/**
 * `render --view blueprint`: service blueprints. SVG is written here in Node (layout by elkjs), PNG by
 * resvg; only PDF needs the browser, which then starts before the journeys are audited.
 */

const blueprintFormats = ['svg', 'png', 'pdf'] as const;

const say = (text: string) => process.stderr.write(`journey-audit: ${neutraliseControlCharacters(text)}\n`);
const firstLine = (error: unknown) => (error instanceof Error ? error.message.split('\n')[0]! : String(error));

export async function runBlueprintRender(discovery: Discovery, formats: readonly string[], { config, rules }: RunConfig, options: RenderCliOptions, failedBefore: boolean): Promise<number> {
  const unsupported = formats.filter((format) => !(blueprintFormats as readonly string[]).includes(format));
  if (unsupported.length > 0) {
    say(`--view blueprint draws ${blueprintFormats.join(', ')}; not ${unsupported.join(', ')}`);
    return ExitCode.InputError;
  }
  const wanted = blueprintFormats.filter((format) => formats.includes(format));
  let failed = failedBefore;

  // The browser is started first when a PDF is wanted: it boots while the journeys are audited and laid out.
  let browser: BrowserStart | undefined;
  if (wanted.includes('pdf')) {
    const missingPackages = renderingPackagesProblem();
    if (missingPackages) {
      say(`cannot render pdf: ${missingPackages}`);
      return ExitCode.InputError;
    }
    const { BrowserStart, findBrowser } = await import('../render/browser.js');
    const location = findBrowser(options.browser);
    if (!location.ok) {
      say(`cannot render pdf: ${location.message}`);
      return ExitCode.InputError;
    }
    try {
      browser = BrowserStart.launch({ executablePath: location.executablePath, theme: options.theme, pages: 1 });
    } catch (error) {
      say(`cannot start the browser ${location.executablePath} (from ${location.source}): ${firstLine(error)}`);
      return ExitCode.InputError;
    }
  }
  try {
    // The CLI starts the layout thread as soon as it has read the view; this covers any other way in.
    const { startElkThread } = await import('../render/blueprint/elk-thread.js');
    startElkThread();
    const { drawBlueprint, svgToPng, blueprintPrintDocument, MissingLayoutLibrary, MissingPngRenderer } = await import('../render/blueprint/index.js');
    const models = await importModelsForRun(discovery.files, options.mapping, config);
    if (!models) return ExitCode.InputError;
    const results = auditFiles(discovery.files, { config, rules, models });
    // Every file the run reads, by device and inode: no picture may replace one.
    const inputs = runInputFiles(config, results.map((result) => result.file));
    if (!makeOutputFolder(options.out, say)) return ExitCode.InputError;
    // Pages are written while the next journey is drawn; their fsyncs then go to the disk together.
    const writing: Array<Promise<boolean>> = [];
    const write = (file: string, name: string, content: string | Uint8Array): Promise<boolean> => {
      const target = path.join(options.out, name);
      if (inputs.includes(target)) {
        say(`${file}: not writing ${target}: it is one of the journey files being rendered`);
        return Promise.resolve(false);
      }
      const written = writeFileAtomicAsync(target, content).then(
        () => true,
        (error: unknown) => {
          say(error instanceof WriteError ? error.message : `cannot write ${target}: ${String(error)}`);
          return false;
        },
      );
      writing.push(written);
      return written;
    };

    const usedNames = new Set<string>();
    let written = 0;
    let pageCount = 0;
    let session: Awaited<ReturnType<BrowserStart['session']>> | undefined;
    // The drawings are started a few journeys ahead, so that the layout thread always has graphs to lay
    // out while this thread draws and writes; each outcome is kept (not thrown) until its turn comes.
    type Outcome = { drawing: BlueprintDrawing } | { error: unknown };
    const outcomes = new Map<number, Promise<Outcome>>();
    const drawAhead = 16;
    let nextToStart = 0;
    const startDrawings = (upTo: number) => {
      for (; nextToStart < Math.min(upTo, results.length); nextToStart++) {
        const journey = results[nextToStart]!.model;
        if (results[nextToStart]!.inputError || !journey) continue;
        const drawing = drawBlueprint(journey, results[nextToStart]!.findings, { annotate: options.annotate, channels: config.settings.channels, backstage: options.backstage ?? 'owner' });
        outcomes.set(nextToStart, drawing.then((drawn) => ({ drawing: drawn }), (error: unknown) => ({ error })));
      }
    };
    try {
      for (const [fileIndex, result] of results.entries()) {
        if (result.inputError || !result.model) {
          reportSkipped(result);
          failed = true;
          continue;
        }
        startDrawings(fileIndex + drawAhead);
        const outcome = await outcomes.get(fileIndex)!;
        outcomes.delete(fileIndex);
        const journey = result.model;
        let baseName = outputBaseName(journey.id);
        for (let suffix = 2; usedNames.has(baseName); suffix++) baseName = `${outputBaseName(journey.id)}-${suffix}`;
        usedNames.add(baseName);
        const writes: Array<Promise<boolean>> = [];
        let ok = true;
        try {
          if ('error' in outcome) throw outcome.error;
          const drawing = outcome.drawing;
          pageCount += drawing.pages.length;
          for (let index = 0; index < drawing.pages.length; index++) {
            const svg = drawing.pages[index]!;
            const name = `${baseName}.blueprint-${index + 1}`;
            if (wanted.includes('svg')) writes.push(write(result.file, `${name}.svg`, svg));
            if (wanted.includes('png')) writes.push(write(result.file, `${name}.png`, await svgToPng(svg)));
          }
          if (browser) {
            session ??= await browser.session();
            const first = drawing.layout.pages[0]!;
            const pdf = await session.printHtml(blueprintPrintDocument(drawing.blueprint.title, drawing.pages, first.width, first.height), 'css');
            writes.push(write(result.file, `${baseName}.blueprint.pdf`, pdf));
          }
        } catch (error) {
          if (error instanceof MissingLayoutLibrary || error instanceof MissingPngRenderer) {
            say(error.message);
            return ExitCode.InputError;
          }
          say(`${result.file}: cannot draw the blueprint of '${journey.id}': ${firstLine(error)}`);
          ok = false;
        }
        const drawn = ok;
        writing.push(
          Promise.all(writes).then((results) => {
            if (drawn && results.every(Boolean)) written++;
            else failed = true;
            return true;
          }),
        );
      }
    } finally {
      if (session) await session.close();
      await Promise.all(writing);
    }
    process.stdout.write(`Rendered ${written} of ${results.length} journey file${results.length === 1 ? '' : 's'} as blueprint ${wanted.join(', ')} (${pageCount} page${pageCount === 1 ? '' : 's'}) into ${options.out}\n`);
    return failed ? ExitCode.InputError : ExitCode.Clean;
  } finally {
    if (browser) await browser.stop();
  }
}
