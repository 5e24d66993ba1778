import type { Browser } from 'puppeteer-core';

/**
 * Prints a self-contained HTML document to PDF in a fresh page of the browser; no request leaves the page.
 * A4 portrait with margins, unless the document sets its own page size (`@page { size }`).
 */
export async function printHtmlToPdf(browser: Browser, html: string, pageSize: 'a4' | 'css' = 'a4'): Promise<Uint8Array> {
  const page = await browser.newPage();
  try {
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      const url = request.url();
      if (url.startsWith('data:') || url === 'about:blank') void request.continue();
      else void request.abort();
    });
    await page.setContent(html, { waitUntil: 'load' });
    await page.bringToFront();
    if (pageSize === 'css') return await page.pdf({ preferCSSPageSize: true, printBackground: true, margin: { top: 0, bottom: 0, left: 0, right: 0 } });
    return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '14mm', bottom: '14mm', left: '12mm', right: '12mm' } });
  } finally {
    await page.close();
  }
}
