import type { Severity } from '../../types.js';
import { box, f, fontSizes, page, type Badge, type BlueprintPage, type LegendEntry, type PlacedNode } from './layout.js';
import type { Blueprint, BlueprintNode, EdgeMark } from './model.js';

/**
 * A laid-out blueprint page -> standalone SVG text. Pure and deterministic. One SVG unit is one point
 * and the page declares its size in millimetres (297 × 210 for A4 landscape), so a viewer, resvg and
 * Chromium's PDF printer all draw the text at the size the layout chose. Every piece of text from a
 * journey file is escaped as XML character data; nothing from the file becomes markup or an attribute
 * name.
 */

export const fontFamily = "'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif";

const severityColour: Record<Severity, string> = { error: '#b71c1c', warning: '#e65100', info: '#0d47a1' };
const severityFill: Record<Severity, string> = { error: '#ffebee', warning: '#fff3e0', info: '#e3f2fd' };

const sectionFill = { customer: '#fffde7', front: '#e3f2fd', back: '#f3e5f5', systems: '#eceff1' } as const;
const boxFill = { customer: '#fff9c4', front: '#ffffff', back: '#ffffff', systems: '#ffffff' } as const;

const edgeColour: Record<EdgeMark | 'plain', string> = { plain: '#455a64', trap: '#c62828', unreachable: '#9e9e9e', channelSwitch: '#1565c0', undeclared: '#c62828' };
const edgeWidth: Record<EdgeMark | 'plain', number> = { plain: 1.1, trap: 2.6, unreachable: 1.1, channelSwitch: 2.4, undeclared: 1.8 };
const edgeDash: Record<EdgeMark | 'plain', string | undefined> = { plain: undefined, trap: undefined, unreachable: '4 3', channelSwitch: '7 3', undeclared: '6 4' };
/** What the event log says (`replay`): the same dark green on every box. */
const livedColour = '#1b5e20';

/** Characters XML 1.0 does not allow at all (C0 controls but tab, line feed and carriage return; U+FFFE, U+FFFF). */
function forbiddenInXml(character: string): boolean {
  const code = character.charCodeAt(0);
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0xfffe || code === 0xffff;
}

export function escapeXml(text: string): string {
  // Forbidden characters become spaces.
  return Array.from(text, (character) => (forbiddenInXml(character) ? ' ' : character))
    .join('')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/**
 * The mark inside a badge: a square for errors, a triangle for warnings, a circle for info (at 8 pt an
 * octagon would read as a circle).
 */
function badgeShape(severity: Severity, cx: number, cy: number): string {
  const colour = '#ffffff';
  if (severity === 'error') return `<polygon points="${f(cx - 3.8)},${f(cy - 3.8)} ${f(cx + 3.8)},${f(cy - 3.8)} ${f(cx + 3.8)},${f(cy + 3.8)} ${f(cx - 3.8)},${f(cy + 3.8)}" fill="${colour}"/>`;
  if (severity === 'warning') return `<polygon points="${f(cx)},${f(cy - 4.8)} ${f(cx + 5)},${f(cy + 4)} ${f(cx - 5)},${f(cy + 4)}" fill="${colour}"/>`;
  return `<circle cx="${f(cx)}" cy="${f(cy)}" r="4.3" fill="${colour}"/>`;
}

/** One numbered badge: severity colour and shape, then the number. Each badge is its own pill, so 1 and 2 never read as 12. */
function badgeSvg(badge: Badge): string {
  const { entry, x, y, width } = badge;
  const severity = entry.finding.severity;
  return (
    `<g class="badge badge-${severity}" data-finding="${entry.number}">` +
    `<title>${escapeXml(`${entry.number}: ${entry.finding.ruleId} (${severity})`)}</title>` +
    `<rect x="${f(x)}" y="${f(y)}" width="${f(width)}" height="12" rx="6" fill="${severityColour[severity]}"/>` +
    badgeShape(severity, x + 7.5, y + 6) +
    `<text x="${f(x + 14)}" y="${f(y + 9)}" font-size="${fontSizes.badge}" font-weight="bold" fill="#ffffff">${entry.number}</text>` +
    '</g>'
  );
}

function textLines(lines: readonly string[], x: number, y: number, size: number, lineHeight: number, attributes = ''): string {
  return lines.map((line, index) => `<text x="${f(x)}" y="${f(y + index * lineHeight)}" font-size="${size}"${attributes}>${escapeXml(line)}</text>`).join('');
}

/** A box's outline by step kind: decisions pointed, ends round, the rest square-cornered. */
function nodeOutline(node: BlueprintNode, placed: PlacedNode, fill: string, stroke: string, strokeWidth: number, dash: string | undefined): string {
  const { x, y, width, height } = placed;
  const dashAttribute = dash ? ` stroke-dasharray="${dash}"` : '';
  const style = `fill="${fill}" stroke="${stroke}" stroke-width="${strokeWidth}"${dashAttribute}`;
  if (node.kind === 'decision') {
    const point = 7;
    return `<polygon points="${f(x)},${f(y + height / 2)} ${f(x + point)},${f(y)} ${f(x + width - point)},${f(y)} ${f(x + width)},${f(y + height / 2)} ${f(x + width - point)},${f(y + height)} ${f(x + point)},${f(y + height)}" ${style}/>`;
  }
  const radius = node.kind === 'end' ? Math.min(12, height / 2) : node.kind === 'wait' || node.kind === 'approval' ? 6 : 2;
  return `<rect x="${f(x)}" y="${f(y)}" width="${f(width)}" height="${f(height)}" rx="${radius}" ${style}/>`;
}

function nodeSvg(blueprint: Blueprint, placed: PlacedNode): string {
  const node = blueprint.nodes[placed.node]!;
  const section = blueprint.rows[node.row]!.section;
  let fill: string = node.automated ? '#ede7f6' : boxFill[section];
  let stroke = node.kind === 'end' ? '#2e7d32' : '#546e7a';
  let strokeWidth = node.kind === 'end' ? 1.8 : 1;
  let dash: string | undefined;
  let textColour = '#212121';
  if (node.worst !== undefined) {
    stroke = severityColour[node.worst];
    strokeWidth = node.worst === 'error' ? 2.2 : 1.8;
    fill = node.automated ? fill : severityFill[node.worst];
  }
  if (node.inTrap) {
    stroke = edgeColour.trap;
    strokeWidth = 2.6;
  }
  if (node.unreachable) {
    fill = '#eeeeee';
    stroke = '#9e9e9e';
    dash = '4 3';
    textColour = '#616161';
  }
  if (node.kind === 'missing') {
    fill = '#fafafa';
    stroke = severityColour.error;
    dash = '3 3';
    textColour = severityColour.error;
  }
  const classes = ['step', `kind-${node.kind}`];
  if (node.unreachable) classes.push('unreachable');
  if (node.inTrap) classes.push('trap');
  if (node.worst !== undefined) classes.push(`worst-${node.worst}`);
  const nameY = placed.y + box.padding + 8;
  const detailY = nameY + (placed.nameLines.length - 1) * box.nameLine + 11;
  const textX = placed.x + 5 + (node.kind === 'decision' ? 2 : 0);
  let out = `<g class="${classes.join(' ')}" data-step="${escapeXml(node.id)}">`;
  out += `<title>${escapeXml(`${node.name} (${node.id})`)}</title>`;
  out += nodeOutline(node, placed, fill, stroke, strokeWidth, dash);
  if (node.kind === 'end') out += `<rect x="${f(placed.x + 2.5)}" y="${f(placed.y + 2.5)}" width="${f(placed.width - 5)}" height="${f(placed.height - 5)}" rx="${Math.min(10, placed.height / 2 - 2.5)}" fill="none" stroke="${stroke}" stroke-width="0.8"/>`;
  if (node.start) out += `<polygon points="${f(placed.x - 9)},${f(placed.y + 2)} ${f(placed.x - 2)},${f(placed.y + 7)} ${f(placed.x - 9)},${f(placed.y + 12)}" fill="#263238"><title>start</title></polygon>`;
  out += textLines(placed.nameLines, textX, nameY, fontSizes.name, box.nameLine, ` font-weight="bold" fill="${textColour}"`);
  out += textLines(placed.detailLines, textX, detailY, fontSizes.detail, box.detailLine, ` fill="${node.unreachable ? textColour : '#37474f'}"`);
  if (placed.livedLines) out += `<g class="lived">${textLines(placed.livedLines, textX, detailY + placed.detailLines.length * box.detailLine, fontSizes.detail, box.detailLine, ` font-weight="bold" fill="${livedColour}"`)}</g>`;
  for (const badge of placed.badges) out += badgeSvg(badge);
  out += '</g>';
  return out;
}

const marker = (mark: EdgeMark | 'plain') =>
  `<marker id="arrow-${mark}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="${mark === 'plain' || mark === 'unreachable' ? 7 : 5}" markerHeight="${mark === 'plain' || mark === 'unreachable' ? 7 : 5}" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${edgeColour[mark]}"/></marker>`;
const markers = (['plain', 'trap', 'unreachable', 'channelSwitch'] as const).map(marker).join('');

/** One page of a blueprint as a standalone SVG document. */
export function blueprintPageSvg(blueprint: Blueprint, sheet: BlueprintPage): string {
  const { width, height } = sheet;
  const parts: string[] = [];
  const widthMm = (width * 25.4) / 72;
  const heightMm = (height * 25.4) / 72;
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${f(widthMm)}mm" height="${f(heightMm)}mm" viewBox="0 0 ${width} ${height}" font-family="${fontFamily.replace(/'/g, '&apos;')}" class="journey-blueprint" data-page="${sheet.number}" data-pages="${sheet.total}">`,
  );
  parts.push(`<title>${escapeXml(`${sheet.title}: service blueprint, page ${sheet.number} of ${sheet.total}`)}</title>`);
  // The undeclared arrowhead only where there are undeclared ways: a blueprint without an overlay stays as it was.
  parts.push(`<defs>${markers}${blueprint.edges.some((edge) => edge.mark === 'undeclared') ? marker('undeclared') : ''}</defs>`);
  parts.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(`<text x="${page.margin}" y="${page.margin + fontSizes.title}" font-size="${fontSizes.title}" font-weight="bold" fill="#263238">${escapeXml(sheet.title)}</text>`);
  parts.push(`<text x="${page.margin}" y="${page.margin + fontSizes.title + 13}" font-size="${fontSizes.subtitle}" fill="#455a64">${escapeXml(sheet.subtitle)}</text>`);
  if (sheet.journeyBadges.length > 0) {
    const first = sheet.journeyBadges[0]!;
    parts.push(`<text x="${f(first.x - 4)}" y="${page.margin + 11}" font-size="${fontSizes.subtitle}" text-anchor="end" fill="#455a64">about the whole journey:</text>`);
    for (const badge of sheet.journeyBadges) parts.push(badgeSvg(badge));
  }

  // Row bands and their labels.
  const diagramRight = sheet.width - page.margin;
  for (const row of sheet.rows) {
    const { section } = blueprint.rows[row.row]!;
    parts.push(`<g class="row row-${section}">`);
    parts.push(`<rect x="${page.margin}" y="${f(row.y)}" width="${f(diagramRight - page.margin)}" height="${f(row.height)}" fill="${sectionFill[section]}" stroke="#cfd8dc" stroke-width="0.6"/>`);
    parts.push(textLines(row.labelLines.slice(0, 1), page.margin + 5, row.y + 8 + fontSizes.rowLabel, fontSizes.rowLabel, 10.5, ' font-weight="bold" fill="#263238"'));
    parts.push(textLines(row.labelLines.slice(1), page.margin + 5, row.y + 8 + fontSizes.rowLabel + 10.5, fontSizes.rowLabel, 10.5, ' fill="#263238"'));
    parts.push('</g>');
  }
  for (const line of sheet.lines) {
    parts.push(`<g class="section-line"><line x1="${page.margin}" y1="${f(line.y)}" x2="${f(diagramRight)}" y2="${f(line.y)}" stroke="#37474f" stroke-width="1.2" stroke-dasharray="8 4"/>`);
    const labelWidth = line.label.length * 0.62 * fontSizes.lineLabel + 8;
    parts.push(`<rect x="${page.margin + 4}" y="${f(line.y - 5.5)}" width="${f(labelWidth)}" height="11" fill="#ffffff"/>`);
    parts.push(`<text x="${page.margin + 8}" y="${f(line.y + 3)}" font-size="${fontSizes.lineLabel}" font-style="italic" fill="#37474f">${escapeXml(line.label)}</text></g>`);
  }

  // System chips and their dotted links to the steps that use them.
  const placedByNode = new Map(sheet.nodes.map((node) => [node.node, node]));
  for (const chip of sheet.chips) {
    for (const user of chip.users) {
      const node = placedByNode.get(user);
      if (!node) continue;
      parts.push(`<line x1="${f(chip.x + 8 + chip.users.indexOf(user) * 4)}" y1="${f(node.y + node.height)}" x2="${f(chip.x + 8 + chip.users.indexOf(user) * 4)}" y2="${f(chip.y)}" stroke="#78909c" stroke-width="0.8" stroke-dasharray="1.5 2"/>`);
    }
    parts.push(`<g class="system" data-system="${escapeXml(chip.name)}"><rect x="${f(chip.x)}" y="${f(chip.y)}" width="${f(chip.width)}" height="14" rx="3" fill="#ffffff" stroke="#607d8b" stroke-width="0.8"/>`);
    parts.push(`<text x="${f(chip.x + 5)}" y="${f(chip.y + 10)}" font-size="${fontSizes.detail}" fill="#263238">${escapeXml(truncateChip(chip.name))}</text></g>`);
  }

  // Arrows under the boxes, labels above everything.
  const labels: string[] = [];
  for (const edge of sheet.edges) {
    const mark = edge.edge.mark ?? 'plain';
    const dash = edgeDash[mark] ? ` stroke-dasharray="${edgeDash[mark]}"` : '';
    const classes = `edge edge-${mark} edge-${edge.shape}`;
    parts.push(`<path class="${classes}" d="${edge.d}" fill="none" stroke="${edgeColour[mark]}" stroke-width="${edgeWidth[mark]}"${dash} marker-end="url(#arrow-${mark})"/>`);
    if (edge.connector) {
      const { x, y, page: otherPage, step, outgoing } = edge.connector;
      labels.push(
        `<g class="connector"><title>${escapeXml(`${outgoing ? 'continues at' : 'comes from'} step ${step} on page ${otherPage}`)}</title><circle cx="${f(x)}" cy="${f(y)}" r="8" fill="#ffffff" stroke="${edgeColour[mark]}" stroke-width="1.2"/>` +
          `<text x="${f(x)}" y="${f(y + 3)}" font-size="${fontSizes.edge}" font-weight="bold" text-anchor="middle" fill="#263238">${otherPage}</text></g>`,
      );
    }
    if (edge.labelLines.length > 0) {
      const longest = Math.max(...edge.labelLines.map((line) => line.length));
      const boxWidth = Math.min(longest * 0.62 * fontSizes.edge + 6, 200);
      labels.push(
        `<g class="edge-label"><rect x="${f(edge.labelX - boxWidth / 2)}" y="${f(edge.labelY - 8)}" width="${f(boxWidth)}" height="${f(edge.labelLines.length * 9.5 + 2)}" fill="#ffffff" fill-opacity="0.9"/>` +
          textLines(edge.labelLines, edge.labelX, edge.labelY, fontSizes.edge, 9.5, ` text-anchor="middle" fill="${mark === 'plain' ? '#37474f' : edgeColour[mark]}"`) +
          '</g>',
      );
    }
  }
  for (const node of sheet.nodes) parts.push(nodeSvg(blueprint, node));
  parts.push(...labels);

  // The findings, in full.
  if (sheet.legendTitle !== undefined) parts.push(legendSvg(sheet.legendTitle, sheet.legendY, sheet.legend));
  parts.push(`<text x="${f(sheet.width - page.margin)}" y="${f(sheet.height - 8)}" font-size="${fontSizes.subtitle}" text-anchor="end" fill="#78909c">${sheet.number} / ${sheet.total}</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** A legend: its title at `top`, then each finding in full with a badge of its severity's shape and colour. Shared with the flowchart's pages. */
export function legendSvg(title: string, top: number, entries: readonly LegendEntry[]): string {
  const parts = [`<g class="legend"><text x="${page.margin}" y="${f(top + 10)}" font-size="${fontSizes.legendHeading}" font-weight="bold" fill="#263238">${escapeXml(title)}</text>`];
  for (const item of entries) {
    const severity = item.entry.finding.severity;
    parts.push(`<g class="legend-entry" data-finding="${item.entry.number}">`);
    parts.push(badgeSvg({ entry: item.entry, x: item.x, y: item.y, width: 14 }).replace(/<text[^>]*>\d+<\/text>/, ''));
    parts.push(`<text x="${f(item.x + 18)}" y="${f(item.y + 9)}" font-size="${fontSizes.legend}" font-weight="bold" fill="${severityColour[severity]}">${escapeXml(item.heading)}</text>`);
    parts.push(textLines(item.lines, item.x + 18, item.y + 19, fontSizes.legend, 10, ' fill="#212121"'));
    parts.push('</g>');
  }
  parts.push('</g>');
  return parts.join('\n');
}

function truncateChip(name: string): string {
  const characters = Array.from(name);
  return characters.length > 22 ? `${characters.slice(0, 21).join('')}…` : name;
}
