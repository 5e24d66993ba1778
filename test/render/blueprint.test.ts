import { readdirSync } from 'node:fs';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { auditFiles, resolveConfig } from '../../src/index.js';
import { builtinRules } from '../../src/rules/index.js';
import { buildJourney } from '../../src/model/journey.js';
import { parseYaml } from '../../src/parse/yaml-source.js';
import { drawBlueprint, type BlueprintDrawing } from '../../src/render/blueprint/index.js';
import { findBackEdges } from '../../src/render/blueprint/columns.js';
import { columnsPerPage, cutColumns, minimumFontSize, page } from '../../src/render/blueprint/layout.js';
import { buildBlueprint } from '../../src/render/blueprint/model.js';
import { plainText, textWidth, wrapText } from '../../src/render/blueprint/text.js';
import type { AuditedFile } from '../../src/engine/engine.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const bundled = readdirSync(path.join(root, 'journeys')).map((name) => path.join(root, 'journeys', name));
const longJourney = path.join(root, 'test', 'fixtures', 'blueprint', 'long-claims-process.journey.yaml');
const hostile = path.join(root, 'test', 'fixtures', 'render', 'hostile-labels.journey.yaml');

function audit(files: string[]): AuditedFile[] {
  return auditFiles(files, { config: resolveConfig(undefined, builtinRules, root), rules: builtinRules });
}

function journeyFromYaml(text: string) {
  return buildJourney(parseYaml(text).data as Record<string, unknown>);
}

const attributes = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', preserveOrder: true });

interface TextElement {
  x: number;
  y: number;
  size: number;
  bold: boolean;
  anchor: string;
  text: string;
}

/** Every <text> element of an SVG document with its position, size and content. */
function textsOf(svg: string): TextElement[] {
  const found: TextElement[] = [];
  const visit = (nodes: unknown[]) => {
    for (const node of nodes as Array<Record<string, unknown>>) {
      for (const [name, value] of Object.entries(node)) {
        if (name === ':@') continue;
        const children = value as Array<Record<string, unknown>>;
        if (name === 'text') {
          const own = node[':@'] as Record<string, string>;
          const content = children.map((child) => String(child['#text'] ?? '')).join('');
          found.push({ x: Number(own.x), y: Number(own.y), size: Number(own['font-size']), bold: own['font-weight'] === 'bold', anchor: own['text-anchor'] ?? 'start', text: content });
        } else if (Array.isArray(children)) visit(children);
      }
    }
  };
  visit(attributes.parse(svg) as unknown[]);
  return found;
}

const decode = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

const drawings = new Map<string, { result: AuditedFile; drawing: BlueprintDrawing }>();
async function drawn(file: string) {
  let entry = drawings.get(file);
  if (!entry) {
    const result = audit([file])[0]!;
    entry = { result, drawing: await drawBlueprint(result.model!, result.findings, { annotate: true }) };
    drawings.set(file, entry);
  }
  return entry;
}
const byName = (name: string) => bundled.find((file) => path.basename(file) === `${name}.journey.yaml`)!;

describe('blueprint rows', () => {
  const journey = journeyFromYaml(`
journey: replace-item
channels: [store, web]
steps:
  - id: choose
    kind: decision
    actor: customer
    next: [{ to: ask-online, when: online }, { to: ask-in-store, when: in store }]
  - id: ask-online
    actor: customer
    channel: web
    next: check
  - id: ask-in-store
    actor: customer
    channel: store
    next: clerk
  - id: clerk
    actor: agent
    channel: store
    owner: retail-ops
    uses: [pos]
    next: check
  - id: check
    actor: system
    owner: logistics
    uses: [erp, crm]
    next: ship
  - id: ship
    actor: backstage
    owner: warehouse
    next: done
  - id: done
    kind: end
    outcome: resolved
    channel: web
`);
  const blueprint = buildBlueprint(journey, [], { annotate: true });
  const rowOf = (id: string) => {
    const row = blueprint.rows[blueprint.nodes.find((node) => node.id === id)!.row]!;
    return row.name === undefined ? row.section : `${row.section}:${row.name}`;
  };

  it('puts the customer, each channel of the front stage, each department of the back stage and the systems in rows, in that order', () => {
    expect(blueprint.rows.map((row) => (row.name === undefined ? row.section : `${row.section}:${row.name}`))).toEqual(['customer', 'front:store', 'back:logistics', 'back:warehouse', 'systems']);
  });

  it('keeps back-office steps without a channel with their owner, never in a "no channel" row', () => {
    expect(rowOf('check')).toBe('back:logistics');
    expect(rowOf('ship')).toBe('back:warehouse');
    expect(rowOf('clerk')).toBe('front:store');
    expect(rowOf('ask-online')).toBe('customer');
    expect(rowOf('done')).toBe('customer');
  });

  it('can draw the whole back stage as one row', () => {
    const single = buildBlueprint(journey, [], { annotate: true, backstage: 'single' });
    expect(single.rows.map((row) => row.section)).toEqual(['customer', 'front', 'back', 'systems']);
  });

  it('orders the nodes by the flow and labels branches with their conditions', () => {
    expect(blueprint.nodes.map((node) => node.id)).toEqual(['choose', 'ask-online', 'ask-in-store', 'check', 'clerk', 'ship', 'done']);
    expect(blueprint.edges.filter((edge) => edge.label !== undefined).map((edge) => edge.label)).toEqual(['online', 'in store']);
  });
});

describe('blueprint columns and pages', () => {
  it('finds the edges that close loops with a depth-first search from the start', () => {
    const journey = journeyFromYaml(`
journey: loops
steps:
  - { id: a, next: b }
  - { id: b, next: [c, a] }
  - { id: c, next: [b, d] }
  - { id: d, kind: end }
`);
    const blueprint = buildBlueprint(journey, [], { annotate: false });
    const back = findBackEdges(blueprint);
    const closing = blueprint.edges.filter((_edge, index) => back[index]).map((edge) => `${blueprint.nodes[edge.from]!.id}->${blueprint.nodes[edge.to]!.id}`);
    expect(closing).toEqual(['b->a', 'c->b']);
  });

  it('cuts a long journey after the column that fewer arrows cross', () => {
    // Ten columns in a chain; 2 -> 5, 2 -> 6 and 3 -> 5 add arrows: after column 2 three cross, after column 3 four,
    // after column 5 two and after column 6 one.
    const column = Int32Array.from({ length: 10 }, (_unused, index) => index);
    const edges = [...Array.from({ length: 9 }, (_unused, index) => ({ from: index, to: index + 1 })), { from: 2, to: 5 }, { from: 2, to: 6 }, { from: 3, to: 5 }];
    expect(cutColumns(10, edges, column, 4)).toEqual([0, 3, 7]);
    expect(cutColumns(4, edges, column, 4)).toEqual([0]);
  });

  it('takes fewer columns onto a page when that many do not fit it', () => {
    const column = Int32Array.from({ length: 10 }, (_unused, index) => index);
    const chain = Array.from({ length: 9 }, (_unused, index) => ({ from: index, to: index + 1 }));
    // Columns 4 and 5 do not fit on one page together: column 4, which the page after 0-3 starts with, stays alone.
    const fits = (first: number, last: number) => !(first <= 4 && last >= 5);
    expect(cutColumns(10, chain, column, 4, fits)).toEqual([0, 4, 5, 9]);
    expect(cutColumns(10, chain, column, 4, () => false)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('fits four columns on an A4 landscape page', () => {
    expect(columnsPerPage).toBe(4);
    expect(page.width).toBe(842);
    expect(page.height).toBe(595);
  });
});

describe('blueprint text', () => {
  it('wraps without losing a word, and breaks long identifiers after hyphens', () => {
    const text = 'customers cannot dispute-transaction in the store channel: no step serves it';
    const lines = wrapText(text, 90, 8);
    expect(lines.join(' ')).toBe(text);
    for (const line of lines) expect(textWidth(line, 8)).toBeLessThanOrEqual(90);
    expect(wrapText('record-dispute-by-phone', 60, 8)).toEqual(['record-', 'dispute-by-', 'phone']);
  });

  it('ends a shortened name with an ellipsis', () => {
    const lines = wrapText('Tell the customer that the sender must file the claim with the carrier themselves', 80, 8.5, { bold: true, maxLines: 2 });
    expect(lines).toHaveLength(2);
    expect(lines[1]!.endsWith('…')).toBe(true);
  });

  it('turns Markdown code quotes into typographic quotes', () => {
    expect(plainText('no store step has `capability: x`')).toBe('no store step has ‘capability: x’');
  });
});

describe('blueprint SVG', () => {
  it('is well-formed, standalone SVG at A4 landscape, with no label under 8 pt, on every bundled journey', async () => {
    expect(minimumFontSize).toBe(8);
    for (const file of bundled) {
      const { drawing } = await drawn(file);
      for (const svg of drawing.pages) {
        expect(XMLValidator.validate(svg)).toBe(true);
        expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="297mm"')).toBe(true);
        expect(svg).not.toMatch(/<script|<foreignObject|href=/i);
        for (const text of textsOf(svg)) expect(text.size, `${path.basename(file)}: '${text.text}'`).toBeGreaterThanOrEqual(8);
      }
    }
  }, 60_000);

  it('keeps every label inside the page: nothing runs past the right edge', async () => {
    for (const file of [...bundled, longJourney]) {
      const { drawing } = await drawn(file);
      for (const svg of drawing.pages) {
        const width = Number(/viewBox="0 0 (\d+)/.exec(svg)![1]);
        for (const text of textsOf(svg)) {
          const measured = textWidth(decode(text.text), text.size, text.bold);
          const right = text.anchor === 'middle' ? text.x + measured / 2 : text.anchor === 'end' ? text.x : text.x + measured;
          const left = text.anchor === 'middle' ? text.x - measured / 2 : text.anchor === 'end' ? text.x - measured : text.x;
          expect(right, `${path.basename(file)}: '${text.text}'`).toBeLessThanOrEqual(width - 10);
          expect(left).toBeGreaterThanOrEqual(10);
        }
      }
    }
  }, 60_000);

  it('draws the two lines and the four kinds of row, labelled', async () => {
    const { drawing } = await drawn(byName('subscription-cancellation'));
    const first = drawing.pages[0]!;
    const texts = textsOf(first).map((text) => decode(text.text));
    expect(texts).toContain('line of interaction');
    expect(texts).toContain('Customer');
    expect(texts).toContain('Front stage');
    expect(texts).toContain('Systems');
    const all = drawing.pages.flatMap((svg) => textsOf(svg).map((text) => decode(text.text)));
    expect(all).toContain('line of visibility');
    expect(all).toContain('Back stage');
  });

  it('lists every finding once, in full, with a numbered badge on its step', async () => {
    for (const file of bundled) {
      const { result, drawing } = await drawn(file);
      const shown = result.findings.filter((finding) => !finding.suppressed && finding.category !== 'input' && finding.category !== 'suppression');
      const legendNumbers: number[] = [];
      for (const sheet of drawing.layout.pages) {
        for (const item of sheet.legend) {
          legendNumbers.push(item.entry.number);
          // Heading and text together hold the whole message: nothing is cut.
          expect([item.heading, ...item.lines].join(' ')).toContain(plainText(item.entry.finding.message).split(' ').slice(-3).join(' '));
          const words = plainText(item.entry.finding.message).split(/\s+/);
          expect(item.lines.join(' ').split(/\s+/).slice(-words.length).join(' ')).toBe(words.join(' '));
        }
      }
      expect(legendNumbers.sort((a, b) => a - b)).toEqual(shown.map((_finding, index) => index + 1));
      for (const entry of drawing.blueprint.findings) {
        if (entry.finding.step === undefined) continue;
        const badges = drawing.pages.join('').match(new RegExp(`<g class="badge badge-${entry.finding.severity}" data-finding="${entry.number}">`, 'g')) ?? [];
        // One badge on the step, one in the legend.
        expect(badges.length, `${path.basename(file)} finding ${entry.number}`).toBe(2);
      }
    }
  });

  it('gives each severity its own badge shape as well as its colour', async () => {
    const { drawing } = await drawn(byName('card-dispute'));
    const svg = drawing.pages.join('');
    expect(svg).toMatch(/<g class="badge badge-error"[^]*?<rect[^>]*fill="#b71c1c"\/><polygon points="([\d.]+,[\d.]+ ){3}[\d.]+,[\d.]+"/);
    expect(svg).toMatch(/<g class="badge badge-warning"[^]*?<rect[^>]*fill="#e65100"\/><polygon points="([\d.]+,[\d.]+ ){2}[\d.]+,[\d.]+"/);
  });

  it('shows the evidence: a trap loop in red, a forced channel switch as a crossing arrow, an unreachable step greyed', async () => {
    const delivery = (await drawn(byName('delivery-problem'))).drawing;
    const trapEdges = delivery.blueprint.edges.filter((edge) => edge.mark === 'trap').map((edge) => `${delivery.blueprint.nodes[edge.from]!.id}->${delivery.blueprint.nodes[edge.to]!.id}`);
    expect(trapEdges.sort()).toEqual(['answer-damage-email->report-damage-to-carrier', 'email-shop-about-carrier->answer-damage-email', 'refer-customer-to-sender->email-shop-about-carrier', 'report-damage-to-carrier->refer-customer-to-sender']);
    expect(delivery.pages.join('')).toContain('class="edge edge-trap edge-forward"');

    const cancellation = (await drawn(byName('subscription-cancellation'))).drawing;
    const switches = cancellation.blueprint.edges.filter((edge) => edge.mark === 'channelSwitch');
    expect(switches.map((edge) => [cancellation.blueprint.nodes[edge.from]!.id, cancellation.blueprint.nodes[edge.to]!.id, edge.label])).toEqual([['open-cancel-page', 'call-as-the-page-asks', 'channel switch web → phone']]);
    const from = cancellation.blueprint.nodes[switches[0]!.from]!;
    const to = cancellation.blueprint.nodes[switches[0]!.to]!;
    // Only the customer's own steps move the customer: the switch runs from the web page to the customer's own call.
    expect(cancellation.blueprint.rows[from.row]!.section).toBe('customer');
    expect(cancellation.blueprint.rows[to.row]!.section).toBe('customer');
    expect(cancellation.pages[0]).toContain('class="edge edge-channelSwitch edge-forward"');

    const result = audit([path.join(root, 'test', 'fixtures', 'render', 'card-dispute.journey.yaml')])[0]!;
    const fixture = await drawBlueprint(result.model!, result.findings, { annotate: true });
    expect(fixture.pages.join('')).toMatch(/<g class="step kind-\w+ unreachable[^"]*" data-step="branch-visit">[^]*?fill="#eeeeee" stroke="#9e9e9e" stroke-width="[\d.]+" stroke-dasharray="4 3"/);
  });

  it('splits a 150-step journey into numbered A4 landscape pages, each step on exactly one of them', async () => {
    const { result, drawing } = await drawn(longJourney);
    expect(drawing.pages.length).toBeGreaterThan(20);
    const placed = drawing.layout.pages.flatMap((sheet) => sheet.nodes.map((node) => drawing.blueprint.nodes[node.node]!));
    expect(placed.filter((node) => node.step >= 0).map((node) => node.id).sort()).toEqual(result.model!.steps.map((step) => step.id).sort());
    // A `next` that names no step is drawn once, as a ghost box.
    expect(placed.filter((node) => node.kind === 'missing').map((node) => node.id)).toEqual(['step-missing-12']);
    drawing.layout.pages.forEach((sheet, index) => {
      expect(sheet.width).toBe(842);
      expect(sheet.height).toBe(595);
      expect(sheet.subtitle.startsWith(`Service blueprint · page ${index + 1} of ${drawing.pages.length} · `)).toBe(true);
      if (sheet.firstColumn >= 0) expect(sheet.lastColumn - sheet.firstColumn + 1).toBeLessThanOrEqual(columnsPerPage);
    });
    // Every arrow to another page ends at a connector that names that page.
    const connectors = drawing.layout.pages.flatMap((sheet) => sheet.edges.filter((edge) => edge.connector).map((edge) => ({ here: sheet.number, there: edge.connector!.page })));
    expect(connectors.length).toBeGreaterThan(0);
    for (const { here, there } of connectors) expect(there).not.toBe(here);
  });

  it('keeps every page of a journey with 12 channels and 8 departments on A4 landscape, its rows spread over pages when one column needs more', async () => {
    const file = path.join(root, 'test', 'fixtures', 'blueprint', 'complaint-every-channel.journey.yaml');
    const { result, drawing } = await drawn(file);
    const { blueprint } = drawing;
    expect(blueprint.rows.filter((row) => row.section === 'front')).toHaveLength(12);
    expect(blueprint.rows.filter((row) => row.section === 'back').length).toBeGreaterThanOrEqual(6);
    const sheets = drawing.layout.pages;
    expect(sheets.map((sheet) => sheet.subtitle.replace(/^Service blueprint · /, ''))).toEqual([
      'page 1 of 6 · column 1 of 6',
      'page 2 of 6 · column 2 of 6 · rows, part 1 of 2',
      'page 3 of 6 · column 2 of 6 · rows, part 2 of 2',
      'page 4 of 6 · column 3 of 6',
      'page 5 of 6 · column 4 of 6',
      'page 6 of 6 · columns 5–6 of 6',
    ]);
    for (const [index, sheet] of sheets.entries()) {
      expect(sheet.height).toBe(595);
      // Nothing is drawn below the bottom margin and the page number.
      for (const row of sheet.rows) expect(row.y + row.height).toBeLessThanOrEqual(595 - 20 - 12);
      for (const text of textsOf(drawing.pages[index]!)) {
        expect(text.size).toBeGreaterThanOrEqual(8);
        expect(text.y).toBeLessThanOrEqual(595);
      }
    }
    // Every step is on exactly one page, and the twelve channels' steps are split between pages 2 and 3.
    const pageOfStep = new Map(sheets.flatMap((sheet) => sheet.nodes.map((node) => [blueprint.nodes[node.node]!.id, sheet.number] as const)));
    expect([...pageOfStep.keys()].sort()).toEqual(result.model!.steps.map((step) => step.id).sort());
    const channelPages = result.model!.steps.filter((step) => step.id.startsWith('receive-')).map((step) => pageOfStep.get(step.id));
    expect(new Set(channelPages)).toEqual(new Set([2, 3]));
    // The arrows from the channel steps on page 3 come from page 1 and go on to page 4, by connectors.
    const page3 = sheets[2]!.edges.filter((edge) => edge.connector).map((edge) => edge.connector!.page);
    expect(new Set(page3)).toEqual(new Set([1, 4]));
  });

  it('is the same for the same input, and escapes hostile labels as text', async () => {
    const result = audit([hostile])[0]!;
    const first = await drawBlueprint(result.model!, result.findings, { annotate: true });
    const second = await drawBlueprint(result.model!, result.findings, { annotate: true });
    expect(second.pages).toEqual(first.pages);
    for (const svg of first.pages) {
      expect(XMLValidator.validate(svg)).toBe(true);
      expect(svg).not.toMatch(/<script|<foreignObject|<img|onload=|href=/i);
    }
  });
});
