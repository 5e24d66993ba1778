import type { Journey } from '../../model/journey.js';
import { renderingInstallCommand } from '../packages.js';
import type { Finding } from '../../types.js';
import { assignColumns } from './columns.js';
import { layoutPages, type LaidOutBlueprint } from './layout.js';
import { buildBlueprint, type Blueprint, type BlueprintOptions } from './model.js';
import { blueprintPageSvg, escapeXml } from './svg.js';

export { MissingLayoutLibrary } from './columns.js';

export interface BlueprintDrawing {
  blueprint: Blueprint;
  layout: LaidOutBlueprint;
  /** One standalone SVG document per page. */
  pages: string[];
}

/** Journey -> service blueprint pages as SVG, without a browser. */
export async function drawBlueprint(journey: Journey, findings: readonly Finding[], options: BlueprintOptions): Promise<BlueprintDrawing> {
  const blueprint = buildBlueprint(journey, findings, options);
  const columns = await assignColumns(blueprint);
  const layout = layoutPages(blueprint, columns);
  return { blueprint, layout, pages: layout.pages.map((sheet) => blueprintPageSvg(blueprint, sheet)) };
}

export class MissingPngRenderer extends Error {}

/** The page is 297 mm wide, which resvg reads as 1123 pixels at 96 per inch; 1.5 times that is 2 pixels per point. */
const pngZoom = 1.5;

type ResvgModule = typeof import('@resvg/resvg-js');
let resvg: Promise<ResvgModule> | undefined;

/**
 * SVG -> PNG through resvg (Rust, no browser), at 2 pixels per point: an A4 page becomes 1684 × 1190
 * pixels and 8 pt text is 16 pixels high. resvg reads the machine's fonts; the SVG asks for DejaVu Sans
 * first, then Liberation Sans, Arial and Helvetica, and resvg falls back to any sans-serif font it finds.
 */
export async function svgToPng(svg: string): Promise<Uint8Array> {
  resvg ??= import('@resvg/resvg-js').catch(() => {
    resvg = undefined;
    throw new MissingPngRenderer(`@resvg/resvg-js is not installed (an optional dependency, needed for png blueprints only); install with: ${renderingInstallCommand(['@resvg/resvg-js'])}`);
  });
  const { Resvg } = await resvg;
  const renderer = new Resvg(svg, { fitTo: { mode: 'zoom', value: pngZoom }, background: '#ffffff', font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' } });
  return renderer.render().asPng();
}

/**
 * A printable HTML document of blueprint pages for Chromium's PDF printer: one sheet per page at the
 * pages' own size (A4 landscape, or taller when a page's rows need it), no margins, no scaling.
 */
export function blueprintPrintDocument(title: string, pages: readonly string[], width: number, height: number): string {
  return [
    '<!DOCTYPE html>',
    `<html><head><meta charset="utf-8"><title>${escapeXml(title)}</title>`,
    `<style>@page { size: ${width}pt ${height}pt; margin: 0 } html, body { margin: 0; padding: 0 } .sheet { width: ${width}pt; height: ${height}pt; overflow: hidden; break-after: page } .sheet:last-child { break-after: auto } .sheet svg { display: block; width: ${width}pt; height: ${height}pt }</style>`,
    '</head><body>',
    ...pages.map((svg) => `<div class="sheet">${svg}</div>`),
    '</body></html>',
  ].join('\n');
}
