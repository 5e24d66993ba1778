import type { Browser, Page } from 'puppeteer-core';

/** A fresh page of the browser from which no request leaves: only the document itself and data: URLs load. */
async function offlinePage(browser: Browser): Promise<Page> {
  const page = await browser.newPage();
  try {
    await page.setRequestInterception(true);
  } catch (error) {
    await page.close();
    throw error;
  }
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('data:') || url === 'about:blank') void request.continue();
    else void request.abort();
  });
  return page;
}

/**
 * Prints a self-contained HTML document to PDF in a fresh page of the browser; no request leaves the page.
 * A4 portrait with margins, unless the document sets its own page size (`@page { size }`).
 */
export async function printHtmlToPdf(browser: Browser, html: string, pageSize: 'a4' | 'css' = 'a4'): Promise<Uint8Array> {
  const page = await offlinePage(browser);
  try {
    await page.setContent(html, { waitUntil: 'load' });
    await page.bringToFront();
    if (pageSize === 'css') return await page.pdf({ preferCSSPageSize: true, printBackground: true, margin: { top: 0, bottom: 0, left: 0, right: 0 } });
    return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '14mm', bottom: '14mm', left: '12mm', right: '12mm' } });
  } finally {
    await page.close();
  }
}

/**
 * A picture of one SVG sheet sized in points (a flowchart page), at 2 pixels a point: an A4 landscape
 * sheet becomes 1684 × 1190 pixels, like a blueprint page. Drawn in a fresh page; no request leaves it.
 */
export async function sheetToPng(browser: Browser, svg: string, width: number, height: number): Promise<Uint8Array> {
  const page = await offlinePage(browser);
  try {
    // The sheet drawn one CSS pixel a point, photographed at a device scale of 2.
    await page.setViewport({ width: Math.ceil(width), height: Math.ceil(height), deviceScaleFactor: 2 });
    await page.setContent(`<!DOCTYPE html><html><head><meta charset="utf-8"><style>html, body { margin: 0; padding: 0; background: #ffffff } svg { display: block; width: ${width}px; height: ${height}px }</style></head><body>${svg}</body></html>`, { waitUntil: 'load' });
    await page.bringToFront();
    return await page.screenshot({ type: 'png', clip: { x: 0, y: 0, width: Math.ceil(width), height: Math.ceil(height) } });
  } finally {
    await page.close();
  }
}
