import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, mkdtempSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { Browser, HTTPRequest, Page } from 'puppeteer-core';
import { onInterrupt } from '../util/interrupt.js';
import type { DiagramTheme } from './mermaid.js';

/**
 * One headless Chromium for a whole run, started before the journeys are audited so that it boots in
 * the meantime. Mermaid (the version @mermaid-js/mermaid-cli brings) is loaded once into each drawing
 * page; a diagram is then one `mermaid.render()` call in whichever page is free. SVG-only runs draw in
 * several pages at once (separate renderer processes); PNG and PDF use one page.
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
 * The switches puppeteer 24's own launcher adds (puppeteer.defaultArgs(), spelled out here because the
 * browser starts before puppeteer is loaded), plus DevTools over the process's own pipes instead of a
 * local port.
 */
const puppeteerArguments = [
  '--allow-pre-commit-input',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-breakpad',
  '--disable-client-side-phishing-detection',
  '--disable-component-extensions-with-background-pages',
  '--disable-crash-reporter',
  '--disable-default-apps',
  '--disable-hang-monitor',
  '--disable-infobars',
  '--disable-ipc-flooding-protection',
  '--disable-popup-blocking',
  '--disable-prompt-on-repost',
  '--disable-renderer-backgrounding',
  '--disable-search-engine-choice-screen',
  '--disable-sync',
  '--enable-automation',
  '--export-tagged-pdf',
  '--force-color-profile=srgb',
  '--generate-pdf-document-outline',
  '--metrics-recording-only',
  '--password-store=basic',
  '--use-mock-keychain',
  '--enable-features=PdfOopif',
  '--headless=new',
  '--hide-scrollbars',
  '--mute-audio',
  '--disable-extensions',
  '--remote-debugging-pipe',
];

/** Not needed to draw: the address bar's popup, which Chromium otherwise loads in a renderer process of its own. */
const drawingArguments = ['--disable-features=Translate,AcceptCHFrame,MediaRouter,OptimizationHints,WebUIReloadButton,ProcessPerSiteUpToMainFrameThreshold,IsolateSandboxedIframes,WebUIOmniboxPopup'];

/** The folder of Mermaid's browser builds, of the version that mermaid-cli depends on. */
function mermaidDistFolder(): string {
  const cliEntry = createRequire(import.meta.url).resolve('@mermaid-js/mermaid-cli');
  return path.dirname(createRequire(cliEntry).resolve('mermaid/dist/mermaid.esm.min.mjs'));
}

/**
 * Where the page finds Mermaid's ES module build, served by this process through request interception
 * (the `.invalid` top-level domain never resolves). A flowchart needs about 0.9 MB of its chunks,
 * where the single-file build makes each page compile all 3.6 MB (about a second).
 */
const moduleBase = 'https://journey-audit.invalid/mermaid/';
/** The only files served: the ES module entry and its chunks. */
const moduleFilePattern = /^(?:mermaid\.esm\.min\.mjs|chunks\/mermaid\.esm\.min\/[\w-]+\.mjs)$/;

/** Screenshots are taken at twice the CSS size for sharp text, smaller when the diagram is huge. */
const pngScale = 2;
const maxPngSide = 16_000;

/** What the page script below offers to Node (the page has no types: this module compiles without the DOM library). */
interface PageApi {
  journeyAudit: {
    start(config: { theme: DiagramTheme; background: string }): Promise<void>;
    renderSvg(definition: string, id: string): Promise<string>;
    render(definition: string, id: string): Promise<{ width: number; height: number }>;
    serialize(): string;
  };
}

/**
 * Runs inside the page. The page is there from the browser's start, before this process can answer
 * requests; start() loads Mermaid once it can.
 */
const pageScript = `
let mermaid;
let background = '#ffffff';
const container = document.getElementById('container');
async function draw(definition, id) {
  container.replaceChildren();
  // Mermaid leaves a scratch element behind when a diagram fails; drop those from earlier calls.
  for (const element of Array.from(document.body.children)) if (element !== container && element.localName !== 'script') element.remove();
  return (await mermaid.render(id, definition)).svg;
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
  async start(config) {
    mermaid = (await import('${moduleBase}mermaid.esm.min.mjs')).default;
    background = config.background;
    document.body.style.background = background;
    mermaid.initialize({
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
`;

/**
 * The drawing page, written into a blank page (no navigation, so no second renderer process). Its
 * policy lets scripts come only from Mermaid's modules and the one inline script, so nothing a diagram
 * carries could run even if it got past Mermaid's sanitising; styles, data: images and fonts are what
 * Mermaid's SVG uses.
 */
function pageDocument(): string {
  const nonce = randomBytes(16).toString('base64');
  const policy = `default-src 'none'; script-src ${moduleBase} 'nonce-${nonce}'; style-src 'unsafe-inline'; img-src data:; font-src data:`;
  const html = `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${policy}"></head><body style="margin:0"><div id="container" style="display:inline-block;padding:16px"></div><script type="module" nonce="${nonce}">${pageScript}</script></body></html>`;
  return html;
}

/**
 * How many pages draw SVG diagrams side by side: one per core, at most four, and one more page only
 * for every six diagrams.
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

/**
 * How long the browser may take to start and load its first drawing page. Chromium is ready in one to
 * three seconds here even on a busy machine; a browser that is not ready after this is hung, and the run
 * says so instead of waiting. JOURNEY_AUDIT_BROWSER_TIMEOUT (seconds) changes it for slow machines.
 */
export function startTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = Number(env.JOURNEY_AUDIT_BROWSER_TIMEOUT);
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 600) * 1000 : 20_000;
}

/**
 * Removes a browser's profile folder, and the folder in the temporary directory that holds its
 * single-instance socket: Chromium removes that one itself when it closes, not when it is killed. The
 * profile's SingletonSocket link points at it.
 */
function removeProfile(userDataDir: string): void {
  try {
    const socketFolder = path.dirname(readlinkSync(path.join(userDataDir, 'SingletonSocket')));
    if (/^org\.chromium\.Chromium\.\w+$/.test(path.basename(socketFolder))) rmSync(socketFolder, { recursive: true, force: true });
  } catch {
    // No socket link: the browser never got that far, or removed it when it closed.
  }
  rmSync(userDataDir, { recursive: true, force: true });
}

/**
 * A Chromium process started before puppeteer is even loaded, so that it boots while the journeys are
 * audited; session() then connects to it. Chromium quits by itself when the pipes close, so even a
 * killed run leaves no browser behind.
 */
export class BrowserStart {
  private readonly exited: Promise<string>;
  private readonly stderrTail: () => string;
  private readonly mermaidFolder = mermaidDistFolder();
  private readonly files = new Map<string, Promise<Buffer>>();
  private finished = false;
  /** A signal that ends the run kills this browser and removes its profile first. */
  private readonly forgetInterrupt: () => void;

  private constructor(
    private readonly child: ChildProcess,
    private readonly userDataDir: string,
    private readonly options: BrowserSessionOptions,
  ) {
    this.stderrTail = tailOf(child.stderr);
    this.forgetInterrupt = onInterrupt(() => this.kill());
    this.exited = new Promise((resolve) => {
      child.once('error', (error) => resolve(error.message));
      child.once('exit', (code, signal) => resolve(signal ? `the browser was stopped by ${signal}` : `the browser exited with code ${code}`));
    });
  }

  static launch(options: BrowserSessionOptions): BrowserStart {
    const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'journey-audit-chromium-'));
    // The profile folder must go even when the run ends without stopping the browser.
    process.once('exit', () => removeProfile(userDataDir));
    const child = spawn(options.executablePath, [...puppeteerArguments, ...drawingArguments, ...launchArguments(userDataDir), 'about:blank'], {
      // stdin, stdout, stderr, then the two DevTools pipes (Chromium reads fd 3, writes fd 4).
      stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
    });
    return new BrowserStart(child, userDataDir, options);
  }

  /** Connects and waits until the first page can draw; more pages join as they load. */
  async session(): Promise<BrowserSession> {
    const failed = this.exited.then((reason) => Promise.reject(new Error(`${reason}${this.stderrTail() ? `: ${this.stderrTail()}` : ''}`)));
    let timer: NodeJS.Timeout | undefined;
    const timeout = startTimeoutMs();
    const timedOut = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`the browser did not start within ${timeout / 1000} s (JOURNEY_AUDIT_BROWSER_TIMEOUT sets the seconds to wait)`)), timeout);
    });
    failed.catch(() => undefined);
    timedOut.catch(() => undefined);
    let browser: Browser | undefined;
    try {
      const connecting = (async () => {
        const { default: puppeteer } = await import('puppeteer-core');
        const [, , , toBrowser, fromBrowser] = this.child.stdio;
        browser = await puppeteer.connect({ transport: new PipeTransport(toBrowser as Writable, fromBrowser as Readable) });
        return browser;
      })();
      const connected = await Promise.race([connecting, failed, timedOut]);
      const session = new BrowserSession(connected, this, this.options);
      // The other pages load at the same time.
      for (let extra = 1; extra < session.plannedPages; extra++) session.addPage(this.extraPage(connected));
      const first = await Promise.race([this.firstPage(connected), failed, timedOut]);
      await Promise.race([session.adopt(first), failed, timedOut]);
      return session;
    } catch (error) {
      // A browser that closed its pipes is usually exiting: its exit status says more than "Target closed".
      const exit = await Promise.race([this.exited, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 500).unref())]);
      // One that never connected is of no use: killed at once rather than asked to close.
      await (browser ? this.stop(browser) : this.kill());
      if (exit !== undefined && !(error instanceof Error && error.message.startsWith(exit))) throw new Error(`${exit}${this.stderrTail() ? `: ${this.stderrTail()}` : ''}`);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The blank page Chromium opened at start. */
  private async firstPage(browser: Browser): Promise<Page> {
    const target = await browser.defaultBrowserContext().waitForTarget((candidate) => candidate.type() === 'page');
    return this.ready(await target.page());
  }

  /**
   * One more page: a blank tab gets a renderer process of its own (puppeteer's switches turn off
   * Chromium's sharing of a process between same-site pages). A tab, not a browser context: every new
   * context opens a window, and every window preloads an omnibox popup in one more renderer process.
   */
  private async extraPage(browser: Browser): Promise<Page> {
    return this.ready(await browser.newPage());
  }

  /** Guards `page` (Mermaid's modules are served, every other request refused) and writes the drawing page into it. */
  private async ready(page: Page | null): Promise<Page> {
    if (!page) throw new Error('the drawing page closed');
    await page.setRequestInterception(true);
    page.on('request', (request) => void this.answer(request).catch(() => undefined));
    await page.setContent(pageDocument());
    return page;
  }

  private async answer(request: HTTPRequest): Promise<void> {
    const url = request.url();
    const relative = url.startsWith(moduleBase) ? url.slice(moduleBase.length) : '';
    if (moduleFilePattern.test(relative)) {
      let body = this.files.get(relative);
      if (!body) this.files.set(relative, (body = readFile(path.join(this.mermaidFolder, relative))));
      // The page's origin is opaque (a blank page's): module scripts need the CORS header.
      return request.respond({ status: 200, contentType: 'text/javascript; charset=utf-8', headers: { 'Access-Control-Allow-Origin': '*' }, body: await body });
    }
    // No diagram needs the network or a file: everything else is refused.
    if (url.startsWith('data:') || url === 'about:blank') return request.continue();
    return request.abort();
  }

  /** Kills the browser at once (a signal ended the run) and removes its profile. */
  async kill(): Promise<void> {
    this.finished = true;
    this.forgetInterrupt();
    try {
      if (this.child.exitCode === null && this.child.signalCode === null) {
        this.child.kill('SIGKILL');
        await this.exited;
      }
    } finally {
      for (const stream of this.child.stdio) stream?.destroy();
      removeProfile(this.userDataDir);
    }
  }

  /** Closes the browser, waits for it to quit (killing it if it hangs), removes the profile. */
  async stop(browser?: Browser): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.forgetInterrupt();
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
      // The DevTools pipes go too: a connection that was still being made must not keep the process alive.
      for (const stream of this.child.stdio) stream?.destroy();
      removeProfile(this.userDataDir);
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
    await page.evaluate((config) => (globalThis as unknown as PageApi).journeyAudit.start(config), config);
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
