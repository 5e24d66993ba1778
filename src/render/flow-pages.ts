import type { Journey } from '../model/journey.js';
import type { Finding } from '../types.js';
import { assignColumns } from './blueprint/columns.js';
import { cutColumns, fillLegend, measureLegendEntry, type MeasuredEntry } from './blueprint/layout.js';
import { buildBlueprint } from './blueprint/model.js';
import { escapeXml, fontFamily, legendSvg } from './blueprint/svg.js';
import type { FlowPageSlice, NumberedFinding } from './mermaid.js';

/**
 * The flowchart view on numbered pages. A journey whose Mermaid drawing, fitted to A4 landscape, would
 * show its smallest text under 8 pt is split into pages by stage: the columns are the blueprint's (the
 * flow order, loops left out), cut where the fewest arrows cross, as many on a page as fit it at 8 pt.
 * Each page is a Mermaid diagram of its steps, with the arrows to and from other pages ending at
 * markers that name the page and the step there, placed on an A4 landscape sheet with a title line and,
 * under the diagram, the page's findings in full (drawn as the blueprint's legend is).
 * Whether a page fits is only known once Chromium has drawn it, so the pages are planned, drawn,
 * measured and planned again until every page fits.
 */

/** A4 landscape in points, and the room around the diagram: margins, the title lines, the page number. */
const flowSheet = { width: 842, height: 595, margin: 20, header: 40, footer: 12 } as const;

/**
 * The smallest text on a flowchart page, in CSS pixels: Mermaid's 16 px labels (a page draws the details
 * at that size too, see journeyToMermaid). The browser tests measure it.
 */
export const smallestFlowTextPx = 16;
/** The smallest text a page may show, in points. */
export const minimumTextPt = 8;
/** Columns tried on a page first; fewer where they do not fit. */
const flowColumnsPerPage = 4;

const drawingArea = { width: flowSheet.width - 2 * flowSheet.margin, height: flowSheet.height - 2 * flowSheet.margin - flowSheet.header - flowSheet.footer };

export interface DiagramSize {
  width: number;
  height: number;
}

/** The size of a Mermaid SVG drawing, from its viewBox (CSS pixels). */
export function diagramSize(svg: string): DiagramSize {
  const match = /^<svg[^>]*?\sviewBox="([-\d.e]+) ([-\d.e]+) ([\d.e]+) ([\d.e]+)"/.exec(svg);
  if (!match) throw new Error('the drawing has no viewBox');
  return { width: Number(match[3]), height: Number(match[4]) };
}

/** Points per CSS pixel when a drawing of this size is fitted into a page's drawing area above a legend this tall. */
function fittedScale(size: DiagramSize, legendHeight = 0): number {
  return Math.min(drawingArea.width / size.width, (drawingArea.height - legendHeight) / size.height);
}

/** Whether a drawing and its legend fitted to A4 landscape show every label at 8 pt or more. */
export function fitsSheet(size: DiagramSize, legendHeight = 0): boolean {
  return fittedScale(size, legendHeight) * smallestFlowTextPx >= minimumTextPt;
}

/** Points per CSS pixel that make the smallest text 8 pt. */
const legibleScale = minimumTextPt / smallestFlowTextPx;
/** Space between the diagram and the legend, and the legend's title line. */
const legendGap = 14;
const legendTitleHeight = 18;

/** A page's findings measured for the legend, and the height the legend needs (0 without findings). */
function measureLegend(findings: readonly NumberedFinding[]): { entries: MeasuredEntry[]; height: number } {
  const entries = findings.map((entry) => measureLegendEntry(entry));
  if (entries.length === 0) return { entries, height: 0 };
  // Two columns as in the blueprint: the lowest bottom at which they hold every entry.
  let columnHeight = Math.max(...entries.map((entry) => entry.height), Math.ceil(entries.reduce((sum, entry) => sum + entry.height, 0) / 2));
  while (fillLegend(entries, 0, columnHeight).rest.length > 0) columnHeight += 10;
  return { entries, height: legendGap + legendTitleHeight + columnHeight };
}

export interface FlowColumns {
  /** Column of each step, by step index. */
  column: Int32Array;
  count: number;
  /** The arrows between steps (targets that name no step left out): what a cut crosses. */
  edges: Array<{ from: number; to: number }>;
}

/** The steps' columns: the blueprint's, from the flow order (elkjs, loaded here only). */
export async function flowColumns(journey: Journey, findings: readonly Finding[]): Promise<FlowColumns> {
  const blueprint = buildBlueprint(journey, findings, { annotate: false });
  const assignment = await assignColumns(blueprint);
  const column = new Int32Array(journey.steps.length);
  let count = 0;
  blueprint.nodes.forEach((node, index) => {
    if (node.step < 0) return;
    column[node.step] = assignment.column[index]!;
    count = Math.max(count, assignment.column[index]! + 1);
  });
  const edges = journey.edges.filter((edge) => edge.to >= 0).map((edge) => ({ from: edge.from, to: edge.to }));
  return { column, count, edges };
}

export interface FlowPage {
  number: number;
  firstColumn: number;
  lastColumn: number;
  /** When the page holds some of one column's steps only: which share of them. */
  part?: { index: number; count: number };
  /** Mermaid text of the page (with its page numbers) and its drawing (Mermaid's SVG, at its natural size). */
  definition: string;
  svg: string;
  size: DiagramSize;
  /** The findings listed under the diagram, measured. */
  legend: MeasuredEntry[];
  legendHeight: number;
}

export interface FlowPagePlan {
  pageOfStep: Int32Array;
  pages: FlowPage[];
  columnCount: number;
}

/** A page being planned: a range of columns and the steps of them it holds. */
interface Draft {
  firstColumn: number;
  lastColumn: number;
  steps: number[];
}

interface Measured {
  size: DiagramSize;
  legend: MeasuredEntry[];
  legendHeight: number;
}

/**
 * Splits a journey into pages that fit. `pageOf` writes the Mermaid text and lists the findings of one
 * page, `draw` draws Mermaid text (in the browser) and returns its SVG.
 *
 * Planning: the columns are cut where the fewest arrows cross, as many on a page as fit; a single column
 * too big for a page has its steps spread over pages of their own, halved until each fits; then
 * neighbouring pages that fit together are joined (a column's last share with the next columns, say).
 * While planning, the markers show a stand-in page number as wide as the real ones, so a page's
 * drawing depends only on its own steps and each is drawn once; the final pages are drawn with the real
 * numbers. One step too big for a page alone keeps its page, whose sheet then grows (flowPageSvg): the
 * text never gets smaller than 8 pt.
 */
export async function planFlowPages(
  columns: FlowColumns,
  pageOf: (slice: FlowPageSlice) => { definition: string; findings: NumberedFinding[] },
  draw: (definition: string) => Promise<string>,
): Promise<FlowPagePlan> {
  const stepCount = columns.column.length;
  const drawn = new Map<string, Promise<{ svg: string; size: DiagramSize }>>();
  const drawOnce = (definition: string) => {
    let result = drawn.get(definition);
    if (!result) drawn.set(definition, (result = draw(definition).then((svg) => ({ svg, size: diagramSize(svg) }))));
    return result;
  };
  // The stand-in page number of a marker is the index of the step it names, as many digits as the most pages
  // could need: as wide as any real number, and the final drawing gets the real one in its place.
  const digits = String(Math.max(1, stepCount)).length;
  const standIn = (_page: number, step: number) => String(step).padStart(digits, '0');
  /** A draft drawn alone, as page 1 when it comes first (that page also lists the findings about the whole journey). */
  const plannedSlice = (draft: Draft, first: boolean): FlowPageSlice => {
    const own = first ? 1 : 2;
    const pageOfStep = new Int32Array(stepCount).fill(3 - own);
    for (const step of draft.steps) pageOfStep[step] = own;
    return { pageOfStep, number: own, numberText: standIn };
  };
  const measure = async (draft: Draft, first: boolean): Promise<Measured> => {
    const { definition, findings } = pageOf(plannedSlice(draft, first));
    const legend = measureLegend(findings);
    return { size: (await drawOnce(definition)).size, legend: legend.entries, legendHeight: legend.height };
  };
  const fitsMeasured = (measured: Measured) => fitsSheet(measured.size, measured.legendHeight);

  const stepsOfColumn: number[][] = Array.from({ length: columns.count }, () => []);
  columns.column.forEach((column, step) => stepsOfColumn[column]!.push(step));
  const stepsOf = (first: number, last: number) => stepsOfColumn.slice(first, last + 1).flat();
  // Column ranges known not to fit. A range holding one of them does not fit either.
  const tooBig: Array<[number, number]> = [];
  const fits = (first: number, last: number) => !tooBig.some(([a, b]) => first <= a && b <= last);
  // Columns whose steps are spread over several pages: the steps of each page, in file order.
  const splitColumns = new Map<number, number[][]>();
  let drafts: Draft[] = [];
  let results: Measured[] = [];
  for (let changed = true; changed; ) {
    changed = false;
    const starts = cutColumns(columns.count, columns.edges, columns.column, flowColumnsPerPage, fits);
    drafts = [];
    starts.forEach((firstColumn, index) => {
      const lastColumn = (starts[index + 1] ?? columns.count) - 1;
      const groups = firstColumn === lastColumn ? splitColumns.get(firstColumn) : undefined;
      if (groups) for (const steps of groups) drafts.push({ firstColumn, lastColumn, steps });
      else drafts.push({ firstColumn, lastColumn, steps: stepsOf(firstColumn, lastColumn) });
    });
    results = await Promise.all(drafts.map((draft, index) => measure(draft, index === 0)));
    drafts.forEach((draft, index) => {
      if (fitsMeasured(results[index]!)) return;
      if (draft.lastColumn > draft.firstColumn) {
        tooBig.push([draft.firstColumn, draft.lastColumn]);
        changed = true;
        return;
      }
      if (draft.steps.length < 2) return;
      // A column too big alone makes every range that holds it too big: it keeps pages of its own.
      if (!splitColumns.has(draft.firstColumn)) tooBig.push([draft.firstColumn, draft.firstColumn]);
      const groups = splitColumns.get(draft.firstColumn) ?? [draft.steps];
      const position = groups.findIndex((steps) => steps[0] === draft.steps[0]);
      const half = Math.ceil(draft.steps.length / 2);
      groups.splice(position, 1, draft.steps.slice(0, half), draft.steps.slice(half));
      splitColumns.set(draft.firstColumn, groups);
      changed = true;
    });
  }

  // Neighbours that fit together become one page: tried where their two drawings side by side could,
  // without the markers between them (about a marker's width, 150 px, on each side).
  for (let index = 0; index + 1 < drafts.length; ) {
    const [a, b] = [results[index]!, results[index + 1]!];
    const roughly = (a.size.width + b.size.width - 300) * legibleScale <= drawingArea.width && Math.max(a.size.height, b.size.height) * legibleScale + a.legendHeight + b.legendHeight <= drawingArea.height;
    if (roughly) {
      const joined: Draft = { firstColumn: drafts[index]!.firstColumn, lastColumn: drafts[index + 1]!.lastColumn, steps: [...drafts[index]!.steps, ...drafts[index + 1]!.steps] };
      const measured = await measure(joined, index === 0);
      if (fitsMeasured(measured)) {
        drafts.splice(index, 2, joined);
        results.splice(index, 2, measured);
        continue;
      }
    }
    index++;
  }

  // The final pages, numbered: each planned drawing with the real page numbers written into its markers.
  const pageOfStep = new Int32Array(stepCount);
  drafts.forEach((draft, index) => {
    for (const step of draft.steps) pageOfStep[step] = index + 1;
  });
  const pages = await Promise.all(
    drafts.map(async (draft, index): Promise<FlowPage> => {
      const { definition, findings } = pageOf({ pageOfStep, number: index + 1 });
      const planned = await drawOnce(pageOf(plannedSlice(draft, index === 0)).definition);
      const svg = planned.svg.replace(markerNumber, (_whole, words: string, step: string) => `<b>${words} ${pageOfStep[Number(step)]}</b>`);
      const { size } = planned;
      const legend = measureLegend(findings);
      const shares = drafts.filter((other) => other.firstColumn === draft.firstColumn && other.lastColumn === draft.firstColumn);
      const part = draft.firstColumn === draft.lastColumn && shares.length > 1 ? { index: shares.indexOf(draft) + 1, count: shares.length } : undefined;
      return { number: index + 1, firstColumn: draft.firstColumn, lastColumn: draft.lastColumn, ...(part ? { part } : {}), definition, svg, size, legend: legend.entries, legendHeight: legend.height };
    }),
  );
  return { pageOfStep, pages, columnCount: columns.count };
}

/** A marker's page number in Mermaid's drawing (the label's `<b>` part; text from a journey file cannot contain `<`). */
const markerNumber = /<b>(continues on page|from page) (\d+)<\/b>/g;

export interface SheetText {
  title: string;
  subtitle: string;
  total: number;
}

/**
 * One page as a standalone SVG document on an A4 landscape sheet (one unit a point): a title line, the
 * Mermaid drawing fitted under it, the page's findings in full under the drawing. A page too big for the
 * sheet at 8 pt (one step that does not fit alone) gets a larger sheet instead of smaller text.
 */
export function flowPageSvg(sheet: FlowPage, text: SheetText, scale = pagesScale([sheet])): { svg: string; width: number; height: number } {
  const { size } = sheet;
  const width = Math.max(flowSheet.width, roundUp(size.width * scale + 2 * flowSheet.margin));
  const top = flowSheet.margin + flowSheet.header;
  const diagramBottom = top + size.height * scale;
  const height = Math.max(flowSheet.height, roundUp(diagramBottom + sheet.legendHeight + flowSheet.footer + flowSheet.margin));
  // The drawing keeps its own viewBox and styles; only its place and size on the sheet are set here.
  const placed = sheet.svg.replace(/^<svg\b[^>]*>/, (tag) => {
    const kept = tag.replace(/\s(?:width|height|style|x|y|preserveAspectRatio)="[^"]*"/g, '').replace(/>$/, '');
    return `${kept} x="${flowSheet.margin}" y="${top}" width="${round(size.width * scale)}" height="${round(size.height * scale)}" preserveAspectRatio="xMinYMin meet">`;
  });
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${millimetres(width, flowSheet.width, 297)}mm" height="${millimetres(height, flowSheet.height, 210)}mm" viewBox="0 0 ${width} ${height}" font-family="${fontFamily.replace(/'/g, '&apos;')}" class="journey-flow-page" data-page="${sheet.number}" data-pages="${text.total}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${flowSheet.margin}" y="${flowSheet.margin + 13}" font-size="13" font-weight="bold" fill="#263238">${escapeXml(text.title)}</text>`,
    `<text x="${flowSheet.margin}" y="${flowSheet.margin + 26}" font-size="8" fill="#455a64">${escapeXml(text.subtitle)}</text>`,
    placed,
  ];
  if (sheet.legend.length > 0) {
    const legendTop = diagramBottom + legendGap;
    const { placed: entries } = fillLegend(sheet.legend, legendTop + legendTitleHeight, legendTop + sheet.legendHeight - legendGap);
    parts.push(legendSvg(`Findings on this page (${entries.length})`, legendTop, entries));
  }
  parts.push(`<text x="${width - flowSheet.margin}" y="${height - 8}" font-size="8" text-anchor="end" fill="#78909c">${sheet.number} / ${text.total}</text>`, '</svg>');
  return { svg: `${parts.join('\n')}\n`, width, height };
}

/**
 * One scale for all pages of a journey, so that its text is the same size on every page: the largest at
 * which every page fits, never under 8 pt for the smallest text.
 */
export function pagesScale(pages: readonly FlowPage[]): number {
  return Math.max(legibleScale, Math.min(...pages.map((sheet) => fittedScale(sheet.size, sheet.legendHeight))));
}

/** Points as millimetres; A4's own sides exactly. */
const millimetres = (points: number, a4Points: number, a4Millimetres: number) => (points === a4Points ? String(a4Millimetres) : round((points * 25.4) / 72));

/** Up to a whole point, ignoring floating-point dust: a drawing fitted to exactly 802 pt is not 803 pt wide. */
const roundUp = (value: number) => Math.ceil(value - 1e-6);

const round = (value: number) => String(Math.round(value * 100) / 100);
