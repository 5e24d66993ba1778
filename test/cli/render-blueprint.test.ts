import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditFiles, resolveConfig } from '../../src/index.js';
import { drawBlueprint } from '../../src/render/blueprint/index.js';
import { builtinRules } from '../../src/rules/index.js';

/** End to end: `render --view blueprint` through the built CLI, PNG through resvg and PDF through real Chromium. */

const root = path.resolve(import.meta.dirname, '..', '..');
const bin = path.join(root, 'bin', 'journey-audit.js');
const forbidBrowserModules = path.join(root, 'test', 'fixtures', 'render', 'forbid-browser-modules.mjs');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'journey-audit-blueprint-cli-'));
let folderCount = 0;
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const freshFolder = () => path.join(scratch, `out-${folderCount++}`);

function run(args: string[], options: { env?: Record<string, string>; nodeArgs?: string[] } = {}) {
  const env: Record<string, string | undefined> = { ...process.env, ...options.env };
  delete env.FORCE_COLOR;
  const result = spawnSync(process.execPath, [...(options.nodeArgs ?? []), bin, ...args], { cwd: root, env, encoding: 'utf8', timeout: 180_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const tool = (command: string, args: string[]) => spawnSync(command, args, { encoding: 'utf8' });
const hasPoppler = tool('pdfinfo', ['-v']).status === 0;

/** PNG width and height from the IHDR chunk. */
function pngSize(file: string): [number, number] {
  const data = readFileSync(file);
  return [data.readUInt32BE(16), data.readUInt32BE(20)];
}

describe('journey-audit render --view blueprint', () => {
  it('draws SVG and PNG pages without loading any browser code', () => {
    const out = freshFolder();
    const result = run(['render', 'journeys/subscription-cancellation.journey.yaml', 'journeys/delivery-problem.journey.yaml', '--view', 'blueprint', '--format', 'svg,png', '--out', out], {
      nodeArgs: ['--import', forbidBrowserModules],
      env: { JOURNEY_AUDIT_BROWSER: '/nonexistent/chromium', PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chromium' },
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const files = readdirSync(out).sort();
    const svgs = files.filter((name) => name.endsWith('.svg'));
    expect(result.stdout).toBe(`Rendered 2 of 2 journey files as blueprint svg, png (${svgs.length} pages) into ${out}\n`);
    expect(files).toEqual(svgs.flatMap((name) => [name.replace(/\.svg$/, '.png'), name]).sort());
    expect(svgs.filter((name) => name.startsWith('subscription-cancellation.blueprint-'))).toEqual(['subscription-cancellation.blueprint-1.svg', 'subscription-cancellation.blueprint-2.svg']);
    const first = readFileSync(path.join(out, 'subscription-cancellation.blueprint-1.svg'), 'utf8');
    expect(first).toContain('>line of interaction</text>');
    expect(first).toContain('>Verify the subscriber</text>');
    // 2 pixels per point: an A4 landscape page of 842 × 595 pt.
    expect(pngSize(path.join(out, 'subscription-cancellation.blueprint-1.png'))).toEqual([1684, 1190]);
    expect(readFileSync(path.join(out, 'delivery-problem.blueprint-1.png')).subarray(1, 4).toString('latin1')).toBe('PNG');
  }, 180_000);

  it('prints every page of a 150-step journey to an A4 landscape PDF with no text under 7 pt', () => {
    const out = freshFolder();
    const result = run(['render', 'test/fixtures/blueprint/long-claims-process.journey.yaml', 'journeys/card-dispute.journey.yaml', '--view', 'blueprint', '--format', 'pdf', '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['card-dispute.blueprint.pdf', 'long-claims-process.blueprint.pdf']);
    const pdf = path.join(out, 'long-claims-process.blueprint.pdf');
    expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    if (!hasPoppler) return;
    const info = tool('pdfinfo', [pdf]).stdout;
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)![1]);
    expect(pages).toBeGreaterThan(20);
    expect(info).toMatch(/^Page size:\s+841\.9\d* x 59[45]\.\d+ pts \(A4\)/m);
    // Text sizes measured in the PDF: a DejaVu Sans word box is 1.164 times the font size high.
    for (const file of [pdf, path.join(out, 'card-dispute.blueprint.pdf')]) {
      const boxes = tool('pdftotext', ['-bbox', file, '-']).stdout;
      const heights = [...boxes.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">/g)].map((match) => Number(match[2]) - Number(match[1]));
      expect(heights.length).toBeGreaterThan(100);
      expect(Math.min(...heights) / 1.164).toBeGreaterThanOrEqual(7);
      expect(tool('pdffonts', [file]).stdout).toContain('DejaVuSans');
    }
    expect(tool('pdftotext', ['-f', '1', '-l', '1', pdf, '-']).stdout).toContain(`Service blueprint · page 1 of ${pages}`);
  }, 180_000);

  it('draws in its layout thread exactly the pages that a layout in the main thread draws', async () => {
    const files = [...readdirSync(path.join(root, 'journeys')).map((name) => path.join('journeys', name)), 'test/fixtures/blueprint/long-claims-process.journey.yaml'];
    const out = freshFolder();
    const result = run(['render', ...files, '--view', 'blueprint', '--format', 'svg', '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const written = readdirSync(out).map((name) => readFileSync(path.join(out, name), 'utf8'));

    const config = resolveConfig(undefined, builtinRules, root);
    const inThisThread: string[] = [];
    for (const audited of auditFiles(files.map((file) => path.join(root, file)), { config, rules: builtinRules })) {
      const drawing = await drawBlueprint(audited.model!, audited.findings, { annotate: true, channels: config.settings.channels, backstage: 'owner' });
      inThisThread.push(...drawing.pages);
    }
    expect(written.length).toBeGreaterThan(files.length);
    expect(written.sort()).toEqual(inThisThread.sort());
  });

  it('refuses formats the blueprint view does not draw', () => {
    const result = run(['render', 'journeys/card-dispute.journey.yaml', '--view', 'blueprint', '--format', 'svg,mmd', '--out', freshFolder()]);
    expect(result.stderr).toBe('journey-audit: --view blueprint draws svg, png, pdf; not mmd\n');
    expect(result.status).toBe(2);
  });

  it('reports a file that is not a journey with its position and still draws the others', () => {
    const out = freshFolder();
    const result = run(['render', 'test/fixtures/render/invalid', 'journeys/retail-return.journey.yaml', '--view', 'blueprint', '--out', out]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^journey-audit: test\/fixtures\/render\/invalid\/[^:]+:\d+:\d+: not rendered: /m);
    expect(readdirSync(out).some((name) => name.startsWith('retail-return.blueprint-1.svg'))).toBe(true);
  });
});
