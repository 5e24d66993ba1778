import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliRunOptions } from '../support/cli.js';

/** End to end: the built CLI, spawned as a user would run it (`npm test` builds first). */

const root = path.resolve(import.meta.dirname, '..', '..');
const fixtures = path.join('test', 'fixtures', 'render');
const forbidBrowserModules = path.join(root, fixtures, 'forbid-browser-modules.mjs');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'journey-audit-render-cli-'));
let folderCount = 0;

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function freshFolder(): string {
  return path.join(scratch, `out-${folderCount++}`);
}

const run = (args: string[], options: CliRunOptions = {}) => runCli(args, options);

const journeys = ['card-dispute', 'parcel-missing', 'hostile-labels'];
const shortJourney = path.join(fixtures, 'short-callback.journey.yaml');

const tool = (command: string, args: string[]) => spawnSync(command, args, { encoding: 'utf8' });
const hasPoppler = tool('pdfinfo', ['-v']).status === 0;

/** PNG width and height from the IHDR chunk. */
function pngSize(file: string): [number, number] {
  const data = readFileSync(file);
  return [data.readUInt32BE(16), data.readUInt32BE(20)];
}

/** The smallest text in a PDF, in points: a DejaVu Sans word box is 1.164 times the font size high. */
function smallestTextPt(pdf: string): number {
  const boxes = tool('pdftotext', ['-bbox', pdf, '-']).stdout;
  return Math.min(...[...boxes.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">/g)].map((match) => (Number(match[2]) - Number(match[1])) / 1.164));
}

/**
 * The smallest text on a flowchart page, in points, read from its SVG: the sheet's own text has its size in
 * points; Mermaid's drawing is placed at a scale (its width on the sheet over its viewBox width) and its
 * text is 16 px (the browser tests measure that).
 */
function smallestSheetTextPt(svg: string): number {
  const sheetSizes = [...svg.replace(/<svg id="journey-diagram[^]*<\/svg>/, '').matchAll(/font-size="([\d.]+)"/g)].map((match) => Number(match[1]));
  const placed = /<svg id="journey-diagram[^>]*>/.exec(svg)![0];
  const scale = Number(/ width="([\d.]+)"/.exec(placed)![1]) / Number(/viewBox="[-\d.]+ [-\d.]+ ([\d.]+)/.exec(placed)![1]);
  return Math.min(...sheetSizes, 16 * scale);
}
const journeyFiles = ['card-dispute.journey.yaml', 'all-kinds-by-owner.journey.yaml', 'hostile-labels.journey.yaml'].map((name) => path.join(fixtures, name));

describe('journey-audit render', () => {
  it('writes svg, png, pdf, mmd and md for every journey with one browser: one page for a short journey, numbered A4 pages for longer ones', () => {
    const out = freshFolder();
    const result = run(['render', ...journeyFiles, shortJourney, '--format', 'svg,png,pdf,mmd,md', '--out', out]);
    expect(result.stderr).toBe(['Rendering 1/4 parcel-missing…', 'Rendering 2/4 card-dispute…', 'Rendering 3/4 hostile-labels…', 'Rendering 4/4 short-callback…', ''].join('\n'));
    const files = readdirSync(out).sort();
    const pagesOf = (id: string) => files.filter((name) => name.startsWith(`${id}.page-`) && name.endsWith('.svg')).length;
    const pageCount = journeys.reduce((sum, id) => sum + pagesOf(id), 0);
    expect(result.stdout).toBe(`Rendered 4 of 4 journey files as svg, png, pdf, mmd, md into ${out}; 3 too long for one page, split into ${pageCount} A4 pages\n`);
    expect(result.status).toBe(0);
    // A short journey: one picture of each kind, as Mermaid draws it.
    const short = ['md', 'mmd', 'pdf', 'png', 'svg'].map((format) => `short-callback.${format}`);
    // A longer one: numbered pages as SVG and PNG, one PDF of them all; the Markdown and the Mermaid text stay one diagram.
    const paged = journeys.flatMap((id) => [`${id}.md`, `${id}.mmd`, `${id}.pdf`, ...Array.from({ length: pagesOf(id) }, (_unused, index) => [`${id}.page-${index + 1}.png`, `${id}.page-${index + 1}.svg`]).flat()]);
    expect(files).toEqual([...short, ...paged].sort());
    for (const id of journeys) expect(pagesOf(id)).toBeGreaterThan(1);
    const svg = readFileSync(path.join(out, 'short-callback.svg'), 'utf8');
    expect(svg.startsWith('<svg id="journey-diagram-')).toBe(true);
    expect(svg).toContain('Call the customer back');
    expect(readFileSync(path.join(out, 'short-callback.png')).subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(readFileSync(path.join(out, 'short-callback.pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Every step of the long journey is on one of its pages, with arrows to other pages ending at markers.
    const pages = Array.from({ length: pagesOf('card-dispute') }, (_unused, index) => readFileSync(path.join(out, `card-dispute.page-${index + 1}.svg`), 'utf8'));
    expect(pages.join('')).toContain('IVR asks for the reason of the call');
    expect(pages[0]).toContain('continues on page 2');
    expect(pages[1]).toMatch(/from page 1/);
    // Names full of markup stay text on every page: the sheets are well-formed and run nothing.
    for (let page = 1; page <= pagesOf('hostile-labels'); page++) {
      const sheet = readFileSync(path.join(out, `hostile-labels.page-${page}.svg`), 'utf8');
      expect(XMLValidator.validate(sheet)).toBe(true);
      expect(sheet).not.toMatch(/<script|<img/i);
      // No event handler in any tag (text is escaped, so every raw '<' opens a tag).
      expect(sheet).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i);
      expect(sheet).toContain('&lt;script&gt;window.__pwned');
    }
    expect(readFileSync(path.join(out, 'card-dispute.page-1.png')).subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(pngSize(path.join(out, 'card-dispute.page-1.png'))).toEqual([1684, 1190]);
    expect(readFileSync(path.join(out, 'card-dispute.pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    if (hasPoppler) {
      const info = tool('pdfinfo', [path.join(out, 'card-dispute.pdf')]).stdout;
      expect(Number(/^Pages:\s+(\d+)/m.exec(info)![1])).toBe(pagesOf('card-dispute'));
      expect(info).toMatch(/^Page size:\s+841\.9\d* x 594\.9\d* pts \(A4\)/m);
      expect(smallestTextPt(path.join(out, 'card-dispute.pdf'))).toBeGreaterThanOrEqual(7.95);
    }
    const markdown = readFileSync(path.join(out, 'card-dispute.md'), 'utf8');
    expect(markdown).toContain(`\`\`\`mermaid\n${readFileSync(path.join(out, 'card-dispute.mmd'), 'utf8')}\`\`\`\n`);
    expect(readFileSync(path.join(out, 'card-dispute.mmd'), 'utf8')).not.toContain('continues on page');
    // The list numbers follow the whole catalog's findings; this one must be among them, numbered.
    expect(markdown).toMatch(/^\d+\. \*\*error\*\* `unreachable-step` at step branch-visit: step 'branch-visit' cannot be reached from the start step 'call-bank' \(line 79\)$/m);
  }, 240_000);

  it('splits a 150-step journey into legible flowchart pages and blueprint pages: well-formed SVG, A4 landscape, no label under 8 pt', () => {
    const out = freshFolder();
    mkdirSync(out, { recursive: true });
    const generated = path.join(out, 'long-150.journey.yaml');
    const generator = spawnSync(process.execPath, ['--input-type=module', '-e', `import { journeyYaml } from ${JSON.stringify(pathToFileURL(path.join(root, 'bench', 'generate.js')).href)}; process.stdout.write(journeyYaml({ seed: 150, steps: 150, name: 'long-150' }));`], { encoding: 'utf8' });
    writeFileSync(generated, generator.stdout);
    const flow = run(['render', generated, '--format', 'svg', '--out', path.join(out, 'flow')]);
    expect(flow.stderr).toBe('Rendering 1/1 long-150…\n');
    expect(flow.status).toBe(0);
    const blueprint = run(['render', generated, '--view', 'blueprint', '--format', 'svg', '--out', path.join(out, 'blueprint')]);
    expect(blueprint.status).toBe(0);
    const flowPages = readdirSync(path.join(out, 'flow')).filter((name) => name.endsWith('.svg'));
    const blueprintPages = readdirSync(path.join(out, 'blueprint')).filter((name) => name.endsWith('.svg'));
    expect(flow.stdout).toMatch(new RegExp(`; 1 too long for one page, split into ${flowPages.length} A4 pages\\n$`));
    expect(blueprint.stdout).toContain(`(${blueprintPages.length} pages)`);
    // 150 steps in about 140 stages: dozens of pages, each numbered, never one shrunk picture.
    expect(flowPages.length).toBeGreaterThan(20);
    expect(blueprintPages.length).toBeGreaterThan(20);
    expect(flowPages.sort()).toEqual(Array.from({ length: flowPages.length }, (_unused, index) => `long-150.page-${index + 1}.svg`).sort());
    const steps: number[] = [];
    for (const name of flowPages) {
      const svg = readFileSync(path.join(out, 'flow', name), 'utf8');
      expect(XMLValidator.validate(svg)).toBe(true);
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="297mm" height="210mm" viewBox="0 0 842 595"/);
      expect(smallestSheetTextPt(svg)).toBeGreaterThanOrEqual(8);
      for (const match of svg.matchAll(/ id="journey-diagram-\d+-flowchart-n(\d+)-\d+"/g)) steps.push(Number(match[1]));
    }
    // Each of the 150 steps is drawn once, on one page.
    expect(steps.sort((a, b) => a - b)).toEqual(Array.from({ length: 150 }, (_unused, index) => index));
    for (const name of blueprintPages) {
      const svg = readFileSync(path.join(out, 'blueprint', name), 'utf8');
      expect(XMLValidator.validate(svg)).toBe(true);
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="297mm" height="209\.9mm" viewBox="0 0 842 595"/);
      expect(Math.min(...[...svg.matchAll(/font-size="([\d.]+)"/g)].map((match) => Number(match[1])))).toBeGreaterThanOrEqual(8);
    }
  }, 300_000);

  it('with --pages none draws each journey as one picture, however long, as mmdc would', () => {
    const out = freshFolder();
    const result = run(['render', path.join(fixtures, 'card-dispute.journey.yaml'), '--pages', 'none', '--format', 'svg,png', '--out', out]);
    expect(result.stdout).toBe(`Rendered 1 of 1 journey file as svg, png into ${out}\n`);
    expect(result.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['card-dispute.png', 'card-dispute.svg']);
    // Wider than an A4 page holds at 8 pt: the picture the default splits into pages.
    expect(pngSize(path.join(out, 'card-dispute.png'))[0]).toBeGreaterThan(1684);
    expect(XMLValidator.validate(readFileSync(path.join(out, 'card-dispute.svg'), 'utf8'))).toBe(true);
  });

  it('refuses --pages none for blueprints, which are always drawn on A4 pages', () => {
    const out = freshFolder();
    const result = run(['render', path.join(fixtures, 'card-dispute.journey.yaml'), '--view', 'blueprint', '--pages', 'none', '--out', out]);
    expect(result.stderr).toBe('journey-audit: --pages none is for flowcharts: a service blueprint is always drawn on A4 landscape pages\n');
    expect(result.status).toBe(2);
    expect(existsSync(out)).toBe(false);
  });

  it('writes mmd and md without loading any browser code', () => {
    const out = freshFolder();
    const result = run(['render', ...journeyFiles, '--format', 'mmd,md', '--out', out, '--lanes', 'owner'], {
      nodeArgs: ['--import', forbidBrowserModules],
      env: { JOURNEY_AUDIT_BROWSER: '/nonexistent/chromium', PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chromium' },
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(journeys.flatMap((id) => [`${id}.md`, `${id}.mmd`]).sort());
    expect(readFileSync(path.join(out, 'parcel-missing.mmd'), 'utf8')).toContain('subgraph lane1["digital"]');
  });

  it('the module guard works: asking for svg under it fails on the browser import', () => {
    const result = run(['render', journeyFiles[0]!, '--format', 'svg', '--out', freshFolder()], { nodeArgs: ['--import', forbidBrowserModules] });
    expect(result.stderr).toContain('forbidden module loaded: ../render/browser.js');
    expect(result.status).toBe(2);
  });

  it('without a browser: says how to install one, exits 2, and still writes mmd and md', () => {
    const out = freshFolder();
    const result = run(['render', journeyFiles[0]!, '--format', 'svg,mmd,md', '--out', out], { env: { JOURNEY_AUDIT_BROWSER: '/nonexistent/chromium' } });
    expect(result.stderr).toBe(
      [
        "journey-audit: cannot render svg: the browser named by JOURNEY_AUDIT_BROWSER (/nonexistent/chromium) is not an executable file; install Chromium (Debian/Ubuntu: 'apt-get install chromium'), or point JOURNEY_AUDIT_BROWSER (or --browser) at a Chrome or Chromium executable",
        `journey-audit: the mmd and md files were written to ${out}`,
        '',
      ].join('\n'),
    );
    expect(result.status).toBe(2);
    expect(readdirSync(out).sort()).toEqual(['card-dispute.md', 'card-dispute.mmd']);
  });

  it('reports a journey with schema errors and renders the others (exit 2)', () => {
    const out = freshFolder();
    const result = run(['render', path.join(fixtures, 'invalid'), journeyFiles[0]!, '--format', 'mmd', '--out', out]);
    expect(result.stderr).toBe(
      'journey-audit: test/fixtures/render/invalid/not-a-journey.journey.yaml:1:10: not rendered: \'journey\': "Not Kebab Case" must be lowercase kebab-case, like verify-identity\n',
    );
    expect(result.stdout).toBe(`Rendered 1 of 2 journey files as mmd into ${out}\n`);
    expect(result.status).toBe(2);
    expect(readdirSync(out)).toEqual(['card-dispute.mmd']);
  });

  it('never overwrites a journey file it is rendering', () => {
    const folder = freshFolder();
    rmSync(folder, { recursive: true, force: true });
    const source = readFileSync(path.join(root, journeyFiles[0]!), 'utf8');
    const input = path.join(scratch, 'card-dispute.mmd');
    writeFileSync(input, source);
    const result = run(['render', input, '--format', 'mmd', '--out', scratch]);
    expect(result.stderr).toBe(`journey-audit: ${input}: not writing ${input}: it is one of the files this run reads (a journey, config or plugin)\n`);
    expect(result.status).toBe(2);
    expect(readFileSync(input, 'utf8')).toBe(source);
  });

  it('rejects an unknown format with exit 2', () => {
    const result = run(['render', journeyFiles[0]!, '--format', 'svg,gif', '--out', freshFolder()]);
    expect(result.stderr).toBe("journey-audit: unknown format 'gif' for --format; choose from svg, png, pdf, mmd, md\n");
    expect(result.status).toBe(2);
  });

  it('names files after the journey id, never after anything else in the file', () => {
    const out = freshFolder();
    const result = run(['render', journeyFiles[1]!, '--format', 'mmd', '--out', out, '--no-annotate']);
    expect(result.status).toBe(0);
    expect(readdirSync(out)).toEqual(['parcel-missing.mmd']);
    expect(readFileSync(path.join(out, 'parcel-missing.mmd'), 'utf8')).not.toContain('Findings');
  });
});
