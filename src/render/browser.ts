/**
 * One headless Chromium for a whole run, started before the journeys are audited so that it boots in
 * the meantime. Mermaid (the optional `mermaid` dependency) is loaded once into each drawing
 * page; a diagram is then one `mermaid.render()` call in whichever page is free. SVG-only runs draw in
 * several pages at once (separate renderer processes); PNG and PDF use one page.
 *
 * This module is imported only when svg, png or pdf output is asked for. Its parts: finding the browser
 * (find-browser.ts), starting it (launch.ts), the drawing page (drawing-page.ts), the pool of pages
 * that draw (page-pool.ts) and printing HTML to PDF (print-pdf.ts).
 */

export type BrowserFormat = 'svg' | 'png' | 'pdf';

export interface RenderedDiagram {
  svg?: string;
  png?: Uint8Array;
  pdf?: Uint8Array;
}

export { findBrowser } from './find-browser.js';
export { BrowserStart, launchArguments } from './launch.js';
export { BrowserSession, pagesFor } from './page-pool.js';
