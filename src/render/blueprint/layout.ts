import type { Blueprint, BlueprintEdge, NumberedFinding } from './model.js';
import { plainText, textWidth, wrapText } from './text.js';

/**
 * Where everything of a blueprint goes on paper. Units are points: a page is A4 landscape (842 × 595 pt)
 * drawn at full size, so the sizes below are the sizes printed, and no label is smaller than 8 pt. A
 * journey with more columns than a page holds is split into numbered pages, each cut where the fewest
 * arrows cross; it is never shrunk. Findings are listed in full under the diagram of the page their
 * step is on, continued on pages of their own when they do not fit.
 */

export const fontSizes = { title: 13, subtitle: 8, rowLabel: 8.5, name: 8.5, detail: 8, edge: 8, legend: 8, legendHeading: 9.5, badge: 8, lineLabel: 8 } as const;
/** The smallest text anywhere in a blueprint, in points. */
export const minimumFontSize = Math.min(...Object.values(fontSizes));

/** `lead` and `reserve`: room left and right of the columns for the connectors to other pages. */
export const page = { width: 842, height: 595, margin: 20, header: 40, gutter: 96, lead: 22, reserve: 26 } as const;
/** The gap between columns is wide enough for a branch label of a few words at 8 pt. */
export const box = { width: 118, gap: 62, padding: 4, nameLine: 10.2, detailLine: 9.6, maxNameLines: 3, maxDetailLines: 2 } as const;
const pitch = box.width + box.gap;
const badgeHeight = 12;
const badgeLine = 14;
const stackGap = 6;
const rowPadding = 6;
const chipHeight = 14;
const chipGap = 3;
const minimumRowHeight = 30;
const legendColumnGap = 16;
const legendLine = 10;

/** Height of a box with this many lines of name and of details; the SVG writer places the lines by the same numbers. */
function boxHeight(nameLines: number, detailLines: number): number {
  return box.padding + 8 + (nameLines - 1) * box.nameLine + (detailLines > 0 ? 11 + (detailLines - 1) * box.detailLine : 0) + 3 + box.padding;
}

/** Columns that fit across one page. */
export const columnsPerPage = Math.floor((page.width - 2 * page.margin - page.gutter - page.lead - page.reserve + box.gap) / pitch);

/** Left edge of the first column on a page. */
const columnsLeft = page.margin + page.gutter + page.lead;

export interface ColumnAssignment {
  /** Column of each node. */
  column: Int32Array;
  /** Order of each node among the nodes of its column (top to bottom where they share a row). */
  order: Int32Array;
}

export interface Badge {
  entry: NumberedFinding;
  x: number;
  y: number;
  width: number;
}

export interface PlacedNode {
  node: number;
  x: number;
  y: number;
  width: number;
  height: number;
  nameLines: string[];
  detailLines: string[];
  /** What the event log says of the step (`replay`), under the details. */
  livedLines?: string[];
  badges: Badge[];
}

interface PlacedRow {
  row: number;
  y: number;
  height: number;
  labelLines: string[];
}

interface SectionLine {
  y: number;
  label: string;
}

interface SystemChip {
  name: string;
  x: number;
  y: number;
  width: number;
  /** The nodes that use this system in this column (a dotted link is drawn to each). */
  users: number[];
}

interface PlacedEdge {
  edge: BlueprintEdge;
  /** SVG path data. */
  d: string;
  labelLines: string[];
  /** Centre of the label's first line. */
  labelX: number;
  labelY: number;
  /** A loop back to an earlier column, or an arrow that continues on another page. */
  shape: 'forward' | 'loop' | 'offPage';
  /** For an arrow to or from another page: that page, drawn in a connector circle, and the step there. */
  connector?: { x: number; y: number; page: number; step: string; outgoing: boolean };
}

export interface LegendEntry {
  entry: NumberedFinding;
  x: number;
  y: number;
  heading: string;
  lines: string[];
}

export interface BlueprintPage {
  number: number;
  total: number;
  width: number;
  height: number;
  title: string;
  subtitle: string;
  /** Columns of the journey drawn on this page (empty on a page that only continues the findings). */
  firstColumn: number;
  lastColumn: number;
  rows: PlacedRow[];
  lines: SectionLine[];
  nodes: PlacedNode[];
  chips: SystemChip[];
  edges: PlacedEdge[];
  journeyBadges: Badge[];
  legendTitle?: string;
  legendY: number;
  legend: LegendEntry[];
}

/**
 * Numbers of the columns where each page begins: cut after the column fewest arrows cross. A page holds
 * at most `capacity` columns, and fewer when `fits` says that many do not fit on it (a page never takes
 * less than one column). Shared by the blueprint and the flowchart view.
 */
export function cutColumns(
  columnCount: number,
  edges: ReadonlyArray<{ from: number; to: number }>,
  column: Int32Array,
  capacity = columnsPerPage,
  fits: (firstColumn: number, lastColumn: number) => boolean = () => true,
): number[] {
  // crossing[k]: arrows passing between column k and column k + 1 (a difference array, linear).
  const crossing = new Int32Array(columnCount + 1);
  for (const edge of edges) {
    const a = Math.min(column[edge.from]!, column[edge.to]!);
    const b = Math.max(column[edge.from]!, column[edge.to]!);
    if (a === b) continue;
    crossing[a]!++;
    crossing[b]!--;
  }
  for (let k = 1; k <= columnCount; k++) crossing[k]! += crossing[k - 1]!;
  const starts = [0];
  let start = 0;
  for (;;) {
    let size = Math.min(capacity, columnCount - start);
    while (size > 1 && !fits(start, start + size - 1)) size--;
    if (start + size >= columnCount) break;
    // A page is cut at its last column or the one before, whichever fewer arrows cross: a narrower
    // cut is easier to follow, but a page cut any earlier would leave most of it empty.
    let best = start + size - 1;
    for (let last = best; last >= start + Math.max(1, size - 1) - 1; last--) {
      if (crossing[last]! < crossing[best]!) best = last;
    }
    start = best + 1;
    starts.push(start);
  }
  return starts;
}

function badgeWidth(entry: NumberedFinding): number {
  return 15 + textWidth(String(entry.number), fontSizes.badge, true) + 3;
}

/** Badges right-aligned above a box, wrapping onto more lines rather than running past it. */
function placeBadges(entries: readonly NumberedFinding[], width: number): { lines: NumberedFinding[][]; widths: number[][] } {
  const lines: NumberedFinding[][] = [];
  let current: NumberedFinding[] = [];
  let used = 0;
  for (const entry of entries) {
    const needed = badgeWidth(entry) + (current.length > 0 ? 3 : 0);
    if (current.length > 0 && used + needed > width) {
      lines.push(current);
      current = [];
      used = 0;
    }
    current.push(entry);
    used += badgeWidth(entry) + (current.length > 1 ? 3 : 0);
  }
  if (current.length > 0) lines.push(current);
  return { lines, widths: lines.map((line) => line.map(badgeWidth)) };
}

function rowLabel(blueprint: Blueprint, row: number): string[] {
  const { section, name, automated } = blueprint.rows[row]!;
  const width = page.gutter - 10;
  if (section === 'customer') return ['Customer'];
  if (section === 'systems') return ['Systems'];
  const heading = section === 'front' ? 'Front stage' : 'Back stage';
  return [heading, ...wrapText(`${name ?? ''}${automated ? ' (automated)' : ''}`, width, fontSizes.rowLabel, { maxLines: 3 })].filter((line) => line !== '');
}

interface PageFrame {
  firstColumn: number;
  lastColumn: number;
  /** When one column's rows need more than a page: which share of its rows this page shows. */
  part?: { index: number; count: number };
  rows: PlacedRow[];
  lines: SectionLine[];
  nodes: PlacedNode[];
  chips: SystemChip[];
  diagramBottom: number;
  findings: NumberedFinding[];
}

/**
 * Rows, boxes and system chips of one page's columns; with `onlyRows`, of those rows only (a column whose
 * rows need more than one page).
 */
function frameColumns(blueprint: Blueprint, assignment: ColumnAssignment, firstColumn: number, lastColumn: number, onlyRows?: ReadonlySet<number>): PageFrame {
  const inColumns = blueprint.nodes.map((_node, index) => index).filter((index) => assignment.column[index]! >= firstColumn && assignment.column[index]! <= lastColumn);
  const onPage = onlyRows ? inColumns.filter((index) => onlyRows.has(blueprint.nodes[index]!.row)) : inColumns;
  const columnX = (column: number) => columnsLeft + (column - firstColumn) * pitch;
  const innerWidth = box.width - 2 * box.padding;

  // Each box's size first: its text and its badges.
  const sized = new Map<number, { nameLines: string[]; detailLines: string[]; livedLines: string[]; badgeLines: NumberedFinding[][]; badgeWidths: number[][]; height: number }>();
  for (const index of onPage) {
    const node = blueprint.nodes[index]!;
    const nameLines = wrapText(node.kind === 'missing' ? `? ${node.name}` : node.name, innerWidth, fontSizes.name, { bold: true, maxLines: box.maxNameLines });
    const detailLines = wrapText(node.details.join(' · '), innerWidth, fontSizes.detail, { maxLines: box.maxDetailLines });
    const livedLines = node.lived === undefined ? [] : wrapText(node.lived, innerWidth, fontSizes.detail, { bold: true, maxLines: 2 });
    const { lines: badgeLines, widths: badgeWidths } = placeBadges(node.badges, box.width);
    const height = boxHeight(nameLines.length, detailLines.length + livedLines.length);
    sized.set(index, { nameLines, detailLines, livedLines, badgeLines, badgeWidths, height });
  }

  // Cells: the nodes sharing a row and a column, stacked in the order the layout gave them.
  const cells = new Map<string, number[]>();
  for (const index of onPage) {
    const key = `${blueprint.nodes[index]!.row}:${assignment.column[index]!}`;
    const cell = cells.get(key) ?? [];
    cell.push(index);
    cells.set(key, cell);
  }
  for (const cell of cells.values()) cell.sort((a, b) => assignment.order[a]! - assignment.order[b]!);
  const cellHeight = (cell: number[]) => cell.reduce((sum, index) => sum + sized.get(index)!.height + sized.get(index)!.badgeLines.length * badgeLine, 0) + (cell.length - 1) * stackGap;

  // Systems used per column.
  const systemsRow = blueprint.rows.findIndex((row) => row.section === 'systems');
  const chipsByColumn = new Map<number, Map<string, number[]>>();
  // The systems row shows every system of its columns, also those of steps whose rows are on another page.
  for (const index of onlyRows && !onlyRows.has(systemsRow) ? [] : inColumns) {
    const node = blueprint.nodes[index]!;
    if (node.systems.length === 0) continue;
    const column = assignment.column[index]!;
    const chips = chipsByColumn.get(column) ?? new Map<string, number[]>();
    for (const system of node.systems) chips.set(system, [...(chips.get(system) ?? []), index]);
    chipsByColumn.set(column, chips);
  }

  const onThisPage = new Set(onPage);
  const loopRows = new Set<number>();
  for (const edge of blueprint.edges) {
    if (!onThisPage.has(edge.from) || !onThisPage.has(edge.to) || assignment.column[edge.to]! > assignment.column[edge.from]!) continue;
    loopRows.add(Math.max(blueprint.nodes[edge.from]!.row, blueprint.nodes[edge.to]!.row));
  }

  const usedRows = new Set<number>(onPage.map((index) => blueprint.nodes[index]!.row));
  const customerRow = blueprint.rows.findIndex((row) => row.section === 'customer');
  if (!onlyRows || onlyRows.has(customerRow)) usedRows.add(customerRow);
  if (systemsRow >= 0 && chipsByColumn.size > 0) usedRows.add(systemsRow);
  const rowOrder = [...usedRows].sort((a, b) => a - b);

  const rows: PlacedRow[] = [];
  const lines: SectionLine[] = [];
  const nodes: PlacedNode[] = [];
  const chips: SystemChip[] = [];
  let y = page.margin + page.header;
  let previousSection: string | undefined;
  const lineLabels: Record<string, string> = { front: 'line of interaction', back: 'line of visibility', systems: 'line of internal interaction' };
  for (const row of rowOrder) {
    const { section } = blueprint.rows[row]!;
    if (previousSection !== undefined && section !== previousSection) {
      // The line between two sections gets a band of its own, so its label never sits on a box.
      y += 4;
      lines.push({ y: y + 8, label: lineLabels[section] ?? '' });
      y += 14;
    }
    previousSection = section;
    let height = minimumRowHeight;
    if (section === 'systems') {
      for (const columnChips of chipsByColumn.values()) height = Math.max(height, columnChips.size * (chipHeight + chipGap) - chipGap + 2 * rowPadding);
    } else {
      for (const [key, cell] of cells) if (Number(key.split(':')[0]) === row) height = Math.max(height, cellHeight(cell) + 2 * rowPadding);
    }
    const labelLines = rowLabel(blueprint, row);
    height = Math.max(height, labelLines.length * 10.5 + 2 * rowPadding);
    // Loops are drawn under the lower of their two boxes: that row gets room for the arc and its label.
    // With an overlay (`replay`) a loop's label has a second line: its cases.
    const loopRoom = loopRows.has(row) ? (overlaid(blueprint) ? 36 : 26) : 0;
    rows.push({ row, y, height: height + loopRoom, labelLines });
    if (section === 'systems') {
      for (const [column, columnChips] of chipsByColumn) {
        let chipY = y + rowPadding;
        for (const [name, users] of [...columnChips].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
          chips.push({ name, x: columnX(column), y: chipY, width: box.width, users });
          chipY += chipHeight + chipGap;
        }
      }
    } else {
      for (const [key, cell] of cells) {
        const [cellRow, cellColumn] = key.split(':').map(Number) as [number, number];
        if (cellRow !== row) continue;
        // Centred in the row, so single boxes line up across the page.
        let top = y + rowPadding + (height - 2 * rowPadding - cellHeight(cell)) / 2;
        for (const index of cell) {
          const size = sized.get(index)!;
          const boxTop = top + size.badgeLines.length * badgeLine;
          const x = columnX(cellColumn);
          const badges: Badge[] = [];
          size.badgeLines.forEach((line, lineIndex) => {
            let right = x + box.width;
            const badgeY = boxTop - (size.badgeLines.length - lineIndex) * badgeLine + (badgeLine - badgeHeight) / 2 + 1;
            for (let position = line.length - 1; position >= 0; position--) {
              const width = size.badgeWidths[lineIndex]![position]!;
              badges.unshift({ entry: line[position]!, x: right - width, y: badgeY, width });
              right -= width + 3;
            }
          });
          nodes.push({ node: index, x, y: boxTop, width: box.width, height: size.height, nameLines: size.nameLines, detailLines: size.detailLines, ...(size.livedLines.length > 0 ? { livedLines: size.livedLines } : {}), badges });
          top = boxTop + size.height + stackGap;
        }
      }
    }
    y += height + loopRoom;
  }

  return { firstColumn, lastColumn, rows, lines, nodes, chips, diagramBottom: y, findings: uniqueFindings(onPage.flatMap((index) => blueprint.nodes[index]!.badges)) };
}

/** Each finding once, by number. */
function uniqueFindings(entries: readonly NumberedFinding[]): NumberedFinding[] {
  return [...new Map(entries.map((entry) => [entry.number, entry])).values()].sort((a, b) => a.number - b.number);
}

/** Room under a page's diagram for the page number. */
const footer = 12;

/** Whether a page's diagram fits on A4 landscape (its findings may continue on a page of their own). */
const fitsPage = (frame: PageFrame) => frame.diagramBottom + footer + page.margin <= page.height;

/**
 * The rows of a frame in consecutive groups that each fit a page's height, measured on the frame itself
 * (a group drawn alone has no section band above its first row, so it is never taller than measured).
 */
function groupRows(frame: PageFrame): Array<Set<number>> {
  const available = page.height - footer - page.margin - (page.margin + page.header);
  const groups: Array<Set<number>> = [];
  let group = new Set<number>();
  let top = 0;
  for (const row of frame.rows) {
    if (group.size > 0 && row.y + row.height - top > available) {
      groups.push(group);
      group = new Set();
    }
    if (group.size === 0) top = row.y;
    group.add(row.row);
  }
  if (group.size > 0) groups.push(group);
  return groups;
}

/**
 * The frames of the pages: the columns cut where the fewest arrows cross, as many on a page as fit its
 * height (fewer columns have steps in fewer rows, and fewer steps stacked in one cell); a single column
 * still taller than a page has its rows spread over pages of their own.
 */
function frameAllPages(blueprint: Blueprint, assignment: ColumnAssignment, columnCount: number, cutEdges: ReadonlyArray<{ from: number; to: number }>): PageFrame[] {
  const measured = new Map<string, PageFrame>();
  const frameOf = (firstColumn: number, lastColumn: number) => {
    const key = `${firstColumn}:${lastColumn}`;
    let frame = measured.get(key);
    if (!frame) measured.set(key, (frame = frameColumns(blueprint, assignment, firstColumn, lastColumn)));
    return frame;
  };
  const starts = cutColumns(columnCount, cutEdges, assignment.column, columnsPerPage, (firstColumn, lastColumn) => fitsPage(frameOf(firstColumn, lastColumn)));
  const frames: PageFrame[] = [];
  starts.forEach((firstColumn, index) => {
    const lastColumn = (starts[index + 1] ?? columnCount) - 1;
    const frame = frameOf(firstColumn, lastColumn);
    if (fitsPage(frame)) {
      frames.push(frame);
      return;
    }
    const groups = groupRows(frame);
    groups.forEach((rows, part) => frames.push({ ...frameColumns(blueprint, assignment, firstColumn, lastColumn, rows), part: { index: part + 1, count: groups.length } }));
  });
  // Findings about the whole journey are listed on the first page, beside its title.
  frames[0]!.findings = uniqueFindings([...blueprint.journeyBadges, ...frames[0]!.findings]);
  return frames;
}

export interface MeasuredEntry {
  entry: NumberedFinding;
  heading: string;
  lines: string[];
  height: number;
}

const legendColumnWidth = (page.width - 2 * page.margin - legendColumnGap) / 2;

export function measureLegendEntry(entry: NumberedFinding): MeasuredEntry {
  const { finding, number } = entry;
  const where = finding.step !== undefined ? ` · step ${finding.step}` : ' · whole journey';
  const heading = `${number}  ${finding.ruleId} · ${finding.severity}${where} · line ${finding.line}`;
  const textWidthAvailable = legendColumnWidth - 22;
  const headingLines = wrapText(heading, textWidthAvailable, fontSizes.legend, { bold: true });
  const lines = wrapText(plainText(finding.message), textWidthAvailable, fontSizes.legend);
  return { entry, heading: headingLines[0]!, lines: [...headingLines.slice(1), ...lines], height: (headingLines.length + lines.length) * legendLine + 6 };
}

/** Fills two legend columns from `top` down to `bottom`; returns the entries placed and those left over. */
export function fillLegend(entries: MeasuredEntry[], top: number, bottom: number): { placed: LegendEntry[]; rest: MeasuredEntry[] } {
  const placed: LegendEntry[] = [];
  let column = 0;
  let y = top;
  let position = 0;
  while (position < entries.length) {
    const entry = entries[position]!;
    if (y + entry.height > bottom) {
      // An entry taller than a whole column still goes in (its text is never cut), alone at the top.
      if (y === top && column === 0 && placed.length === 0 && top + entry.height > bottom) {
        // falls through to place it
      } else if (column === 0) {
        column = 1;
        y = top;
        continue;
      } else break;
    }
    placed.push({ entry: entry.entry, x: page.margin + column * (legendColumnWidth + legendColumnGap), y, heading: entry.heading, lines: entry.lines });
    y += entry.height;
    position++;
  }
  return { placed, rest: entries.slice(position) };
}

export interface LaidOutBlueprint {
  pages: BlueprintPage[];
  columnCount: number;
}

/** Pages of a blueprint whose columns are known. Pure. */
export function layoutPages(blueprint: Blueprint, assignment: ColumnAssignment): LaidOutBlueprint {
  let columnCount = 0;
  for (const column of assignment.column) columnCount = Math.max(columnCount, column + 1);
  // Undeclared ways (`replay`) do not move the page cuts: the pages stay those of the declared journey.
  const frames = frameAllPages(blueprint, assignment, columnCount, blueprint.edges.filter((edge) => edge.mark !== 'undeclared'));
  // Every page has the same size: A4 landscape. Only a single row taller than a page (one cell stacked with
  // more steps than a page holds) makes the pages taller, at the same scale: text is never made smaller.
  const height = Math.max(page.height, ...frames.map((frame) => frame.diagramBottom + footer + page.margin));
  const legendHeader = 18;

  interface Draft {
    frame?: PageFrame;
    legendTitle?: string;
    legendY: number;
    legend: LegendEntry[];
  }
  const drafts: Draft[] = [];
  // The page each node is drawn on, for the connectors of arrows that leave a page.
  const pageOfNode = new Int32Array(blueprint.nodes.length);
  frames.forEach((frame) => {
    const pageNumber = drafts.length + 1;
    for (const node of frame.nodes) pageOfNode[node.node] = pageNumber;
    let entries = frame.findings.map((entry) => measureLegendEntry(entry));
    const legendTop = frame.diagramBottom + 24;
    const draft: Draft = { frame, legendY: legendTop, legend: [] };
    drafts.push(draft);
    if (entries.length === 0) return;
    const title = `Findings on this page (${entries.length})`;
    // The legend goes under the diagram when at least one entry fits there.
    if (legendTop + legendHeader + entries[0]!.height <= height - page.margin) {
      const { placed, rest } = fillLegend(entries, legendTop + legendHeader, height - page.margin);
      draft.legendTitle = title;
      draft.legend = placed;
      entries = rest;
    }
    while (entries.length > 0) {
      const top = page.margin + page.header;
      const { placed, rest } = fillLegend(entries, top + legendHeader, height - page.margin);
      drafts.push({ legendTitle: `Findings of page ${pageNumber}${draft.legend.length > 0 ? ', continued' : ''}`, legendY: top, legend: placed });
      entries = rest;
    }
  });

  const total = drafts.length;
  const pages: BlueprintPage[] = drafts.map((draft, index) => {
    const frame = draft.frame;
    const columns = frame ? (frame.firstColumn === frame.lastColumn ? `column ${frame.firstColumn + 1}` : `columns ${frame.firstColumn + 1}–${frame.lastColumn + 1}`) : 'findings';
    const journeyBadges: Badge[] = [];
    if (index === 0) {
      let x = page.width - page.margin;
      for (const entry of blueprint.journeyBadges.slice().reverse()) {
        const width = badgeWidth(entry);
        x -= width;
        journeyBadges.unshift({ entry, x, y: page.margin + 2, width });
        x -= 3;
      }
    }
    return {
      number: index + 1,
      total,
      width: page.width,
      height,
      title: blueprint.title,
      subtitle: `Service blueprint · page ${index + 1} of ${total} · ${columns} of ${columnCount}${frame?.part ? ` · rows, part ${frame.part.index} of ${frame.part.count}` : ''}`,
      firstColumn: frame?.firstColumn ?? -1,
      lastColumn: frame?.lastColumn ?? -2,
      rows: frame?.rows ?? [],
      lines: frame?.lines ?? [],
      nodes: frame?.nodes ?? [],
      chips: frame?.chips ?? [],
      edges: frame ? routeEdges(blueprint, assignment, frame, pageOfNode, index + 1) : [],
      journeyBadges,
      ...(draft.legendTitle !== undefined ? { legendTitle: draft.legendTitle } : {}),
      legendY: draft.legendY,
      legend: draft.legend,
    };
  });
  return { pages, columnCount };
}

/** Arrows of one page: forward curves, loops under the boxes, connectors to and from other pages. */
function routeEdges(blueprint: Blueprint, assignment: ColumnAssignment, frame: PageFrame, pageOfNode: Int32Array, pageNumber: number): PlacedEdge[] {
  const placedByNode = new Map(frame.nodes.map((node) => [node.node, node]));
  const edges: PlacedEdge[] = [];
  const connectorRadius = 8;
  const rightConnector = columnsLeft + (frame.lastColumn - frame.firstColumn + 1) * pitch - box.gap + page.reserve - connectorRadius - 2;
  const leftConnector = columnsLeft - page.lead + connectorRadius + 1;
  const label = (text: string | undefined) => (text === undefined ? [] : wrapText(text, box.gap - 6, fontSizes.edge, { maxLines: 3 }));
  const livedLabel = (text: string | undefined) => (text === undefined ? [] : wrapText(text, box.gap - 6, fontSizes.edge, { maxLines: 2 }));
  const withOverlay = overlaid(blueprint);
  /** Top of the highest label stacked so far before each box. */
  const labelTops = new Map<number, number>();
  for (const edge of blueprint.edges) {
    const from = placedByNode.get(edge.from);
    const to = placedByNode.get(edge.to);
    if (!from && !to) continue;
    if (from && to) {
      const x1 = from.x + from.width;
      const y1 = from.y + from.height / 2;
      const x2 = to.x;
      const y2 = to.y + to.height / 2;
      if (assignment.column[edge.to]! > assignment.column[edge.from]!) {
        const bend = Math.min(box.gap * 0.6, (x2 - x1) / 2);
        const d = `M${f(x1)},${f(y1)} C${f(x1 + bend)},${f(y1)} ${f(x2 - bend)},${f(y2)} ${f(x2)},${f(y2)}`;
        // The label sits in the gap before the target, above the arrow's last stretch: branches of one
        // decision go to different targets, so their labels do not overlap.
        const lines = [...label(edge.label), ...livedLabel(edge.lived)];
        let labelY = y2 - 4 - (lines.length - 1) * 9.5;
        if (withOverlay && lines.length > 0) {
          // With an overlay nearly every arrow has a label: those into the same box stack upwards.
          const below = labelTops.get(edge.to);
          if (below !== undefined) labelY = Math.min(labelY, below - 4 - lines.length * 9.5 + 8);
          labelTops.set(edge.to, labelY - 8);
        }
        edges.push({ edge, d, labelLines: lines, labelX: x2 - box.gap / 2, labelY, shape: 'forward' });
      } else {
        // A loop back (or to a step in the same column) runs under the boxes.
        const sx = from.x + from.width / 2 + 8;
        const sy = from.y + from.height;
        const tx = to.x + to.width / 2 - 8;
        const ty = to.y + to.height;
        const depth = Math.max(sy, ty) + 16;
        const d = `M${f(sx)},${f(sy)} C${f(sx)},${f(depth)} ${f(tx)},${f(depth)} ${f(tx)},${f(ty)}`;
        const loopWidth = Math.max(box.width, Math.abs(sx - tx) - 10);
        const lines = wrapText(edge.label ?? 'loop back', loopWidth, fontSizes.edge, { maxLines: 1 });
        if (edge.lived !== undefined) lines.push(...wrapText(edge.lived, loopWidth, fontSizes.edge, { maxLines: 1 }));
        edges.push({ edge, d, labelLines: lines, labelX: (sx + tx) / 2, labelY: depth + 2, shape: 'loop' });
      }
      continue;
    }
    const otherNode = from ? edge.to : edge.from;
    const otherPage = pageOfNode[otherNode]!;
    const step = blueprint.nodes[otherNode]!.id;
    if (from) {
      const y = from.y + from.height / 2;
      const forward = otherPage > pageNumber;
      const cx = forward ? rightConnector : leftConnector;
      const x1 = forward ? from.x + from.width : from.x;
      edges.push({ edge, d: `M${f(x1)},${f(y)} L${f(cx + (forward ? -connectorRadius : connectorRadius))},${f(y)}`, labelLines: [], labelX: 0, labelY: 0, shape: 'offPage', connector: { x: cx, y, page: otherPage, step, outgoing: true } });
    } else if (to) {
      const y = to.y + to.height / 2;
      const forward = otherPage < pageNumber;
      const cx = forward ? leftConnector : rightConnector;
      const x2 = forward ? to.x : to.x + to.width;
      edges.push({ edge, d: `M${f(cx + (forward ? connectorRadius : -connectorRadius))},${f(y)} L${f(x2)},${f(y)}`, labelLines: [], labelX: 0, labelY: 0, shape: 'offPage', connector: { x: cx, y, page: otherPage, step, outgoing: false } });
    }
  }
  return edges;
}

/** Whether the blueprint carries what an event log says (`replay`). */
function overlaid(blueprint: Blueprint): boolean {
  return blueprint.nodes.some((node) => node.lived !== undefined);
}

/** A coordinate with at most one decimal: small, stable SVG text. */
export function f(value: number): string {
  return String(Math.round(value * 10) / 10);
}
