import { setFlagsFromString } from 'node:v8';
import path from 'node:path';
import { ExitCode } from '../exit-codes.js';
import type { Discovery } from '../files/discover.js';
import { auditFiles } from '../index.js';
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

    // elkjs is a large compiled-to-JavaScript program that a run uses for well under a second: V8's
    // optimising compiler spends more on it than it saves (a third of the CPU time of 20 blueprints,
    // measured with --cpu-prof and with node --no-opt). Only this command turns it off, after the audit
    // (which it would slow down) and before elkjs loads.
    setFlagsFromString('--no-opt');
    const usedNames = new Set<string>();
    let written = 0;
    let pageCount = 0;
    let session: Awaited<ReturnType<BrowserStart['session']>> | undefined;
    try {
      for (const result of results) {
        if (result.inputError || !result.model) {
          reportSkipped(result);
          failed = true;
          continue;
        }
        const journey = result.model;
        let baseName = outputBaseName(journey.id);
        for (let suffix = 2; usedNames.has(baseName); suffix++) baseName = `${outputBaseName(journey.id)}-${suffix}`;
        usedNames.add(baseName);
        const writes: Array<Promise<boolean>> = [];
        let ok = true;
        try {
          const drawing = await drawBlueprint(journey, result.findings, { annotate: options.annotate, channels: config.settings.channels, backstage: options.backstage ?? 'owner' });
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
