import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer';
import type { DiagramTheme } from './mermaid.js';

/**
 * One headless Chromium for a whole render run, one page in it, Mermaid loaded into that page once;
 * each diagram is then a single `mermaid.render()` call. Mermaid and puppeteer are the versions
 * @mermaid-js/mermaid-cli brings; its own renderMermaid() opens a page and loads Mermaid again for
 * every diagram, which costs about three times as much per journey.
 *
 * This module is imported only when svg, png or pdf output is asked for.
 */

export type BrowserFormat = 'svg' | 'png' | 'pdf';

export interface RenderedDiagram {
  svg?: string;
  png?: Uint8Array;
  pdf?: Uint8Array;
}

/** Where the browser was found, or why none was. */
export type BrowserLocation = { ok: true; executablePath: string; source: string } | { ok: false; message: string };

const wellKnownNames = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** /usr/bin first, then the folders on PATH. */
function defaultFolders(env: NodeJS.ProcessEnv): string[] {
  return ['/usr/bin', ...(env.PATH ?? '').split(path.delimiter).filter((folder) => folder !== '' && folder !== '/usr/bin')];
}

export const installHint =
  "install Chromium (Debian/Ubuntu: 'apt-get install chromium'), or point JOURNEY_AUDIT_BROWSER (or --browser) at a Chrome or Chromium executable";

/**
 * Finds a Chromium-family browser: --browser, JOURNEY_AUDIT_BROWSER, PUPPETEER_EXECUTABLE_PATH, then
 * the well-known names in /usr/bin and on PATH. A path given explicitly that does not work is an
 * error of its own: falling back silently would hide the mistake.
 */
export function findBrowser(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env, folders = defaultFolders(env)): BrowserLocation {
  const given: Array<[string, string | undefined]> = [
    ['--browser', explicit],
    ['JOURNEY_AUDIT_BROWSER', env.JOURNEY_AUDIT_BROWSER],
    ['PUPPETEER_EXECUTABLE_PATH', env.PUPPETEER_EXECUTABLE_PATH],
  ];
  for (const [source, value] of given) {
    if (value === undefined || value === '') continue;
    if (isExecutableFile(value)) return { ok: true, executablePath: value, source };
    return { ok: false, message: `the browser named by ${source} (${value}) is not an executable file; ${installHint}` };
  }
  for (const name of wellKnownNames) {
    for (const folder of folders) {
      const candidate = path.join(folder, name);
      if (isExecutableFile(candidate)) return { ok: true, executablePath: candidate, source: 'well-known path' };
    }
  }
  return { ok: false, message: `no Chrome or Chromium browser found for svg, png and pdf output; ${installHint}` };
}

/** Launch flags that work in containers and CI, where Chromium often runs as root without a GPU. */
export function launchArguments(userDataDir: string, isRoot = process.getuid?.() === 0): string[] {
  return [
    ...(isRoot ? ['--no-sandbox'] : []),
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    `--user-data-dir=${userDataDir}`,
  ];
}

/**
 * What a headless browser that only draws needs on top of launchArguments(): the switches puppeteer's
 * launcher adds (no throttling of pages in the background, no extensions, no sync, ...), DevTools over
 * the process's own pipes instead of a local port, and separate processes for same-site pages, so that
 * two pages really draw side by side.
 */
const drawingArguments = [
  '--headless=new',
  '--remote-debugging-pipe',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-renderer-backgrounding',
  '--disable-breakpad',
  '--disable-client-side-phishing-detection',
  '--disable-component-extensions-with-background-pages',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-hang-monitor',
  '--disable-ipc-flooding-protection',
  '--disable-popup-blocking',
  '--disable-prompt-on-repost',
  '--disable-sync',
  '--disable-features=Translate,AcceptCHFrame,MediaRouter,OptimizationHints,ProcessPerSiteUpToMainFrameThreshold,IsolateSandboxedIframes',
  '--enable-features=PdfOopif',
  '--force-color-profile=srgb',
  '--hide-scrollbars',
  '--metrics-recording-only',
  '--mute-audio',
  '--password-store=basic',
  '--use-mock-keychain',
];

/** The browser build of the Mermaid version that mermaid-cli depends on. */
function mermaidBundlePath(): string {
  const cliEntry = createRequire(import.meta.url).resolve('@mermaid-js/mermaid-cli');
  return createRequire(cliEntry).resolve('mermaid/dist/mermaid.min.js');
}

/** Screenshots are taken at twice the CSS size for sharp text, smaller when the diagram is huge. */
const pngScale = 2;
const maxPngSide = 16_000;

/** What the page script below offers to Node (the page has no types: this module compiles without the DOM library). */
interface PageApi {
  journeyAudit: {
    initialize(config: { theme: DiagramTheme; background: string }): void;
    renderSvg(definition: string, id: string): Promise<string>;
    render(definition: string, id: string): Promise<{ width: number; height: number }>;
    serialize(): string;
  };
}

/** Runs inside the page, after Mermaid's own script. */
const pageScript = `
(() => {
  let background = '#ffffff';
  const container = document.getElementById('container');
  async function draw(definition, id) {
    container.replaceChildren();
    // Mermaid leaves a scratch element behind when a diagram fails; drop those from earlier calls.
    for (const element of Array.from(document.body.children)) if (element !== container && element.localName !== 'script') element.remove();
    return (await window.mermaid.render(id, definition)).svg;
  }
  function fit(element) {
    element.style.backgroundColor = background;
    // Draw at the diagram's natural size, not squeezed into the window width.
    const box = element.viewBox.baseVal;
    const width = Math.ceil(box.width);
    const height = Math.ceil(box.height);
    element.style.maxWidth = 'none';
    element.setAttribute('width', String(width));
    element.setAttribute('height', String(height));
    return { width, height };
  }
  window.journeyAudit = {
    initialize(config) {
      background = config.background;
      document.body.style.background = background;
      window.mermaid.initialize({
        startOnLoad: false,
        securityLevel: 'strict',
        theme: config.theme,
        suppressErrorRendering: true,
        // Mermaid draws some outlines with a random wobble; a fixed seed makes every run's SVG the same.
        handDrawnSeed: 1,
        maxTextSize: 5000000,
        maxEdges: 50000,
        flowchart: { htmlLabels: true },
      });
    },
    // SVG only: the drawing is parsed into an inert template, never laid out a second time in the page.
    async renderSvg(definition, id) {
      const template = document.createElement('template');
      template.innerHTML = await draw(definition, id);
      const element = template.content.querySelector('svg');
      fit(element);
      // XMLSerializer writes well-formed XML (<br/>, not <br>) for the HTML inside labels.
      return new XMLSerializer().serializeToString(element);
    },
    // PNG and PDF: the drawing goes into the page, to be photographed or printed.
    async render(definition, id) {
      container.innerHTML = await draw(definition, id);
      return fit(container.querySelector('svg'));
    },
    serialize() {
      return new XMLSerializer().serializeToString(container.querySelector('svg'));
    },
  };
})();
`;

const escapeAttribute = (text: string) => text.replaceAll('&', '&amp;').replaceAll('"', '&quot;');

/** The page every diagram is drawn in: Mermaid's browser build, the container, the script above. */
function pageDocument(mermaidUrl: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><script src="${escapeAttribute(mermaidUrl)}"></script></head><body style="margin:0"><div id="container" style="display:inline-block;padding:16px"></div><script>${pageScript}</script></body></html>`;
}

/**
 * How many pages draw SVG diagrams side by side: one per core, at most four, and one more page only
 * for every six diagrams (loading Mermaid into a page costs about as much as drawing five).
 */
export function pagesFor(diagrams: number, cores = os.availableParallelism()): number {
  return Math.max(1, Math.min(cores, 4, Math.ceil(diagrams / 6)));
}

/** CDP messages over the pipes Chromium opens with --remote-debugging-pipe: JSON, each ended by a NUL byte. */
class PipeTransport {
  onmessage?: (message: string) => void;
  onclose?: () => void;
  private pending = '';

  constructor(
    private readonly output: Writable,
    input: Readable,
  ) {
    input.setEncoding('utf8');
    input.on('data', (chunk: string) => {
      let text = this.pending + chunk;
      for (let end = text.indexOf('\0'); end >= 0; end = text.indexOf('\0')) {
        const message = text.slice(0, end);
        text = text.slice(end + 1);
        // Delivered one by one outside this event, as puppeteer's own transports do.
        setImmediate(() => this.onmessage?.(message));
      }
      this.pending = text;
    });
    input.on('close', () => this.onclose?.());
    input.on('error', () => undefined);
    output.on('error', () => undefined);
  }

  send(message: string): void {
    this.output.write(`${message}\0`);
  }

  close(): void {
    this.output.end();
  }
}

/** The last lines Chromium wrote to stderr, to explain a failed start. */
function tailOf(stream: Readable | null, lines = 6): () => string {
  let text = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    text = (text + chunk).slice(-4000);
  });
  return () => text.trim().split('\n').slice(-lines).join(' | ');
}

const startTimeoutMs = 60_000;

/**
 * A Chromium process started before puppeteer is even loaded: it boots and loads Mermaid into its
 * first page while the journeys are audited; session() then connects to it. Chromium quits by itself
 * when the pipes close, so even a killed run leaves no browser behind.
 */
export class BrowserStart {
  private readonly exited: Promise<string>;
  private readonly stderrTail: () => string;
  private finished = false;

  private constructor(
    private readonly child: ChildProcess,
    private readonly userDataDir: string,
    private readonly pageUrl: string,
    private readonly mermaidUrl: string,
    private readonly options: BrowserSessionOptions,
  ) {
    this.stderrTail = tailOf(child.stderr);
    this.exited = new Promise((resolve) => {
      child.once('error', (error) => resolve(error.message));
      child.once('exit', (code, signal) => resolve(signal ? `the browser was stopped by ${signal}` : `the browser exited with code ${code}`));
    });
  }

  static launch(options: BrowserSessionOptions): BrowserStart {
    const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'journey-audit-chromium-'));
    // The profile folder must go even when the run is interrupted.
    process.once('exit', () => rmSync(userDataDir, { recursive: true, force: true }));
    const mermaidUrl = pathToFileURL(mermaidBundlePath()).href;
    const pagePath = path.join(userDataDir, 'journey-audit-page.html');
    writeFileSync(pagePath, pageDocument(mermaidUrl));
    const pageUrl = pathToFileURL(pagePath).href;
    const child = spawn(options.executablePath, [...launchArguments(userDataDir), ...drawingArguments, pageUrl], {
      // stdin, stdout, stderr, then the two DevTools pipes (Chromium reads fd 3, writes fd 4).
      stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
    });
    return new BrowserStart(child, userDataDir, pageUrl, mermaidUrl, options);
  }

  /** Connects, guards the pages, waits until Mermaid is ready in the first one; more pages join as they load. */
  async session(): Promise<BrowserSession> {
    const failed = this.exited.then((reason) => Promise.reject(new Error(`${reason}${this.stderrTail() ? `: ${this.stderrTail()}` : ''}`)));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`the browser did not start within ${startTimeoutMs / 1000} s`)), startTimeoutMs);
    });
    failed.catch(() => undefined);
    timedOut.catch(() => undefined);
    let browser: Browser | undefined;
    try {
      const connecting = (async () => {
        const { default: puppeteer } = await import('puppeteer');
        const [, , , toBrowser, fromBrowser] = this.child.stdio;
        browser = await puppeteer.connect({ transport: new PipeTransport(toBrowser as Writable, fromBrowser as Readable) });
        return browser;
      })();
      const connected = await Promise.race([connecting, failed, timedOut]);
      const session = new BrowserSession(connected, this, this.options);
      const first = await Promise.race([this.firstPage(connected), failed, timedOut]);
      await Promise.race([session.adopt(first), failed, timedOut]);
      for (let extra = 1; extra < (this.options.pages ?? 1); extra++) session.addPage(this.extraPage(connected));
      return session;
    } catch (error) {
      await this.stop(browser);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The page Chromium opened at start, guarded, once Mermaid has loaded in it. */
  private async firstPage(browser: Browser): Promise<Page> {
    const target = await browser.waitForTarget((candidate) => candidate.type() === 'page' && candidate.url() === this.pageUrl);
    const page = (await target.page())!;
    await this.guard(page);
    await page.waitForFunction(
      (url) => {
        const page = globalThis as unknown as { location: { href: string }; document: { readyState: string } };
        return page.location.href === url && page.document.readyState === 'complete';
      },
      { polling: 10 },
      this.pageUrl,
    );
    return page;
  }

  /** One more page, in a context of its own (so in a renderer process of its own). */
  private async extraPage(browser: Browser): Promise<Page> {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await this.guard(page);
    await page.goto(this.pageUrl, { waitUntil: 'load' });
    return page;
  }

  /** No diagram needs the network or other files: every request but the page's own two is refused. */
  private async guard(page: Page): Promise<void> {
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      const url = request.url();
      if (url === this.pageUrl || url === this.mermaidUrl || url.startsWith('data:') || url === 'about:blank') void request.continue();
      else void request.abort();
    });
  }

  /** Closes the browser, waits for it to quit (killing it if it hangs), removes the profile. */
  async stop(browser?: Browser): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    try {
      if (this.child.exitCode === null && this.child.signalCode === null) {
        if (browser) await browser.close().catch(() => undefined);
        else (this.child.stdio[3] as Writable | null)?.end();
        let timer: NodeJS.Timeout | undefined;
        const hung = new Promise<'hung'>((resolve) => {
          timer = setTimeout(() => resolve('hung'), 5_000);
        });
        if ((await Promise.race([this.exited, hung])) === 'hung') {
          this.child.kill('SIGKILL');
          await this.exited;
        }
        clearTimeout(timer);
      }
    } finally {
      rmSync(this.userDataDir, { recursive: true, force: true });
    }
  }
}

export interface BrowserSessionOptions {
  executablePath: string;
  theme: DiagramTheme;
  /** Pages that draw side by side (SVG only: PNG and PDF need the one page in front); 1 unless given. */
  pages?: number;
}

/**
 * The diagrams of one run, drawn in one browser: each page has Mermaid loaded once, and a diagram is
 * then one `mermaid.render()` call in whichever page is free.
 */
export class BrowserSession {
  private renderCount = 0;
  private readonly pages: Page[] = [];
  private readonly idle: Page[] = [];
  private readonly waiting: Array<(page: Page) => void> = [];
  private readonly theme: DiagramTheme;
  private readonly background: string;
  /** Pages this session draws with once all have loaded: how many render() calls are worth making at once. */
  readonly plannedPages: number;

  constructor(
    private readonly browser: Browser,
    private readonly start: BrowserStart,
    options: BrowserSessionOptions,
  ) {
    this.plannedPages = options.pages ?? 1;
    this.theme = options.theme;
    this.background = options.theme === 'dark' ? '#1e1e1e' : '#ffffff';
  }

  /** Starts the browser and waits until it can draw. */
  static async open(options: BrowserSessionOptions): Promise<BrowserSession> {
    return BrowserStart.launch(options).session();
  }

  /** The page that draws when only one does (the first one ready). */
  get page(): Page {
    return this.pages[0]!;
  }

  /** Makes a loaded page ready to draw and hands it out. */
  async adopt(page: Page): Promise<void> {
    const config = { theme: this.theme, background: this.background };
    await page.evaluate((config) => (globalThis as unknown as PageApi).journeyAudit.initialize(config), config);
    this.pages.push(page);
    this.release(page);
  }

  /** A page still loading: it joins when ready; if it fails, the others carry on without it. */
  addPage(loading: Promise<Page>): void {
    void loading.then((page) => this.adopt(page)).catch(() => undefined);
  }

  private acquire(): Promise<Page> {
    const page = this.idle.shift();
    return page ? Promise.resolve(page) : new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(page: Page): void {
    const next = this.waiting.shift();
    if (next) next(page);
    else this.idle.push(page);
  }

  /**
   * Renders one Mermaid definition into the requested formats. Throws with Mermaid's message on a bad
   * diagram. Calls may overlap: each waits for a free page, in the order they were made.
   */
  async render(definition: string, formats: ReadonlySet<BrowserFormat>): Promise<RenderedDiagram> {
    const id = `journey-diagram-${this.renderCount++}`;
    const page = await this.acquire();
    try {
      if (!formats.has('png') && !formats.has('pdf')) {
        return { svg: await page.evaluate((definition, id) => (globalThis as unknown as PageApi).journeyAudit.renderSvg(definition, id), definition, id) };
      }
      return await this.renderInPage(page, definition, id, formats);
    } finally {
      this.release(page);
    }
  }

  private async renderInPage(page: Page, definition: string, id: string, formats: ReadonlySet<BrowserFormat>): Promise<RenderedDiagram> {
    const size = await page.evaluate((definition, id) => (globalThis as unknown as PageApi).journeyAudit.render(definition, id), definition, id);
    const result: RenderedDiagram = {};
    if (formats.has('svg')) {
      result.svg = await page.evaluate(() => (globalThis as unknown as PageApi).journeyAudit.serialize());
    }
    // A tab in the background gets no frames, and screenshots and PDFs wait for one.
    await page.bringToFront();
    if (formats.has('png')) {
      const scale = Math.max(0.25, Math.min(pngScale, maxPngSide / Math.max(size.width + 32, size.height + 32)));
      await page.setViewport({ width: Math.min(size.width + 32, 8000), height: Math.min(size.height + 32, 8000), deviceScaleFactor: scale });
      const element = await page.$('#container');
      result.png = await element!.screenshot({ type: 'png' });
    }
    if (formats.has('pdf')) {
      result.pdf = await page.pdf({
        width: `${size.width + 32}px`,
        height: `${size.height + 32}px`,
        printBackground: true,
        pageRanges: '1',
      });
    }
    return result;
  }

  /** Prints a self-contained HTML document to PDF (A4) in a fresh page of the same browser; no request leaves the page. */
  async printHtml(html: string): Promise<Uint8Array> {
    const page = await this.browser.newPage();
    try {
      await page.setRequestInterception(true);
      page.on('request', (request) => {
        const url = request.url();
        if (url.startsWith('data:') || url === 'about:blank') void request.continue();
        else void request.abort();
      });
      await page.setContent(html, { waitUntil: 'load' });
      await page.bringToFront();
      return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '14mm', bottom: '14mm', left: '12mm', right: '12mm' } });
    } finally {
      await page.close();
    }
  }

  async close(): Promise<void> {
    await this.start.stop(this.browser);
  }
}
