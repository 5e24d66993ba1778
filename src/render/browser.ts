import { accessSync, constants, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
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

/** The browser build of the Mermaid version that mermaid-cli depends on. */
function mermaidBundlePath(): string {
  const cliEntry = createRequire(import.meta.url).resolve('@mermaid-js/mermaid-cli');
  return createRequire(cliEntry).resolve('mermaid/dist/mermaid.min.js');
}

const pageHtml = '<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0"><div id="container" style="display:inline-block;padding:16px"></div></body></html>';

/** Screenshots are taken at twice the CSS size for sharp text, smaller when the diagram is huge. */
const pngScale = 2;
const maxPngSide = 16_000;

/** What the page script below offers to Node (the page has no types: this module compiles without the DOM library). */
interface PageApi {
  journeyAudit: {
    initialize(config: { theme: DiagramTheme; background: string }): void;
    render(definition: string, id: string): Promise<{ width: number; height: number }>;
    serialize(): string;
  };
}

/** Runs inside the page, after Mermaid's own script. */
const pageScript = `
(() => {
  let background = '#ffffff';
  const container = document.getElementById('container');
  window.journeyAudit = {
    initialize(config) {
      background = config.background;
      document.body.style.background = background;
      window.mermaid.initialize({
        startOnLoad: false,
        securityLevel: 'strict',
        theme: config.theme,
        suppressErrorRendering: true,
        maxTextSize: 5000000,
        maxEdges: 50000,
        flowchart: { htmlLabels: true },
      });
    },
    async render(definition, id) {
      container.replaceChildren();
      // Mermaid leaves a scratch element behind when a diagram fails; drop those from earlier calls.
      for (const element of Array.from(document.body.children)) if (element !== container) element.remove();
      const { svg } = await window.mermaid.render(id, definition);
      container.innerHTML = svg;
      const element = container.querySelector('svg');
      element.style.backgroundColor = background;
      // Draw at the diagram's natural size, not squeezed into the window width.
      const box = element.viewBox.baseVal;
      const width = Math.ceil(box.width);
      const height = Math.ceil(box.height);
      element.style.maxWidth = 'none';
      element.setAttribute('width', String(width));
      element.setAttribute('height', String(height));
      return { width, height };
    },
    serialize() {
      // XMLSerializer writes well-formed XML (<br/>, not <br>) for the HTML inside labels.
      return new XMLSerializer().serializeToString(container.querySelector('svg'));
    },
  };
})();
`;

export interface BrowserSessionOptions {
  executablePath: string;
  theme: DiagramTheme;
}

export class BrowserSession {
  private renderCount = 0;

  private constructor(
    private readonly browser: Browser,
    private readonly page: Page,
    private readonly userDataDir: string,
    private readonly background: string,
  ) {}

  static async open(options: BrowserSessionOptions): Promise<BrowserSession> {
    const { default: puppeteer } = await import('puppeteer');
    const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'journey-audit-chromium-'));
    const removeProfile = () => rmSync(userDataDir, { recursive: true, force: true });
    // The profile folder must go even when the run is interrupted.
    process.once('exit', removeProfile);
    let browser: Browser | undefined;
    try {
      browser = await puppeteer.launch({
        executablePath: options.executablePath,
        headless: true,
        args: launchArguments(userDataDir),
        // Ctrl-C is handled by the process; the browser is closed in close().
        handleSIGINT: false,
      });
      const page = await browser.newPage();
      // No diagram needs the network: every request a page could make is refused.
      await page.setRequestInterception(true);
      page.on('request', (request) => {
        const url = request.url();
        if (url.startsWith('data:') || url === 'about:blank') void request.continue();
        else void request.abort();
      });
      await page.setContent(pageHtml);
      await page.addScriptTag({ path: mermaidBundlePath() });
      const background = options.theme === 'dark' ? '#1e1e1e' : '#ffffff';
      await page.addScriptTag({ content: pageScript });
      await page.evaluate((config) => (globalThis as unknown as PageApi).journeyAudit.initialize(config), { theme: options.theme, background });
      return new BrowserSession(browser, page, userDataDir, background);
    } catch (error) {
      await browser?.close().catch(() => undefined);
      removeProfile();
      throw error;
    }
  }

  /** Renders one Mermaid definition into the requested formats. Throws with Mermaid's message on a bad diagram. */
  async render(definition: string, formats: ReadonlySet<BrowserFormat>): Promise<RenderedDiagram> {
    const id = `journey-diagram-${this.renderCount++}`;
    const size = await this.page.evaluate((definition, id) => (globalThis as unknown as PageApi).journeyAudit.render(definition, id), definition, id);
    const result: RenderedDiagram = {};
    if (formats.has('svg')) {
      result.svg = await this.page.evaluate(() => (globalThis as unknown as PageApi).journeyAudit.serialize());
    }
    // A tab in the background gets no frames, and screenshots and PDFs wait for one.
    if (formats.has('png') || formats.has('pdf')) await this.page.bringToFront();
    if (formats.has('png')) {
      const scale = Math.max(0.25, Math.min(pngScale, maxPngSide / Math.max(size.width + 32, size.height + 32)));
      await this.page.setViewport({ width: Math.min(size.width + 32, 8000), height: Math.min(size.height + 32, 8000), deviceScaleFactor: scale });
      const element = await this.page.$('#container');
      result.png = await element!.screenshot({ type: 'png' });
    }
    if (formats.has('pdf')) {
      result.pdf = await this.page.pdf({
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
    try {
      await this.browser.close();
    } finally {
      rmSync(this.userDataDir, { recursive: true, force: true });
    }
  }
}
