import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of Mermaid's browser builds, of the installed `mermaid` package. */
export function mermaidDistFolder(): string {
  return path.dirname(createRequire(import.meta.url).resolve('mermaid/dist/mermaid.esm.min.mjs'));
}

/**
 * Where the page finds Mermaid's ES module build, served by this process through request interception
 * (the `.invalid` top-level domain never resolves). A flowchart needs about 0.9 MB of its chunks,
 * where the single-file build makes each page compile all 3.6 MB (about a second).
 */
export const moduleBase = 'https://journey-audit.invalid/mermaid/';
/** The only files served: the ES module entry and its chunks. */
export const moduleFilePattern = /^(?:mermaid\.esm\.min\.mjs|chunks\/mermaid\.esm\.min\/[\w-]+\.mjs)$/;


/**
 * The drawing page's script, compiled from src/render/page/drawing.ts (typed against the DOM) into
 * dist/render/page/drawing.js. Under the test runner this module runs from src/, where the script exists
 * only as TypeScript; the build's output beside src/ is used then.
 */
function pageScriptFile(): string {
  const beside = fileURLToPath(new URL('./page/drawing.js', import.meta.url));
  return existsSync(beside) ? beside : fileURLToPath(new URL('../../dist/render/page/drawing.js', import.meta.url));
}

let pageScript: string | undefined;
function loadPageScript(): string {
  if (pageScript === undefined) {
    const text = readFileSync(pageScriptFile(), 'utf8').replace(/\n\/\/# sourceMappingURL=.*$/, '');
    // Written inside <script>: a closing tag in it would end the script early.
    if (/<\/script/i.test(text)) throw new Error('the drawing page script contains </script>');
    pageScript = text;
  }
  return pageScript;
}

/**
 * The drawing page, written into a blank page (no navigation, so no second renderer process). Its
 * policy lets scripts come only from Mermaid's modules and the one inline script, so nothing a diagram
 * carries could run even if it got past Mermaid's sanitising; styles, data: images and fonts are what
 * Mermaid's SVG uses.
 */
export function pageDocument(): string {
  const nonce = randomBytes(16).toString('base64');
  const policy = `default-src 'none'; script-src ${moduleBase} 'nonce-${nonce}'; style-src 'unsafe-inline'; img-src data:; font-src data:`;
  const html = `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${policy}"></head><body style="margin:0"><div id="container" style="display:inline-block;padding:16px"></div><script type="module" nonce="${nonce}">${loadPageScript()}</script></body></html>`;
  return html;
}
