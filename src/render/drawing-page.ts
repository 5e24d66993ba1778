import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { DiagramTheme } from './mermaid.js';

/** The folder of Mermaid's browser builds, of the version that mermaid-cli depends on. */
export function mermaidDistFolder(): string {
  const cliEntry = createRequire(import.meta.url).resolve('@mermaid-js/mermaid-cli');
  return path.dirname(createRequire(cliEntry).resolve('mermaid/dist/mermaid.esm.min.mjs'));
}

/**
 * Where the page finds Mermaid's ES module build, served by this process through request interception
 * (the `.invalid` top-level domain never resolves). A flowchart needs about 0.9 MB of its chunks,
 * where the single-file build makes each page compile all 3.6 MB (about a second).
 */
export const moduleBase = 'https://journey-audit.invalid/mermaid/';
/** The only files served: the ES module entry and its chunks. */
export const moduleFilePattern = /^(?:mermaid\.esm\.min\.mjs|chunks\/mermaid\.esm\.min\/[\w-]+\.mjs)$/;

/** What the page script below offers to Node (the page has no types: this module compiles without the DOM library). */
export interface PageApi {
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
export function pageDocument(): string {
  const nonce = randomBytes(16).toString('base64');
  const policy = `default-src 'none'; script-src ${moduleBase} 'nonce-${nonce}'; style-src 'unsafe-inline'; img-src data:; font-src data:`;
  const html = `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${policy}"></head><body style="margin:0"><div id="container" style="display:inline-block;padding:16px"></div><script type="module" nonce="${nonce}">${pageScript}</script></body></html>`;
  return html;
}
