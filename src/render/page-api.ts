/**
 * What the drawing page (src/render/page/drawing.ts, which runs inside Chromium) offers to Node as
 * `window.journeyAudit`. Shared by both sides; it names no DOM type, so Node's build needs no DOM library.
 */
export interface DrawingPageConfig {
  /** Where the page imports Mermaid's ES module build from (served by this process). */
  mermaidUrl: string;
  theme: 'default' | 'neutral' | 'dark';
  background: string;
}

export interface DrawingPageApi {
  start(config: DrawingPageConfig): Promise<void>;
  /** SVG only: drawn into an inert template, never laid out a second time. */
  renderSvg(definition: string, id: string): Promise<string>;
  /** PNG and PDF: drawn into the page, to be photographed or printed; returns its size. */
  render(definition: string, id: string): Promise<{ width: number; height: number }>;
  /** The SVG drawn by the last render(). */
  serialize(): string;
}

export interface PageApi {
  journeyAudit: DrawingPageApi;
}
