import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { buildJourney } from '../../src/model/journey.js';
import { parseYaml } from '../../src/parse/yaml-source.js';
import { diagramSize, fitsSheet, flowPageSvg, minimumTextPt, pagesScale, planFlowPages, smallestFlowTextPx, type FlowColumns } from '../../src/render/flow-pages.js';
import { journeyToMermaid, pageFindings, type FlowPageSlice, type NumberedFinding } from '../../src/render/mermaid.js';
import { finding } from './helpers.js';

const journeyFromYaml = (text: string) => buildJourney(parseYaml(text).data as Record<string, unknown>);

describe('a page of the flowchart (Mermaid text)', () => {
  const journey = journeyFromYaml(`
journey: refund
steps:
  - { id: ask-refund, name: Ask for a refund, channel: web, actor: customer, next: check-order }
  - id: check-order
    name: Check the order
    kind: decision
    channel: phone
    actor: agent
    next: [{ to: pay-refund, when: order found }, { to: ask-refund, when: no such order }]
  - { id: pay-refund, name: Pay the refund, actor: backstage, owner: finance, next: refunded }
  - { id: refunded, name: Refund paid, kind: end }
`);
  const findings = [finding('silent-wait', 'warning', 9, 'the refund takes long', 'pay-refund'), finding('path-too-long', 'info', 1, 'the journey is long')];
  const options = { lanes: 'channel' as const, annotate: true, theme: 'default' as const };
  const pageOfStep = Int32Array.from([1, 1, 2, 2]);
  const first = journeyToMermaid(journey, findings, { ...options, page: { pageOfStep, number: 1 } });
  const second = journeyToMermaid(journey, findings, { ...options, page: { pageOfStep, number: 2 } });

  it('draws only the steps of the page, the start on the page that has it', () => {
    expect(first).toMatch(/^ {4}n0\[/m);
    expect(first).toMatch(/^ {4}n1\{/m);
    expect(first).not.toMatch(/^ {4}n[23]\b/m);
    expect(first).toContain('  s0 --> n0');
    expect(second).toMatch(/^ {4}n2\[/m);
    expect(second).toMatch(/^ {4}n3\(\(\(/m);
    expect(second).not.toMatch(/^ {4}n[01]\b/m);
    expect(second).not.toContain('s0');
  });

  it('ends an arrow to another page at a marker naming the page and the step, with the branch label kept', () => {
    expect(first).toContain('  p0["<b>continues on page 2</b><br/>→ Pay the refund"]');
    expect(first).toContain('  n1 -->|"order found"| p0');
    // The loop back stays on its page.
    expect(first).toContain('  n1 -->|"no such order"| n0');
    expect(second).toContain('  p0["<b>from page 1</b><br/>Check the order →"]');
    expect(second).toContain('  p0 -->|"order found"| n2');
    expect(first).toContain('  class p0 pageLink');
  });

  it('lists the findings on the sheet, not in the diagram: those of its steps, and on page 1 those about the whole journey', () => {
    expect(first).not.toContain('subgraph legend');
    expect(second).not.toContain('subgraph legend');
    const listed = (number: number) => pageFindings(journey, findings, { pageOfStep, number }).map((entry) => `${entry.number} ${entry.finding.ruleId}`);
    expect(listed(1)).toEqual(['1 path-too-long']);
    expect(listed(2)).toEqual(['2 silent-wait']);
    // The badge keeps the number of the whole journey's list.
    expect(second).toContain('▲2 · Pay the refund');
  });

  it('shows while planning the stand-in page number it is given', () => {
    const planned = journeyToMermaid(journey, findings, { ...options, page: { pageOfStep, number: 1, numberText: () => '00' } });
    expect(planned).toContain('continues on page 00');
  });

  it('styles only the arrows it draws: every linkStyle names one of them', () => {
    for (const text of [first, second]) {
      const links = text.split('\n').filter((line) => /^ {2}\S+ (-->|-\.->)/.test(line)).length;
      for (const match of text.matchAll(/^ {2}linkStyle (\d+) /gm)) expect(Number(match[1])).toBeLessThan(links);
    }
  });

  it('leaves a journey on one page exactly as before', () => {
    expect(journeyToMermaid(journey, findings, options)).toContain('subgraph legend["Findings"]');
    expect(journeyToMermaid(journey, findings, options)).not.toContain('continues on page');
  });
});

/**
 * A stand-in for Chromium: a page's drawing is 300 px wide per column it spans, 200 px more for markers, and
 * 100 px high per step in its fullest column. At 8 pt (0.5 pt a pixel) an A4 page holds 1604 × 1006 px.
 */
function fakeJourney(): { columns: FlowColumns; pageOf: (slice: FlowPageSlice) => { definition: string; findings: NumberedFinding[] }; draw: (definition: string) => Promise<string>; drawn: string[] } {
  // Steps 0-3 in columns 0-3; steps 4-15 side by side in column 4; step 16 in column 5; steps 17-19 in columns 6-8.
  const column = Int32Array.from([0, 1, 2, 3, ...Array.from({ length: 12 }, () => 4), 5, 6, 7, 8]);
  const edges = [
    { from: 0, to: 1 },
    { from: 1, to: 2 },
    { from: 2, to: 3 },
    ...Array.from({ length: 12 }, (_unused, index) => [
      { from: 3, to: 4 + index },
      { from: 4 + index, to: 16 },
    ]).flat(),
    { from: 16, to: 17 },
    { from: 17, to: 18 },
    { from: 18, to: 19 },
  ];
  const drawn: string[] = [];
  return {
    columns: { column, count: 9, edges },
    drawn,
    pageOf: (slice) => {
      const steps = [...slice.pageOfStep.keys()].filter((step) => slice.pageOfStep[step] === slice.number);
      const leaving = edges.filter((edge) => steps.includes(edge.from) && !steps.includes(edge.to)).map((edge) => edge.to);
      const numbers = [...new Set(leaving)].map((step) => `<b>continues on page ${slice.numberText ? slice.numberText(slice.pageOfStep[step]!, step) : slice.pageOfStep[step]}</b>`);
      const entering = edges.some((edge) => !steps.includes(edge.from) && steps.includes(edge.to));
      return { definition: `steps ${steps.join(',')} markers ${leaving.length > 0 || entering} ${numbers.join('')}`, findings: [] };
    },
    draw: async (definition) => {
      drawn.push(definition);
      const steps = /steps ([\d,]+)/.exec(definition)![1]!.split(',').map(Number);
      const perColumn = new Map<number, number>();
      for (const step of steps) perColumn.set(column[step]!, (perColumn.get(column[step]!) ?? 0) + 1);
      const width = 300 * perColumn.size + (definition.includes('markers true') ? 200 : 0);
      const height = 100 * Math.max(...perColumn.values());
      return `<svg id="journey-diagram-1" width="${width}" xmlns="http://www.w3.org/2000/svg" style="max-width: none;" viewBox="0 0 ${width} ${height}" height="${height}"><g>${definition.replace(/^.*? markers \w+ /, '')}</g></svg>`;
    },
  };
}

describe('planning the pages of a long flowchart', () => {
  it('cuts by stage, splits a column too tall for a page, joins neighbours that fit together, and every page fits at 8 pt', async () => {
    const { columns, pageOf, draw } = fakeJourney();
    const plan = await planFlowPages(columns, pageOf, draw);
    const pages = plan.pages.map((sheet) => `${sheet.firstColumn}-${sheet.lastColumn}${sheet.part ? ` part ${sheet.part.index}/${sheet.part.count}` : ''}`);
    expect(pages).toEqual(['0-3', '4-4 part 1/2', '4-4 part 2/2', '5-8']);
    for (const sheet of plan.pages) expect(fitsSheet(sheet.size, sheet.legendHeight)).toBe(true);
    // Each step on exactly one page, numbered in order.
    expect([...plan.pageOfStep]).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4]);
    expect(plan.pages.map((sheet) => sheet.number)).toEqual([1, 2, 3, 4]);
    // Planned with a stand-in as wide as any page number (the step's index), drawn with the real page numbers.
    expect(plan.pages[0]!.svg).toContain('<b>continues on page 2</b>');
    expect(plan.pages[3]!.svg).toBe(plan.pages[3]!.svg.replace(/<b>continues/g, ''));
    expect(plan.pages[2]!.svg).toContain('<b>continues on page 4</b>');
    expect(plan.pages.map((sheet) => sheet.svg).join('')).not.toMatch(/page 0\d/);
  });

  it('draws each planned page once, whatever its number turns out to be, and the final pages not again', async () => {
    const { columns, pageOf, draw, drawn } = fakeJourney();
    await planFlowPages(columns, pageOf, draw);
    expect(new Set(drawn).size).toBe(drawn.length);
    expect(drawn.some((definition) => /continues on page \d(?!\d)/.test(definition))).toBe(false);
  });

  it('knows what fits: 16 px text at 8 pt, an A4 landscape page less its margins, title and page number', () => {
    expect(smallestFlowTextPx * 0.5).toBe(minimumTextPt);
    expect(fitsSheet({ width: 1604, height: 1000 })).toBe(true);
    expect(fitsSheet({ width: 1606, height: 100 })).toBe(false);
    expect(fitsSheet({ width: 100, height: 1008 })).toBe(false);
    // A legend under the drawing takes its height from the drawing's.
    expect(fitsSheet({ width: 100, height: 900 }, 100)).toBe(false);
    expect(diagramSize('<svg id="a" viewBox="0 0 1234.5 67.25" width="1235">')).toEqual({ width: 1234.5, height: 67.25 });
  });
});

describe('a flowchart page as SVG', () => {
  it('stays A4 when the drawing fills the page exactly', async () => {
    const { columns, draw } = fakeJourney();
    const plan = await planFlowPages(columns, (slice) => ({ definition: `steps ${[...slice.pageOfStep.keys()].filter((step) => slice.pageOfStep[step] === slice.number).join(',')} markers true`, findings: [] }), draw);
    // 1592.885 px at 802 / 1592.885 pt a pixel is 802.0000000000001 pt.
    const sheet = { ...plan.pages[0]!, size: { width: 1592.8851318359375, height: 798 } };
    expect(flowPageSvg(sheet, { title: 't', subtitle: 's', total: 1 })).toMatchObject({ width: 842, height: 595 });
  });

  it('is a standalone A4 landscape sheet: title, the drawing fitted at 8 pt or more, the findings in full, the page number', async () => {
    const { columns, draw } = fakeJourney();
    const message = 'the wait of 5d at the bank is longer than the 2d the customer was told, and nobody tells them why';
    const entry: NumberedFinding = { number: 3, finding: finding('silent-wait', 'warning', 12, message, 'step-2') };
    const plan = await planFlowPages(columns, (slice) => ({ definition: `steps ${[...slice.pageOfStep.keys()].filter((step) => slice.pageOfStep[step] === slice.number).join(',')} markers true`, findings: slice.number === 1 ? [entry] : [] }), draw);
    const scale = pagesScale(plan.pages);
    expect(scale).toBeGreaterThanOrEqual(0.5);
    const { svg, width, height } = flowPageSvg(plan.pages[0]!, { title: 'Refund <fast> & fair', subtitle: 'Flowchart · page 1 of 4', total: 4 }, scale);
    expect([width, height]).toEqual([842, 595]);
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="297mm" height="210mm" viewBox="0 0 842 595"')).toBe(true);
    expect(svg).toContain('>Refund &lt;fast&gt; &amp; fair</text>');
    const placed = /<svg id="journey-diagram-1"[^>]*>/.exec(svg)![0];
    expect(placed).not.toContain('style=');
    expect(Number(/ width="([\d.]+)"/.exec(placed)![1]) / plan.pages[0]!.size.width).toBeCloseTo(scale, 3);
    // The legend: the whole message, at 8 pt or more like everything the sheet writes.
    const legendText = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => match[1]).join(' ');
    expect(legendText).toContain('3 silent-wait · warning · step step-2 · line 12');
    expect(legendText.replace(/\s+/g, ' ')).toContain(message);
    for (const match of svg.matchAll(/font-size="([\d.]+)"/g)) expect(Number(match[1])).toBeGreaterThanOrEqual(8);
    expect(svg).toContain('>1 / 4</text>');
  });
});
