import { mkdtempSync, writeFileSync, chmodSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession, findBrowser, launchArguments, pagesFor } from '../../src/render/browser.js';
import { flowColumns, flowPageSvg, pagesScale, planFlowPages, smallestFlowTextPx } from '../../src/render/flow-pages.js';
import { journeyToMermaid, numberFindings, pageFindings } from '../../src/render/mermaid.js';
import { cardDisputeFindings, loadJourney, parcelFindings } from './helpers.js';

/** Real rendering in headless Chromium: one browser for the whole file. */

const all = new Set(['svg', 'png', 'pdf'] as const);
let session: BrowserSession;
let inspector: Page;

interface SvgFacts {
  parseError: string | null;
  text: string;
  nodes: number;
  edges: number;
  scripts: number;
  eventAttributes: string[];
  scriptUrls: string[];
}

/** Parses SVG text as XML in the browser (DOMParser) and reports what a reader of the file would get. */
async function inspectSvg(svg: string): Promise<SvgFacts> {
  return inspector.evaluate((source) => {
    const g = globalThis as unknown as { DOMParser: new () => { parseFromString(text: string, type: string): any } };
    const document = new g.DOMParser().parseFromString(source, 'image/svg+xml');
    const error = document.getElementsByTagName('parsererror')[0];
    const elements = Array.from(document.getElementsByTagName('*')) as any[];
    const attributes = elements.flatMap((element) => Array.from(element.attributes as ArrayLike<{ name: string; value: string }>));
    return {
      parseError: error ? String(error.textContent) : null,
      text: String(document.documentElement.textContent).replace(/\s+/g, ' '),
      nodes: document.querySelectorAll('g.node').length,
      edges: document.querySelectorAll('.edgePaths path:not(.edge-thickness-invisible)').length,
      scripts: document.getElementsByTagName('script').length,
      eventAttributes: attributes.filter((attribute) => /^on/i.test(attribute.name)).map((attribute) => attribute.name),
      scriptUrls: attributes.filter((attribute) => /^\s*javascript:/i.test(attribute.value)).map((attribute) => attribute.value),
    };
  }, svg);
}

function pngSize(png: Uint8Array): { width: number; height: number } {
  const bytes = Buffer.from(png);
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

beforeAll(async () => {
  const location = findBrowser(undefined);
  if (!location.ok) throw new Error(`rendering tests need Chromium: ${location.message}`);
  session = await BrowserSession.open({ executablePath: location.executablePath, theme: 'default' });
  inspector = await (session as unknown as { browser: Browser }).browser.newPage();
}, 60_000);

afterAll(async () => {
  await session?.close();
});

describe('rendering in Chromium', () => {
  it('card-dispute: well-formed SVG with every step label and every badge, a sane PNG, a PDF', async () => {
    const journey = loadJourney('card-dispute.journey.yaml');
    const rendered = await session.render(journeyToMermaid(journey, cardDisputeFindings, { lanes: 'channel', annotate: true, theme: 'default' }), all);
    const facts = await inspectSvg(rendered.svg!);
    expect(facts.parseError).toBeNull();
    for (const step of journey.steps) expect(facts.text).toContain(step.name ?? step.id);
    for (const badge of ['✖2 ·', '▲3 ·', '▲4 ✖5 ·', '✖5 ·', '✖6 ·']) expect(facts.text).toContain(badge);
    for (const ruleId of ['no-human-escape', 'trap-loop', 'unreachable-step', 'repeated-data-request', 'silent-wait', 'path-too-long']) expect(facts.text).toContain(ruleId);
    expect(facts.text).toContain('no way to a person');
    expect(facts.nodes).toBe(journey.steps.length + 1 + cardDisputeFindings.length);
    expect(facts.edges).toBe(journey.edges.length + 1);

    const { width, height } = pngSize(rendered.png!);
    expect(width).toBeGreaterThan(1500);
    expect(width).toBeLessThanOrEqual(16_000);
    expect(height).toBeGreaterThan(400);
    expect(height).toBeLessThan(width);
    expect(Buffer.from(rendered.pdf!).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  }, 30_000);

  it('parcel-missing in owner lanes, not annotated: only the journey is drawn', async () => {
    const journey = loadJourney('all-kinds-by-owner.journey.yaml');
    const rendered = await session.render(journeyToMermaid(journey, parcelFindings, { lanes: 'owner', annotate: false, theme: 'default' }), new Set(['svg'] as const));
    expect(rendered.png).toBeUndefined();
    const facts = await inspectSvg(rendered.svg!);
    expect(facts.parseError).toBeNull();
    // Steps, the start mark and the ghost node of the missing target; no legend.
    expect(facts.nodes).toBe(journey.steps.length + 2);
    expect(facts.text).not.toContain('unknown-step');
    for (const lane of ['customer', 'digital', 'customer-care', 'carrier-relations', 'finance', 'no owner']) expect(facts.text).toContain(lane);
  }, 30_000);

  it('hostile names are shown as text, run nothing and add no nodes or edges', async () => {
    const journey = loadJourney('hostile-labels.journey.yaml');
    const rendered = await session.render(journeyToMermaid(journey, [], { lanes: 'owner', annotate: true, theme: 'default' }), all);
    const facts = await inspectSvg(rendered.svg!);
    expect(facts.parseError).toBeNull();
    expect(facts.nodes).toBe(journey.steps.length + 1);
    expect(facts.edges).toBe(journey.edges.length + 1);
    expect(facts.scripts).toBe(0);
    expect(facts.eventAttributes).toEqual([]);
    expect(facts.scriptUrls).toEqual([]);
    for (const step of journey.steps) expect(facts.text).toContain(step.name!);
    for (const edge of journey.edges) if (edge.when) expect(facts.text).toContain(edge.when);
    for (const owner of ['end', 'graph', 'style', 'subgraph']) expect(facts.text).toContain(owner);

    // Nothing ran where the diagram was drawn, nor when the SVG file is opened on its own.
    const page = (session as unknown as { page: Page }).page;
    expect(await page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned)).toBeUndefined();
    await inspector.goto(`data:image/svg+xml;base64,${Buffer.from(rendered.svg!).toString('base64')}`);
    expect(await inspector.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned)).toBeUndefined();
    await inspector.goto('about:blank');
    pngSize(rendered.png!);
  }, 30_000);

  it('numbers legend entries as in the Mermaid text', async () => {
    const journey = loadJourney('all-kinds-by-owner.journey.yaml');
    const rendered = await session.render(journeyToMermaid(journey, parcelFindings, { lanes: 'channel', annotate: true, theme: 'default' }), new Set(['svg'] as const));
    const facts = await inspectSvg(rendered.svg!);
    for (const { number, finding } of numberFindings(parcelFindings)) expect(facts.text).toContain(`${number} · ${finding.ruleId}`);
  }, 30_000);

  it('a broken diagram fails alone: the session renders the next one', async () => {
    await expect(session.render('flowchart LR\n  a[unclosed', new Set(['svg'] as const))).rejects.toThrow(/Parse error|Expecting/);
    const rendered = await session.render('flowchart LR\n  a --> b', new Set(['svg'] as const));
    expect((await inspectSvg(rendered.svg!)).nodes).toBe(2);
  }, 30_000);
});

describe('flowchart pages in Chromium', () => {
  it('card-dispute on A4 pages: every text drawn at 8 pt or more, as measured by the browser on the printed sheet', async () => {
    const journey = loadJourney('card-dispute.journey.yaml');
    const options = { lanes: 'channel' as const, annotate: true, theme: 'default' as const };
    const plan = await planFlowPages(
      await flowColumns(journey, cardDisputeFindings),
      (slice) => ({ definition: journeyToMermaid(journey, cardDisputeFindings, { ...options, page: slice }), findings: pageFindings(journey, cardDisputeFindings, slice) }),
      async (definition) => (await session.render(definition, new Set(['svg'] as const))).svg!,
    );
    expect(plan.pages.length).toBeGreaterThan(1);
    const scale = pagesScale(plan.pages);
    for (const sheet of plan.pages) {
      const { svg, width, height } = flowPageSvg(sheet, { title: 'card-dispute', subtitle: `page ${sheet.number}`, total: plan.pages.length }, scale);
      expect([width, height]).toEqual([842, 595]);
      expect((await inspectSvg(svg)).parseError).toBeNull();
      // The sheet at its printed size (one point = 4/3 CSS pixel); each piece of text's size on screen, in points.
      await inspector.setContent(`<!DOCTYPE html><html><body style="margin:0">${svg.replace('<svg xmlns', '<svg style="width:842pt;height:595pt" xmlns')}</body></html>`);
      const sizes = await inspector.evaluate(() => {
        const g = globalThis as unknown as { document: any; getComputedStyle(element: unknown): { fontSize: string; display: string; visibility: string } };
        const found: Array<{ text: string; points: number; pixels: number; inDrawing: boolean }> = [];
        const walker = g.document.createTreeWalker(g.document.body, 4);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = String(node.textContent ?? '').trim();
          const element = node.parentElement;
          if (text === '' || !element || element.closest('style, title')) continue;
          const style = g.getComputedStyle(element);
          if (style.display === 'none' || style.visibility === 'hidden') continue;
          // The user-space scale of the nearest SVG element around the text, on screen.
          const owner = element.closest('svg');
          const screenScale = owner.getScreenCTM().a;
          found.push({ text, points: parseFloat(style.fontSize) * screenScale * 0.75, pixels: parseFloat(style.fontSize), inDrawing: element.closest('svg[id^="journey-diagram"]') !== null });
        }
        return found;
      });
      expect(sizes.length).toBeGreaterThan(5);
      for (const { text, points } of sizes) expect(points, text).toBeGreaterThanOrEqual(7.99);
      // The smallest text inside Mermaid's drawing is the size the page planning assumes.
      const inDrawing = sizes.filter((size) => size.inDrawing);
      expect(inDrawing.length).toBeGreaterThan(0);
      expect(Math.min(...inDrawing.map((size) => size.pixels))).toBe(smallestFlowTextPx);
    }
  }, 120_000);
});

describe('drawing in several pages', () => {
  let pair: BrowserSession;
  beforeAll(async () => {
    const location = findBrowser(undefined);
    if (!location.ok) throw new Error(`rendering tests need Chromium: ${location.message}`);
    pair = await BrowserSession.open({ executablePath: location.executablePath, theme: 'default', pages: 2 });
  }, 60_000);
  afterAll(async () => {
    await pair?.close();
  });

  it('gives the same SVG whichever page draws it, and on every run (apart from the diagram id)', async () => {
    const definition = journeyToMermaid(loadJourney('card-dispute.journey.yaml'), cardDisputeFindings, { lanes: 'channel', annotate: true, theme: 'default' });
    const svg = new Set(['svg'] as const);
    // Four at once: both pages draw, in turn; the first session drew the same definition as journey-diagram-0.
    const drawn = await Promise.all([0, 1, 2, 3].map(() => pair.render(definition, svg)));
    const single = await session.render(definition, svg);
    const normalised = [...drawn, single].map((rendered, index) => rendered.svg!.replaceAll(index < 4 ? `journey-diagram-${index}` : /journey-diagram-\d+/g, 'ID'));
    expect(normalised[0]).toContain('IVR asks for the reason of the call');
    expect(new Set(normalised).size).toBe(1);
    // Drawn by the two pages: four renders finished, and each page drew at least one.
    expect((pair as unknown as { pages: Page[] }).pages).toHaveLength(2);
  }, 60_000);

  it('a drawing page can load nothing: no network, no files, nothing beside Mermaid from its own origin', async () => {
    await pair.render('flowchart LR\n  a --> b', new Set(['svg'] as const));
    for (const page of (pair as unknown as { pages: Page[] }).pages) {
      const outcomes = await page.evaluate(async (urls) => {
        const results: string[] = [];
        for (const url of urls) results.push(await fetch(url).then(() => 'loaded', () => 'refused'));
        return results;
      }, ['https://example.com/', 'file:///etc/passwd', 'https://journey-audit.invalid/mermaid/../../package.json', 'https://journey-audit.invalid/mermaid/mermaid.min.js']);
      expect(outcomes).toEqual(['refused', 'refused', 'refused', 'refused']);
    }
  }, 60_000);

  it('uses one page per core, at most four, and one more only for every six diagrams', () => {
    expect([1, 6, 7, 12, 13, 20, 100].map((diagrams) => pagesFor(diagrams, 2))).toEqual([1, 1, 2, 2, 2, 2, 2]);
    expect([1, 7, 13, 19, 20, 100].map((diagrams) => pagesFor(diagrams, 8))).toEqual([1, 2, 3, 4, 4, 4]);
    expect(pagesFor(100, 1)).toBe(1);
  });
});

describe('finding the browser', () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'journey-audit-browser-test-'));
  const fake = path.join(folder, 'chromium');
  writeFileSync(fake, '#!/bin/sh\n');
  chmodSync(fake, 0o755);
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('takes --browser first, then JOURNEY_AUDIT_BROWSER, then PUPPETEER_EXECUTABLE_PATH', () => {
    expect(findBrowser(fake, { JOURNEY_AUDIT_BROWSER: '/nope' })).toEqual({ ok: true, executablePath: fake, source: '--browser' });
    expect(findBrowser(undefined, { JOURNEY_AUDIT_BROWSER: fake, PUPPETEER_EXECUTABLE_PATH: '/nope' })).toEqual({ ok: true, executablePath: fake, source: 'JOURNEY_AUDIT_BROWSER' });
    expect(findBrowser(undefined, { PUPPETEER_EXECUTABLE_PATH: fake })).toEqual({ ok: true, executablePath: fake, source: 'PUPPETEER_EXECUTABLE_PATH' });
  });

  it('says how to install a browser when a named one is not there', () => {
    const result = findBrowser(undefined, { JOURNEY_AUDIT_BROWSER: path.join(folder, 'missing') });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toBe(
      `the browser named by JOURNEY_AUDIT_BROWSER (${path.join(folder, 'missing')}) is not an executable file; install Chromium (Debian/Ubuntu: 'apt-get install chromium'), or point JOURNEY_AUDIT_BROWSER (or --browser) at a Chrome or Chromium executable`,
    );
  });

  it('looks for the well-known names when nothing is named, and explains how to get one when none is there', () => {
    expect(findBrowser(undefined, {}, [folder])).toEqual({ ok: true, executablePath: fake, source: 'well-known path' });
    expect(findBrowser(undefined, {}, [path.join(folder, 'empty')])).toEqual({
      ok: false,
      message: "no Chrome or Chromium browser found for svg, png and pdf output; install Chromium (Debian/Ubuntu: 'apt-get install chromium'), or point JOURNEY_AUDIT_BROWSER (or --browser) at a Chrome or Chromium executable",
    });
  });

  it('launches with container-safe flags and a private profile', () => {
    expect(launchArguments('/tmp/profile', true)).toEqual([
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--user-data-dir=/tmp/profile',
    ]);
    expect(launchArguments('/tmp/profile', false)).not.toContain('--no-sandbox');
  });
});
