import { describe, expect, it } from 'vitest';
import { renderHtmlReport, type ReportInput } from '../src/workshop/page.js';
import { prioritise } from '../src/workshop/priorities.js';
import { builtinRules } from '../src/rules/index.js';
import type { Finding } from '../src/types.js';

function finding(overrides: Partial<Finding>): Finding {
  return {
    ruleId: 'dead-end',
    category: 'broken',
    severity: 'error',
    message: "step 'update-records' has no `next`",
    file: 'journeys/address-change.journey.yaml',
    line: 3,
    column: 9,
    endLine: 3,
    endColumn: 20,
    journey: 'address-change',
    step: 'update-records',
    fingerprint: '0123456789abcdef0123',
    path: ['steps', 1],
    ...overrides,
  };
}

const hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';

function input(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    title: 'Acme journeys',
    generatedAt: '2026-11-23',
    version: '0.1.0',
    journeys: [
      {
        file: 'journeys/address-change.journey.yaml',
        id: 'address-change',
        title: 'Change my address',
        owner: 'operations',
        source: 'journey: address-change\nsteps:\n  - id: update-records\n    actor: backstage\n',
        steps: [
          { id: 'ask-address', name: 'Customer gives the new address', channel: 'web' },
          { id: 'update-records', name: 'Update the records', owner: 'billing' },
          { id: 'send-letter', name: 'Send a confirmation letter', channel: 'mail', owner: 'customer-care' },
        ],
        findings: [finding({}), finding({ ruleId: 'unowned-step', category: 'ownership', severity: 'warning', message: 'no owner', fingerprint: 'ffff' })],
        metrics: { steps: 4, customerEffortIndex: 35 },
        effortIndex: 35,
      },
      {
        file: 'journeys/store-pickup.journey.yaml',
        id: 'store-pickup',
        source: 'journey: store-pickup\n',
        findings: [],
        metrics: { steps: 3, customerEffortIndex: 5 },
        effortIndex: 5,
        diagramNote: 'Diagrams need Chromium.',
      },
    ],
    failedFiles: [{ file: 'journeys/broken.journey.yaml', message: 'YAML syntax error' }],
    matrix: {
      capabilities: ['collect-order', 'change-address'],
      channels: ['store', 'web'],
      cells: [
        { capability: 'collect-order', channel: 'store', status: 'completable', drift: [] },
        { capability: 'collect-order', channel: 'web', status: 'partial', drift: ['sla'] },
        { capability: 'change-address', channel: 'web', status: 'missing', drift: [] },
      ],
    },
    handoffs: [{ from: 'customer-care', to: 'billing', count: 3 }],
    rules: builtinRules.map((rule) => rule.meta),
    configText: 'extends: recommended\n',
    ...overrides,
  };
}

describe('HTML workshop report', () => {
  it('has the seven sections as ordered headings, with one h1', () => {
    const html = renderHtmlReport(input());
    const headings = [...html.matchAll(/<h([1-4])[^>]*>([^<]*)/g)].map((match) => `h${match[1]} ${match[2]}`);
    expect(headings.filter((heading) => heading.startsWith('h1') || heading.startsWith('h2'))).toEqual([
      'h1 Acme journeys',
      'h2 1. Executive summary',
      'h2 2. Channel × capability matrix',
      'h2 3. Hand-off map',
      'h2 4. Journeys',
      'h2 5. Prioritised fixes',
      'h2 6. Departments',
      'h2 7. Appendix',
    ]);
    expect(headings).toContain('h3 4.1 Change my address');
    expect(headings).toContain('h3 4.2 store-pickup');
  });

  it('shows matrix cells with text, not colour alone', () => {
    const html = renderHtmlReport(input());
    expect(html).toContain('<tr><th scope="row">collect-order</th><td class="m-completable"><span aria-hidden="true">●</span><span class="visually-hidden">completable</span></td><td class="m-partial"><span aria-hidden="true">◐</span> partial<span class="drift">drift: sla</span></td></tr>');
    // Not offered is a blank cell for the eye, words for a screen reader.
    expect(html).toContain('<tr><th scope="row">change-address</th><td class="m-not-offered"><span class="visually-hidden">not offered</span></td><td class="m-missing"><span aria-hidden="true">○</span> missing</td></tr>');
  });

  it('gives each department a page: its findings by priority, hand-offs both ways, journeys and steps', () => {
    const html = renderHtmlReport(input());
    const departments = [...html.matchAll(/<section id="department-([a-z-]+)" class="page department">\n<h3>([^<]*)<\/h3>\n<p class="meta">([^<]*)<\/p>/g)].map((match) => [match[1], match[2], match[3]]);
    expect(departments).toEqual([
      ['billing', '6.1 billing', '1 step in 1 journey · 2 findings to fix'],
      ['customer-care', '6.2 customer-care', '1 step in 1 journey · 0 findings to fix'],
      ['operations', '6.3 operations', '0 steps in 1 journey · accountable for address-change · 0 findings to fix'],
    ]);
    const billing = html.slice(html.indexOf('<section id="department-billing"'), html.indexOf('<section id="department-customer-care"'));
    // The dead-end (error) ranks before the unowned step (warning); both are on billing's step.
    expect([...billing.matchAll(/<tr><td>(\d+)<\/td><td>address-change<\/td><td><code>update-records<\/code><\/td><td>([^<]*(?:<code>[^<]*<\/code>)?)<\/td>/g)].map((match) => `${match[1]} ${match[2]}`)).toEqual([
      '1 step &#39;update-records&#39; has no <code>next</code>',
      '2 no owner',
    ]);
    expect(billing).toContain('<p><strong>Passes customers to:</strong> none.</p>');
    expect(billing).toContain('<p><strong>Receives customers from:</strong> customer-care (3).</p>');
    expect(billing).toContain('<li><a href="#journey-address-change">Change my address</a></li>');
    expect(billing).toContain('<tr><td>address-change</td><td><code>update-records</code></td><td>Update the records</td><td>back office</td></tr>');
  });

  it('shows Markdown code quotes in messages as code, never as raw backticks', () => {
    const html = renderHtmlReport(input());
    expect(html).toContain('step &#39;update-records&#39; has no <code>next</code>');
    const text = html.replace(/<pre[^]*?<\/pre>/g, '').replace(/<style>[^]*?<\/style>/, '');
    expect(text).not.toContain('`');
  });

  it('shows each finding with its position, a YAML snippet, the rationale and the fix', () => {
    const html = renderHtmlReport(input());
    expect(html).toContain('journeys/address-change.journey.yaml:3:9');
    expect(html).toContain('<span class="hit">&gt;    3 |   - id: update-records</span>');
    expect(html).toContain(`<strong>Why it matters:</strong> ${builtinRules.find((rule) => rule.meta.id === 'dead-end')!.meta.rationale}`);
    expect(html).toContain('<p class="note">Diagrams need Chromium.</p>');
    expect(html).toContain('<code>journeys/broken.journey.yaml</code>: YAML syntax error');
  });

  it('is self-contained: no scripts, no external resources', () => {
    const html = renderHtmlReport(input());
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
    expect(html).toContain("default-src 'none'");
  });

  it('escapes every string from YAML or config', () => {
    const html = renderHtmlReport(
      input({
        title: hostile,
        configText: hostile,
        journeys: [
          {
            file: hostile,
            id: hostile,
            title: hostile,
            owner: hostile,
            source: `journey: x\nname: ${hostile}\n`,
            findings: [finding({ message: hostile, line: 2, relatedSteps: [hostile] })],
            metrics: { steps: 1 },
            effortIndex: 1,
          },
        ],
        handoffs: [{ from: hostile, to: 'billing', count: 1 }],
        matrix: { capabilities: [hostile], channels: ['web'], cells: [{ capability: hostile, channel: 'web', status: 'missing', drift: [hostile] }] },
      }),
    );
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
  });
});

describe('prioritised fixes', () => {
  it('ranks by severity times impact and separates quick wins from structural changes', () => {
    const fixes = prioritise([
      {
        id: 'a',
        findings: [
          finding({ ruleId: 'unowned-step', severity: 'warning' }),
          finding({ ruleId: 'no-human-escape', severity: 'error', relatedSteps: ['b', 'c'] }),
          finding({ ruleId: 'schema', category: 'input' }),
          finding({ ruleId: 'dead-end', severity: 'error', suppressed: { kind: 'inSource' } }),
        ],
      },
    ], builtinRules.map((rule) => rule.meta));
    expect(fixes.map((fix) => [fix.finding.ruleId, fix.kind, fix.score])).toEqual([
      ['no-human-escape', 'structural', 21],
      ['unowned-step', 'quick', 6],
    ]);
  });
});
