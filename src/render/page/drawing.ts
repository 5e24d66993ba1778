/**
 * The drawing page's script. It runs inside Chromium, not in Node: it is compiled on its own with the
 * DOM library (tsconfig.page.json) and written into each drawing page as its one inline module script
 * (drawing-page.ts). The page exists from the browser's start, before Node can answer requests;
 * start() loads Mermaid once it can.
 */
import type { DrawingPageApi, DrawingPageConfig } from '../page-api.js';

/** The part of Mermaid's API the page uses. */
interface Mermaid {
  initialize(config: Record<string, unknown>): void;
  render(id: string, definition: string): Promise<{ svg: string }>;
}

let mermaid: Mermaid | undefined;
let background = '#ffffff';
const container = document.getElementById('container') as HTMLElement;

async function draw(definition: string, id: string): Promise<string> {
  if (!mermaid) throw new Error('the drawing page has not started');
  container.replaceChildren();
  // Mermaid leaves a scratch element behind when a diagram fails; drop those from earlier calls.
  for (const element of Array.from(document.body.children)) if (element !== container && element.localName !== 'script') element.remove();
  return (await mermaid.render(id, definition)).svg;
}

function fit(element: SVGSVGElement): { width: number; height: number } {
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

function drawnSvg(root: ParentNode): SVGSVGElement {
  const element = root.querySelector('svg');
  if (!element) throw new Error('Mermaid drew no SVG');
  return element;
}

const api: DrawingPageApi = {
  async start(config: DrawingPageConfig) {
    mermaid = ((await import(config.mermaidUrl)) as { default: Mermaid }).default;
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
  async renderSvg(definition, id) {
    const template = document.createElement('template');
    template.innerHTML = await draw(definition, id);
    const element = drawnSvg(template.content);
    fit(element);
    // XMLSerializer writes well-formed XML (<br/>, not <br>) for the HTML inside labels.
    return new XMLSerializer().serializeToString(element);
  },
  async render(definition, id) {
    container.innerHTML = await draw(definition, id);
    return fit(drawnSvg(container));
  },
  serialize() {
    return new XMLSerializer().serializeToString(drawnSvg(container));
  },
};

(window as unknown as { journeyAudit: DrawingPageApi }).journeyAudit = api;
