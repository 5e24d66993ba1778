import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser, launchArguments } from '../../src/render/browser.js';
import { repositoryRoot, runCli } from '../support/cli.js';

const fixtures = path.join(repositoryRoot, 'test', 'fixtures', 'report');
const folder = mkdtempSync(path.join(tmpdir(), 'journey-audit-report-'));
const html = path.join(folder, 'report.html');
const pdf = path.join(folder, 'report.pdf');
let browser: Browser;
let run: ReturnType<typeof runCli>;

beforeAll(async () => {
  run = runCli(['report', fixtures, '--out', html, '--pdf', pdf, '--title', 'Acme <b>workshop</b>']);
  const location = findBrowser(undefined);
  if (!location.ok) throw new Error(`report tests need Chromium: ${location.message}`);
  browser = await puppeteer.launch({ executablePath: location.executablePath, headless: true, args: launchArguments(path.join(folder, 'profile')) });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('journey-audit report', () => {
  it('writes the HTML and the PDF and says so', () => {
    expect(run.stderr).toBe(`journey-audit: wrote ${html} (3 journeys, 0 not audited)\njourney-audit: wrote ${pdf}\n`);
    expect(run.stdout).toBe('');
    expect(run.status).toBe(0);
  });

  it('opens offline in Chromium with the sections in order, a blueprint per journey, and no script running', async () => {
    const page = await browser.newPage();
    const requests: string[] = [];
    const dialogs: string[] = [];
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      requests.push(request.url());
      void (request.url().startsWith('file:') ? request.continue() : request.abort());
    });
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(`file://${html}`, { waitUntil: 'load' });
    const facts = await page.evaluate(() => ({
      // Nothing wider than a 1280-pixel screen: no sideways scrolling, no table or cell text running out.
      pageWidth: document.documentElement.scrollWidth,
      overflowing: [...document.querySelectorAll('table, td, th, figure')].filter((element) => element.scrollWidth > element.clientWidth + 1).map((element) => element.textContent?.slice(0, 40)),
      pwned: (globalThis as { __pwned?: unknown }).__pwned ?? null,
      scripts: document.querySelectorAll('script').length,
      handlers: [...document.querySelectorAll('*')].filter((element) => [...element.attributes].some((attribute) => attribute.name.startsWith('on'))).length,
      javascriptLinks: [...document.querySelectorAll('a')].filter((link) => link.getAttribute('href')?.trim().toLowerCase().startsWith('javascript:')).length,
      headings: [...document.querySelectorAll('h1, h2')].map((heading) => heading.textContent),
      blueprints: [...document.querySelectorAll('section.journey')].filter((section) => section.querySelector('figure.blueprint svg.journey-blueprint')).length,
      text: document.body.innerText,
      title: document.title,
    }));
    expect(facts.pageWidth).toBeLessThanOrEqual(1280);
    expect(facts.overflowing).toEqual([]);
    expect(facts.pwned).toBeNull();
    expect(dialogs).toEqual([]);
    expect(facts.scripts).toBe(0);
    expect(facts.handlers).toBe(0);
    expect(facts.javascriptLinks).toBe(0);
    expect(requests.filter((url) => !url.startsWith('file:'))).toEqual([]);
    expect(facts.headings).toEqual([
      'Acme <b>workshop</b>',
      '1. Executive summary',
      '2. Channel × capability matrix',
      '3. Hand-off map',
      '4. Journeys',
      '5. Prioritised fixes',
      '6. Departments',
      '7. Appendix',
    ]);
    expect(facts.title).toBe('Acme <b>workshop</b>');
    expect(facts.blueprints).toBe(3);
    // Hostile strings from the YAML show literally.
    expect(facts.text).toContain("<script>window.__pwned = 'title'</script>");
    expect(facts.text).toContain('"><img src=x onerror="window.__pwned = \'description\'">');
    await page.close();
  }, 60_000);

  it('prints a PDF of sane length whose text can be extracted', () => {
    expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
    expect(pages).toBeGreaterThanOrEqual(5);
    expect(pages).toBeLessThanOrEqual(30);
    // Every page is A4 landscape (or a taller blueprint page at the same width), and no text is under 7 pt:
    // a DejaVu Sans word box is 1.164 times the font size high.
    const sizes = execFileSync('pdfinfo', ['-f', '1', '-l', String(pages), pdf], { encoding: 'utf8' }).match(/^Page +\d+ size: +[\d.]+ x [\d.]+/gm)!;
    expect(sizes).toHaveLength(pages);
    for (const size of sizes) expect(size).toMatch(/size: +841\.9\d* x (59[45]|[6-9]\d\d)\.\d+$/);
    const boxes = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8' });
    const heights = boxes.split('<page ').slice(1).flatMap((page) => {
      // The hand-off grid's column names are set upright: their box is as wide as other words are high,
      // so there the larger side of a box is its text height.
      const upright = page.includes('>Hand-off<');
      return [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">/g)].map((match) => {
        const [width, height] = [Number(match[3]) - Number(match[1]), Number(match[4]) - Number(match[2])];
        return upright ? Math.max(width, height) : height;
      });
    });
    expect(heights.length).toBeGreaterThan(500);
    expect(Math.min(...heights) / 1.164).toBeGreaterThanOrEqual(7);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('1. Executive summary');
    expect(text).toContain('Prioritised fixes');
    expect(text).toContain("<script>window.__pwned = 'title'</script>");
  });

  it('leaves diagrams out with --no-diagrams and needs no browser then', () => {
    const out = path.join(folder, 'plain.html');
    const plain = runCli(['report', fixtures, '--out', out, '--no-diagrams'], { env: { JOURNEY_AUDIT_BROWSER: '/nonexistent/chromium' } });
    expect(plain.status).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('Diagrams were left out (--no-diagrams).');
    expect(text).not.toContain('<figure');
  });

  it('creates the folders --out and --pdf name when they do not exist yet', () => {
    const out = path.join(folder, 'not', 'yet', 'report.html');
    const pdf = path.join(folder, 'also', 'new', 'report.pdf');
    const run = runCli(['report', fixtures, '--out', out, '--pdf', pdf]);
    expect(run.stderr).not.toContain('internal error');
    expect(run.status).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^<!DOCTYPE html>/i);
    expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  }, 60_000);

  it('refuses to overwrite a journey file', () => {
    const target = path.join(fixtures, 'hostile.journey.yaml');
    const before = readFileSync(target, 'utf8');
    const refused = runCli(['report', fixtures, '--out', target, '--no-diagrams']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe(`journey-audit: refusing to write ${target}: it is one of the files this run reads (a journey, config, plugin or baseline)\n`);
    expect(readFileSync(target, 'utf8')).toBe(before);
  });
});
