import os from 'node:os';
import type { Browser, Page } from 'puppeteer-core';
import type { BrowserFormat, RenderedDiagram } from './browser.js';
import { moduleBase } from './drawing-page.js';
import type { DrawingPageConfig, PageApi } from './page-api.js';
import type { BrowserStart } from './launch.js';
import type { DiagramTheme } from './mermaid.js';
import { printHtmlToPdf, sheetToPng } from './print-pdf.js';

/** Screenshots are taken at twice the CSS size for sharp text, smaller when the diagram is huge. */
const pngScale = 2;
const maxPngSide = 16_000;

/**
 * How many pages draw SVG diagrams side by side: one per core, at most four, and one more page only
 * for every six diagrams.
 */
export function pagesFor(diagrams: number, cores = os.availableParallelism()): number {
  return Math.max(1, Math.min(cores, 4, Math.ceil(diagrams / 6)));
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
    const { BrowserStart } = await import('./launch.js');
    return BrowserStart.launch(options).session();
  }

  /** The page that draws when only one does (the first one ready). */
  get page(): Page {
    return this.pages[0]!;
  }

  /** Makes a loaded page ready to draw and hands it out. */
  async adopt(page: Page): Promise<void> {
    const config: DrawingPageConfig = { mermaidUrl: `${moduleBase}mermaid.esm.min.mjs`, theme: this.theme, background: this.background };
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

  /** Prints a self-contained HTML document to PDF (A4) in a fresh page of the same browser. */
  async printHtml(html: string, pageSize: 'a4' | 'css' = 'a4'): Promise<Uint8Array> {
    return printHtmlToPdf(this.browser, html, pageSize);
  }

  /** A PNG of one SVG sheet sized in points, at 2 pixels a point, in a fresh page of the same browser. */
  async sheetPng(svg: string, width: number, height: number): Promise<Uint8Array> {
    return sheetToPng(this.browser, svg, width, height);
  }

  async close(): Promise<void> {
    await this.start.stop(this.browser);
  }
}
