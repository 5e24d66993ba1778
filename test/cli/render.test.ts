import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliRunOptions } from '../support/cli.js';

/** End to end: the built CLI, spawned as a user would run it (`npm test` builds first). */

const root = path.resolve(import.meta.dirname, '..', '..');
const fixtures = path.join('test', 'fixtures', 'render');
const forbidBrowserModules = path.join(root, fixtures, 'forbid-browser-modules.mjs');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'journey-audit-render-cli-'));
let folderCount = 0;

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function freshFolder(): string {
  return path.join(scratch, `out-${folderCount++}`);
}

const run = (args: string[], options: CliRunOptions = {}) => runCli(args, options);

const journeys = ['card-dispute', 'parcel-missing', 'hostile-labels'];
const journeyFiles = ['card-dispute.journey.yaml', 'all-kinds-by-owner.journey.yaml', 'hostile-labels.journey.yaml'].map((name) => path.join(fixtures, name));

describe('journey-audit render', () => {
  it('writes svg, png, pdf, mmd and md for every journey with one browser', () => {
    const out = freshFolder();
    const result = run(['render', ...journeyFiles, '--format', 'svg,png,pdf,mmd,md', '--out', out]);
    expect(result.stderr).toBe(['Rendering 1/3 parcel-missing…', 'Rendering 2/3 card-dispute…', 'Rendering 3/3 hostile-labels…', ''].join('\n'));
    expect(result.stdout).toBe(`Rendered 3 of 3 journey files as svg, png, pdf, mmd, md into ${out}\n`);
    expect(result.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(journeys.flatMap((id) => ['md', 'mmd', 'pdf', 'png', 'svg'].map((format) => `${id}.${format}`)).sort());
    const svg = readFileSync(path.join(out, 'card-dispute.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('IVR asks for the reason of the call');
    expect(readFileSync(path.join(out, 'card-dispute.png')).subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(readFileSync(path.join(out, 'card-dispute.pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const markdown = readFileSync(path.join(out, 'card-dispute.md'), 'utf8');
    expect(markdown).toContain(`\`\`\`mermaid\n${readFileSync(path.join(out, 'card-dispute.mmd'), 'utf8')}\`\`\`\n`);
    // The list numbers follow the whole catalog's findings; this one must be among them, numbered.
    expect(markdown).toMatch(/^\d+\. \*\*error\*\* `unreachable-step` at step branch-visit: step 'branch-visit' cannot be reached from the start step 'call-bank' \(line 79\)$/m);
  }, 120_000);

  it('writes mmd and md without loading any browser code', () => {
    const out = freshFolder();
    const result = run(['render', ...journeyFiles, '--format', 'mmd,md', '--out', out, '--lanes', 'owner'], {
      nodeArgs: ['--import', forbidBrowserModules],
      env: { JOURNEY_AUDIT_BROWSER: '/nonexistent/chromium', PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chromium' },
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(journeys.flatMap((id) => [`${id}.md`, `${id}.mmd`]).sort());
    expect(readFileSync(path.join(out, 'parcel-missing.mmd'), 'utf8')).toContain('subgraph lane1["digital"]');
  });

  it('the module guard works: asking for svg under it fails on the browser import', () => {
    const result = run(['render', journeyFiles[0]!, '--format', 'svg', '--out', freshFolder()], { nodeArgs: ['--import', forbidBrowserModules] });
    expect(result.stderr).toContain('forbidden module loaded: ../render/browser.js');
    expect(result.status).toBe(2);
  });

  it('without a browser: says how to install one, exits 2, and still writes mmd and md', () => {
    const out = freshFolder();
    const result = run(['render', journeyFiles[0]!, '--format', 'svg,mmd,md', '--out', out], { env: { JOURNEY_AUDIT_BROWSER: '/nonexistent/chromium' } });
    expect(result.stderr).toBe(
      [
        "journey-audit: cannot render svg: the browser named by JOURNEY_AUDIT_BROWSER (/nonexistent/chromium) is not an executable file; install Chromium (Debian/Ubuntu: 'apt-get install chromium'), or point JOURNEY_AUDIT_BROWSER (or --browser) at a Chrome or Chromium executable",
        `journey-audit: the mmd and md files were written to ${out}`,
        '',
      ].join('\n'),
    );
    expect(result.status).toBe(2);
    expect(readdirSync(out).sort()).toEqual(['card-dispute.md', 'card-dispute.mmd']);
  });

  it('reports a journey with schema errors and renders the others (exit 2)', () => {
    const out = freshFolder();
    const result = run(['render', path.join(fixtures, 'invalid'), journeyFiles[0]!, '--format', 'mmd', '--out', out]);
    expect(result.stderr).toBe(
      'journey-audit: test/fixtures/render/invalid/not-a-journey.journey.yaml:1:10: not rendered: \'journey\': "Not Kebab Case" must be lowercase kebab-case, like verify-identity\n',
    );
    expect(result.stdout).toBe(`Rendered 1 of 2 journey files as mmd into ${out}\n`);
    expect(result.status).toBe(2);
    expect(readdirSync(out)).toEqual(['card-dispute.mmd']);
  });

  it('never overwrites a journey file it is rendering', () => {
    const folder = freshFolder();
    rmSync(folder, { recursive: true, force: true });
    const source = readFileSync(path.join(root, journeyFiles[0]!), 'utf8');
    const input = path.join(scratch, 'card-dispute.mmd');
    writeFileSync(input, source);
    const result = run(['render', input, '--format', 'mmd', '--out', scratch]);
    expect(result.stderr).toBe(`journey-audit: ${input}: not writing ${input}: it is one of the files this run reads (a journey, config or plugin)\n`);
    expect(result.status).toBe(2);
    expect(readFileSync(input, 'utf8')).toBe(source);
  });

  it('rejects an unknown format with exit 2', () => {
    const result = run(['render', journeyFiles[0]!, '--format', 'svg,gif', '--out', freshFolder()]);
    expect(result.stderr).toBe("journey-audit: unknown format 'gif' for --format; choose from svg, png, pdf, mmd, md\n");
    expect(result.status).toBe(2);
  });

  it('names files after the journey id, never after anything else in the file', () => {
    const out = freshFolder();
    const result = run(['render', journeyFiles[1]!, '--format', 'mmd', '--out', out, '--no-annotate']);
    expect(result.status).toBe(0);
    expect(readdirSync(out)).toEqual(['parcel-missing.mmd']);
    expect(readFileSync(path.join(out, 'parcel-missing.mmd'), 'utf8')).not.toContain('Findings');
  });
});
