import escapeHtml from 'escape-html';
import { neutralisePage } from '../util/text.js';
import { categoryTitle } from '../docs/rule-docs.js';
import type { CapabilityStatus } from '../model/capabilities.js';
import type { RuleMeta } from '../rules/define.js';
import type { Category, Finding, Severity } from '../types.js';
import { formatDuration } from '../util/text.js';
import { barChart } from './charts.js';
import { buildDepartmentPages, departmentsSection, type DepartmentStep } from './departments.js';
import { prioritise, type PrioritisedFix } from './priorities.js';
import { heldBackNote } from '../formatters/stylish.js';

export interface MatrixCell {
  capability: string;
  channel: string;
  /** The weakest status any journey gives the capability in this channel. */
  status: CapabilityStatus;
  /** Kinds of drift the findings report for this channel and capability (see RuleMeta.drift), in that order. */
  drift: string[];
}

export interface ReportJourney {
  file: string;
  id: string;
  title?: string;
  owner?: string;
  /** What the journey is for, from its `description`. */
  description?: string;
  /** The YAML text, for snippets around each finding. */
  source: string;
  findings: Finding[];
  /** Named journey metrics (steps, hand-offs, effort index, ...), shown as a table. */
  metrics: Record<string, number | string | null>;
  /** Customer-effort index, 0-100, for the ranking. */
  effortIndex?: number;
  /** Rules held back on this journey until its schema and reference errors are fixed. */
  heldBack?: number;
  /** Inline SVG of the annotated diagram (trusted: produced by the renderer with securityLevel strict). */
  diagramSvg?: string;
  /**
   * The service blueprint, one inline SVG per page (trusted: written by render/blueprint, every text
   * escaped), each printed on a page of its own at full size; `blueprintHeight` is the pages' height in
   * points (595 for A4 landscape, more when the journey's rows need it).
   */
  blueprintPages?: string[];
  blueprintHeight?: number;
  /** The steps with their owners and channels, for the department pages. */
  steps?: DepartmentStep[];
  /** Why there is no diagram, when there is none. */
  diagramNote?: string;
  /** The journey as lived (`journey-audit replay --report`): trusted HTML built with escaped values by src/replay/report.ts. */
  livedHtml?: string;
}

/** What changed since an earlier state (`report --compare REF`), per journey. */
export interface ReportComparison {
  /** What was compared with, for the headings: "git v1.2", "the baseline ci/baseline.json". */
  label: string;
  /** False for a baseline file, which records findings but no metrics. */
  metricsCompared: boolean;
  journeys: Array<{
    file: string;
    journey: string;
    added: number;
    unchanged: number;
    fixed: Array<{ ruleId: string; message?: string }>;
    /** Metrics whose value changed: before and after. */
    metrics: Array<{ name: string; before: number | null; after: number | null }>;
    /** The journey did not exist at the ref. */
    newSince?: boolean;
  }>;
}

export interface ReportInput {
  title: string;
  /** Date line shown in the header; passed in so generation stays pure. */
  generatedAt: string;
  version: string;
  journeys: ReportJourney[];
  /** Files that could not be audited, with the reason. */
  failedFiles: Array<{ file: string; message: string }>;
  matrix: { capabilities: string[]; channels: string[]; cells: MatrixCell[] };
  /** How often a journey passes the customer from one department to another. */
  handoffs: Array<{ from: string; to: string; count: number }>;
  rules: ReadonlyArray<RuleMeta<object>>;
  /** The configuration in force, as YAML or JSON text. */
  configText: string;
  /** Set when a baseline suppressed findings. */
  baselineNote?: string;
  /** Set by --compare: new, fixed and unchanged findings and metric changes per journey. */
  comparison?: ReportComparison;
}

/** HTML-escaped, with control and direction characters shown as `\uXXXX` so a name cannot reorder what is read. */
const esc = (value: unknown): string => escapeHtml(neutralisePage(String(value)));

/** Rule messages and rule texts quote YAML in Markdown backticks; in HTML the quotes become code. */
function messageHtml(text: string): string {
  return esc(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

const severityOrder: Severity[] = ['error', 'warning', 'info'];
const categories: Category[] = ['broken', 'redundant', 'channel', 'ownership', 'privacy', 'replay', 'input'];
const statusText: Record<CapabilityStatus, { label: string; symbol: string }> = {
  completable: { label: 'completable', symbol: '●' },
  partial: { label: 'partial', symbol: '◐' },
  missing: { label: 'missing', symbol: '○' },
  'not-offered': { label: 'not offered', symbol: '–' },
};

const metricLabels: Record<string, string> = {
  steps: 'Steps',
  channels: 'Channels',
  owners: 'Departments involved',
  decisions: 'Decisions',
  shortestPathSteps: 'Shortest way to resolution (steps)',
  longestPathSteps: 'Longest way to resolution (steps)',
  expectedMinutesToResolution: 'Expected time to resolution',
  handoffsWorstPath: 'Hand-offs on the worst path',
  channelSwitches: 'Channel switches',
  dataItemsAsked: 'Data items asked',
  dataItemsAskedTwice: 'Data items asked twice',
  automatedStepsWithoutHumanRoute: 'Automated steps without a way to a person',
  customerEffortIndex: 'Customer-effort index (0-100)',
  customerEffortTerms: 'Effort index terms',
};

function active(findings: readonly Finding[]): Finding[] {
  return findings.filter((finding) => !finding.suppressed);
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'journey';
}

function severityBadge(severity: Severity): string {
  return `<span class="sev sev-${severity}">${severity}</span>`;
}

/** The lines around a finding, with line numbers; the finding's line is marked in text, not only colour. */
function snippet(source: string, finding: Finding): string {
  const lines = source.split(/\r?\n/);
  const first = Math.max(1, finding.line - 2);
  const last = Math.min(lines.length, finding.line + 2);
  const rows: string[] = [];
  for (let line = first; line <= last; line++) {
    const marker = line === finding.line ? '&gt;' : ' ';
    const text = (lines[line - 1] ?? '').slice(0, 200);
    rows.push(`<span class="${line === finding.line ? 'hit' : ''}">${marker} ${String(line).padStart(4)} | ${esc(text)}</span>`);
  }
  return `<pre class="snippet" aria-label="YAML around line ${finding.line}">${rows.join('\n')}</pre>`;
}

function summarySection(input: ReportInput, allFindings: Finding[]): string {
  const counts = new Map<string, number>();
  for (const finding of allFindings) counts.set(`${finding.category}|${finding.severity}`, (counts.get(`${finding.category}|${finding.severity}`) ?? 0) + 1);
  const usedCategories = categories.filter((category) => severityOrder.some((severity) => counts.get(`${category}|${severity}`)));
  const rows = usedCategories
    .map((category) => {
      const cells = severityOrder.map((severity) => `<td>${counts.get(`${category}|${severity}`) ?? 0}</td>`).join('');
      const total = severityOrder.reduce((sum, severity) => sum + (counts.get(`${category}|${severity}`) ?? 0), 0);
      return `<tr><th scope="row">${esc(categoryTitle(category))}</th>${cells}<td>${total}</td></tr>`;
    })
    .join('\n');
  const errors = allFindings.filter((finding) => finding.severity === 'error').length;
  const warnings = allFindings.filter((finding) => finding.severity === 'warning').length;
  const withFindings = input.journeys.filter((journey) => active(journey.findings).length > 0).length;
  const ranked = [...input.journeys].filter((journey) => journey.effortIndex !== undefined).sort((a, b) => b.effortIndex! - a.effortIndex! || a.id.localeCompare(b.id));
  const top = ranked.slice(0, 5);
  const topCategory = usedCategories
    .map((category) => ({ category, total: severityOrder.reduce((sum, severity) => sum + (counts.get(`${category}|${severity}`) ?? 0), 0) }))
    .sort((a, b) => b.total - a.total)[0];
  const gaps = input.matrix.cells.filter((cell) => cell.status === 'missing' || cell.status === 'partial').length;

  const reading: string[] = [];
  reading.push(
    `We audited ${input.journeys.length} customer journey${input.journeys.length === 1 ? '' : 's'}; ${withFindings} of them show at least one problem, with ${errors} error${errors === 1 ? '' : 's'} (a customer can get stuck or lost) and ${warnings} warning${warnings === 1 ? '' : 's'} (effort and inconsistency).`,
  );
  if (topCategory) reading.push(`Most findings are ${categoryTitle(topCategory.category).toLowerCase()} problems (${topCategory.total}).`);
  if (gaps > 0) reading.push(`${gaps} capability-and-channel pair${gaps === 1 ? ' is' : 's are'} offered but cannot be completed in that channel.`);
  if (top[0]) reading.push(`The highest customer effort is in “${top[0].title ?? top[0].id}” (index ${top[0].effortIndex}).`);
  if (input.failedFiles.length > 0) reading.push(`${input.failedFiles.length} file${input.failedFiles.length === 1 ? '' : 's'} could not be audited; see the end of this section.`);

  const categoryChart = barChart(
    'Findings by category',
    usedCategories.map((category) => ({ label: categoryTitle(category), value: severityOrder.reduce((sum, severity) => sum + (counts.get(`${category}|${severity}`) ?? 0), 0) })),
  );
  const effortChart = barChart(
    'Customer-effort index by journey',
    ranked.slice(0, 12).map((journey) => ({ label: journey.id, value: journey.effortIndex! })),
    100,
  );

  return `<section id="summary" class="page">
<h2>1. Executive summary</h2>
<p class="reading">${reading.map(esc).join(' ')}</p>
${input.baselineNote ? `<p class="note">${esc(input.baselineNote)}</p>` : ''}
<div class="kpis">
  <div class="kpi"><span class="kpi-value">${input.journeys.length}</span><span class="kpi-label">journeys audited</span></div>
  <div class="kpi"><span class="kpi-value">${allFindings.length}</span><span class="kpi-label">findings</span></div>
  <div class="kpi"><span class="kpi-value">${errors}</span><span class="kpi-label">errors</span></div>
  <div class="kpi"><span class="kpi-value">${warnings}</span><span class="kpi-label">warnings</span></div>
</div>
<div class="charts">${categoryChart}${effortChart}</div>
<h3>Findings by category and severity</h3>
<table class="counts">
<thead><tr><th scope="col">Category</th>${severityOrder.map((severity) => `<th scope="col">${severity}</th>`).join('')}<th scope="col">total</th></tr></thead>
<tbody>
${rows || '<tr><td colspan="5">No findings.</td></tr>'}
</tbody>
</table>
${input.comparison ? comparisonTable(input.comparison, input.journeys) : ''}
<h3>The five journeys with the highest customer effort</h3>
<table class="effort">
<thead><tr><th scope="col">Journey</th><th scope="col">Owner</th><th scope="col">Effort index</th><th scope="col">Findings</th></tr></thead>
<tbody>
${top.map((journey) => `<tr><th scope="row"><a href="#journey-${esc(slug(journey.id))}">${esc(journey.title ?? journey.id)}</a></th><td>${esc(journey.owner ?? '—')}</td><td>${journey.effortIndex}</td><td>${active(journey.findings).length}</td></tr>`).join('\n') || '<tr><td colspan="4">No metrics available.</td></tr>'}
</tbody>
</table>
${
  input.failedFiles.length > 0
    ? `<h3>Files that could not be audited</h3>\n<ul>${input.failedFiles.map((failed) => `<li><code>${esc(failed.file)}</code>: ${esc(failed.message)}</li>`).join('')}</ul>`
    : ''
}
</section>`;
}

function metricValue(name: string, value: number | null): string {
  if (value === null) return 'unknown';
  return name === 'expectedMinutesToResolution' ? formatDuration(value) : String(value);
}

/** Before and after: per journey, the findings that are new, fixed and still open, and the metrics that moved. */
function comparisonTable(comparison: ReportComparison, journeys: readonly ReportJourney[]): string {
  const titles = new Map(journeys.map((journey) => [journey.file, journey.title ?? journey.id]));
  const rows = [...comparison.journeys]
    .sort((a, b) => a.journey.localeCompare(b.journey))
    .map((entry) => {
      // A change too small to show (1.52d -> 1.54d) is no change to a reader.
      const moved = entry.metrics.filter((metric) => metricValue(metric.name, metric.before) !== metricValue(metric.name, metric.after));
      const metrics = entry.newSince
        ? 'new journey'
        : !comparison.metricsCompared
          ? '—'
          : moved.length === 0
            ? 'no change'
            : moved.map((metric) => `${esc(metricLabels[metric.name] ?? metric.name)} ${esc(metricValue(metric.name, metric.before))} → ${esc(metricValue(metric.name, metric.after))}`).join('; ');
      return `<tr><th scope="row"><a href="#journey-${esc(slug(entry.journey))}">${esc(titles.get(entry.file) ?? entry.journey)}</a></th><td>${entry.added}</td><td>${entry.fixed.length}</td><td>${entry.unchanged}</td><td>${metrics}</td></tr>`;
    })
    .join('\n');
  const added = comparison.journeys.reduce((sum, entry) => sum + entry.added, 0);
  const fixed = comparison.journeys.reduce((sum, entry) => sum + entry.fixed.length, 0);
  const open = comparison.journeys.reduce((sum, entry) => sum + entry.unchanged, 0);
  return `<h3 id="compare">Since ${esc(comparison.label)}</h3>
<p class="reading">${fixed} finding${fixed === 1 ? '' : 's'} fixed, ${added} new, ${open} still open.${comparison.metricsCompared ? '' : ' A baseline file records findings only, so metrics are not compared.'}</p>
<table class="compare">
<thead><tr><th scope="col">Journey</th><th scope="col">New</th><th scope="col">Fixed</th><th scope="col">Still open</th><th scope="col">Metrics that changed</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

function matrixSection(input: ReportInput): string {
  const { capabilities, channels, cells } = input.matrix;
  const byKey = new Map(cells.map((cell) => [`${cell.capability}|${cell.channel}`, cell]));
  const header = channels.map((channel) => `<th scope="col">${esc(channel)}</th>`).join('');
  const body = capabilities
    .map((capability) => {
      const row = channels
        .map((channel) => {
          const cell = byKey.get(`${capability}|${channel}`);
          const status = cell?.status ?? 'not-offered';
          // Most cells of a wide matrix are "not offered": a blank cell says it without crowding the rest.
          if (status === 'not-offered') return '<td class="m-not-offered"><span class="visually-hidden">not offered</span></td>';
          const { label, symbol } = statusText[status];
          const drift = cell && cell.drift.length > 0 ? `<span class="drift">drift: ${cell.drift.map(esc).join(', ')}</span>` : '';
          // A completable cell is the normal case: its mark alone (the word for screen readers) leaves room for the gaps.
          const text = status === 'completable' ? `<span class="visually-hidden">${label}</span>` : ` ${label}`;
          return `<td class="m-${status}"><span aria-hidden="true">${symbol}</span>${text}${drift}</td>`;
        })
        .join('');
      return `<tr><th scope="row">${esc(capability)}</th>${row}</tr>`;
    })
    .join('\n');
  return `<section id="matrix" class="page">
<h2>2. Channel × capability matrix</h2>
<p>One relationship, many channels: for each capability a journey declares, can the customer complete it in each channel?
<strong>●</strong> completable (a resolved end is reachable), <strong>◐ partial</strong> (the channel starts it but cannot finish it),
<strong>○ missing</strong> (declared for the channel, no step serves it); a blank cell: not offered. Drift marks differences from the
other channels in messages, policy (approvals, identity checks, fees), SLAs or outcomes.</p>
${capabilities.length === 0 ? '<p>No journey declares capabilities.</p>' : `<table class="matrix">\n<thead><tr><th scope="col">Capability</th>${header}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`}
</section>`;
}

/**
 * Above this many departments even a grid with upright column names no longer fits a page: the
 * hand-offs are listed, most frequent first.
 */
const maxGridDepartments = 40;

function handoffList(handoffs: ReportInput['handoffs']): string {
  const rows = handoffs.map((handoff) => `<tr><td>${esc(handoff.from)}</td><td>${esc(handoff.to)}</td><td>${handoff.count}</td></tr>`).join('\n');
  return `<table class="handoff-list">\n<thead><tr><th scope="col">From department</th><th scope="col">To department</th><th scope="col">Hand-offs</th></tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>`;
}

function handoffSection(input: ReportInput): string {
  const departments = [...new Set(input.handoffs.flatMap((handoff) => [handoff.from, handoff.to]))].sort();
  const counts = new Map(input.handoffs.map((handoff) => [`${handoff.from}|${handoff.to}`, handoff.count]));
  const max = Math.max(1, ...input.handoffs.map((handoff) => handoff.count));
  const body = departments
    .map((from) => {
      const cells = departments
        .map((to) => {
          const count = counts.get(`${from}|${to}`) ?? 0;
          const level = count === 0 ? 0 : Math.ceil((count / max) * 4);
          return `<td class="h${level}">${count === 0 ? '' : count}</td>`;
        })
        .join('');
      return `<tr><th scope="row">${esc(from)}</th>${cells}</tr>`;
    })
    .join('\n');
  return `<section id="handoffs" class="page">
<h2>3. Hand-off map</h2>
<p>How often a journey passes the customer from one department (row) to another (column). Every hand-off is a place where
context gets lost and the customer waits or repeats themselves.</p>
${departments.length === 0 ? '<p>No hand-offs between departments.</p>' : departments.length <= maxGridDepartments ? `<table class="handoffs">\n<thead><tr><th scope="col">from \\ to</th>${departments.map((department) => `<th scope="col"><span>${esc(department)}</span></th>`).join('')}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>` : handoffList(input.handoffs)}
</section>`;
}

function journeySection(journey: ReportJourney, rulesById: Map<string, RuleMeta<object>>, index: number, comparison?: ReportComparison): string {
  const compared = comparison?.journeys.find((entry) => entry.file === journey.file);
  const fixedSince =
    compared && compared.fixed.length > 0
      ? `<h4>Fixed since ${esc(comparison!.label)} (${compared.fixed.length})</h4>\n<ul class="fixed">${compared.fixed.map((fixed) => `<li><code>${esc(fixed.ruleId)}</code>${fixed.message !== undefined ? ` ${messageHtml(fixed.message)}` : ''}</li>`).join('')}</ul>`
      : '';
  const findings = active(journey.findings);
  const metrics = Object.entries(journey.metrics)
    .filter(([, value]) => value !== null)
    .map(([name, value]) => `<tr><th scope="row">${esc(metricLabels[name] ?? name)}</th><td>${esc(name === 'expectedMinutesToResolution' && typeof value === 'number' ? formatDuration(value) : value)}</td></tr>`)
    .join('\n');
  const items = findings
    .map((finding, position) => {
      const rule = rulesById.get(finding.ruleId);
      const guidance = rule ? `<p class="why"><strong>Why it matters:</strong> ${messageHtml(rule.rationale)}</p><p class="fix"><strong>Suggested fix:</strong> ${messageHtml(rule.fix)}</p>` : '';
      return `<li id="f-${esc(slug(journey.id))}-${position + 1}">
<p>${severityBadge(finding.severity)}${compared && finding.change ? ` <span class="change change-${finding.change}">${finding.change === 'new' ? 'new' : 'still open'}</span>` : ''} <strong>[${position + 1}]</strong> ${messageHtml(finding.message)} <code>${esc(finding.ruleId)}</code>
<span class="where">${esc(journey.file)}:${finding.line}:${finding.column}</span></p>
${snippet(journey.source, finding)}
${guidance}
</li>`;
    })
    .join('\n');
  const diagram = journey.blueprintPages
    ? blueprintFigures(journey, index)
    : journey.diagramSvg
      ? `<figure class="diagram" role="img" aria-label="Diagram of ${esc(journey.title ?? journey.id)}">${journey.diagramSvg}<figcaption>Annotated diagram: numbered badges match the findings below.</figcaption></figure>`
      : `<p class="note">${esc(journey.diagramNote ?? 'No diagram.')}</p>`;
  return `<section id="journey-${esc(slug(journey.id))}" class="page journey">
<h3>4.${index + 1} ${esc(journey.title ?? journey.id)}</h3>
<p class="meta"><code>${esc(journey.id)}</code> · ${esc(journey.file)}${journey.owner ? ` · owner ${esc(journey.owner)}` : ''}</p>
${journey.description ? `<p class="description">${esc(journey.description)}</p>` : ''}
${journey.blueprintPages ? '' : diagram}
<h4>Metrics</h4>
${metrics ? `<table class="metrics"><tbody>\n${metrics}\n</tbody></table>` : '<p>No metrics (the journey could not be analysed).</p>'}
${journey.livedHtml ?? ''}
<h4>Findings (${findings.length})</h4>
${findings.length === 0 && !journey.heldBack ? '<p class="clean">No findings: this journey meets every rule in force.</p>' : findings.length === 0 ? '' : `<ol class="findings">\n${items}\n</ol>`}
${journey.heldBack ? `<p class="note">${esc(heldBackNote(journey.heldBack))}.</p>` : ''}
${fixedSince}
${journey.blueprintPages ? `<h4>Service blueprint (${journey.blueprintPages.length} page${journey.blueprintPages.length === 1 ? '' : 's'})</h4>\n<p class="note">Badges are numbered as in the blueprint's own legend, by line in the file.</p>\n${diagram}` : ''}
</section>`;
}

/**
 * A journey's blueprint pages. On screen they follow one another at the width of the text; in print
 * each is a page of its own at its own size (A4 landscape), so its 8 pt labels stay 8 pt.
 */
function blueprintFigures(journey: ReportJourney, index: number): string {
  const pages = journey.blueprintPages ?? [];
  const height = journey.blueprintHeight ?? 595;
  const pageName = height === 595 ? 'blueprint' : `blueprint-${Math.round(height)}`;
  return pages
    .map((svg, page) => {
      // Marker ids are unique per page within the report.
      const unique = svg.replace(/arrow-(plain|trap|unreachable|channelSwitch|undeclared)/g, `j${index + 1}p${page + 1}-arrow-$1`);
      return `<figure class="diagram blueprint" style="page: ${pageName}" aria-label="Service blueprint of ${esc(journey.title ?? journey.id)}, page ${page + 1} of ${pages.length}">${unique}</figure>`;
    })
    .join('\n');
}

/** Print page sizes for blueprint pages taller than A4 landscape (one named page per height). */
function blueprintPageRules(journeys: readonly ReportJourney[]): string {
  const heights = [...new Set(journeys.map((journey) => (journey.blueprintPages ? Math.round(journey.blueprintHeight ?? 595) : 595)).filter((height) => height !== 595))].sort((a, b) => a - b);
  return heights.map((height) => `@page blueprint-${height} { size: 842pt ${height}pt; margin: 0; } figure.blueprint[style*="blueprint-${height}"] svg { height: ${height}pt !important; }`).join('\n');
}

function fixesSection(fixes: PrioritisedFix[]): string {
  const table = (title: string, entries: PrioritisedFix[]) =>
    `<h3>${title} (${entries.length})</h3>
${
  entries.length === 0
    ? '<p>None.</p>'
    : `<table class="fixes">
<thead><tr><th scope="col">#</th><th scope="col">Journey</th><th scope="col">Problem</th><th scope="col">Severity</th><th scope="col">Impact</th><th scope="col">Rule</th></tr></thead>
<tbody>
${entries.map((entry, index) => `<tr><td>${index + 1}</td><td>${esc(entry.journey)}</td><td>${messageHtml(entry.finding.message)}</td><td>${severityBadge(entry.finding.severity)}</td><td>${entry.score}</td><td><code>${esc(entry.finding.ruleId)}</code></td></tr>`).join('\n')}
</tbody>
</table>`
}`;
  return `<section id="fixes" class="page">
<h2>5. Prioritised fixes</h2>
<p>Ranked by severity × customer impact (the steps a finding touches and how much it adds to customer effort).
<strong>Quick wins</strong> change one step (an owner, a promise, a message, a branch); <strong>structural changes</strong> reshape the journey across steps, channels or departments.</p>
${table('Quick wins', fixes.filter((fix) => fix.kind === 'quick'))}
${table('Structural changes', fixes.filter((fix) => fix.kind === 'structural'))}
</section>`;
}

function appendixSection(input: ReportInput): string {
  const rows = input.rules
    .map((rule) => `<tr><th scope="row"><code>${esc(rule.id)}</code></th><td>${esc(categoryTitle(rule.category))}</td><td>${esc(rule.defaultSeverity)}</td><td>${messageHtml(rule.description)}</td></tr>`)
    .join('\n');
  return `<section id="appendix" class="page">
<h2>7. Appendix</h2>
<h3>Rule catalog</h3>
<table class="catalog">
<thead><tr><th scope="col">Rule</th><th scope="col">Category</th><th scope="col">Default severity</th><th scope="col">What it finds</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<h3>Configuration in force</h3>
<pre class="config">${esc(input.configText)}</pre>
</section>`;
}

/** The workshop report: one self-contained HTML page, no scripts, no external resources. Pure. */
export function renderHtmlReport(input: ReportInput): string {
  const allFindings = input.journeys.flatMap((journey) => active(journey.findings));
  const rulesById = new Map(input.rules.map((rule) => [rule.id, rule]));
  const fixes = prioritise(input.journeys, input.rules);
  const journeys = [...input.journeys].sort((a, b) => a.id.localeCompare(b.id));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(input.title)}</title>
<style>${stylesheet}${blueprintPageRules(input.journeys)}</style>
</head>
<body>
<header class="cover">
<h1>${esc(input.title)}</h1>
<p class="subtitle">Customer journey audit · ${esc(input.generatedAt)} · journey-audit ${esc(input.version)}</p>
<nav aria-label="Contents"><ol>
<li><a href="#summary">Executive summary</a></li>
<li><a href="#matrix">Channel × capability matrix</a></li>
<li><a href="#handoffs">Hand-off map</a></li>
<li><a href="#journeys">Journeys</a></li>
<li><a href="#fixes">Prioritised fixes</a></li>
<li><a href="#departments">Departments</a></li>
<li><a href="#appendix">Appendix</a></li>
</ol></nav>
</header>
<main>
${summarySection(input, allFindings)}
${matrixSection(input)}
${handoffSection(input)}
<section id="journeys">
<h2>4. Journeys</h2>
</section>
${journeys.map((journey, index) => journeySection(journey, rulesById, index, input.comparison)).join('\n')}
${fixesSection(fixes)}
${departmentsSection(
  buildDepartmentPages(
    journeys.map((journey) => ({ id: journey.id, ...(journey.title !== undefined ? { title: journey.title } : {}), ...(journey.owner !== undefined ? { owner: journey.owner } : {}), steps: journey.steps ?? [] })),
    fixes,
    input.handoffs,
  ),
  6,
  messageHtml,
  (id) => `#journey-${esc(slug(id))}`,
  new Map(journeys.map((journey) => [journey.id, journey.title ?? journey.id])),
)}
${appendixSection(input)}
</main>
</body>
</html>
`;
}

const stylesheet = `
:root { --ink: #1d2433; --muted: #5b6475; --line: #d7dbe3; --error: #b42318; --warning: #9a6700; --info: #175cd3; --ok: #067647; }
* { box-sizing: border-box; }
body { font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); margin: 0; line-height: 1.45; }
main, header { max-width: 1100px; margin: 0 auto; padding: 0 24px; }
.cover { padding-top: 32px; padding-bottom: 8px; border-bottom: 3px solid var(--ink); }
h1 { font-size: 30px; margin: 0 0 4px; }
h2 { font-size: 22px; border-bottom: 1px solid var(--line); padding-bottom: 4px; margin-top: 36px; }
h3 { font-size: 18px; margin-top: 24px; }
h4 { font-size: 15px; margin: 18px 0 6px; }
.subtitle, .meta, .where { color: var(--muted); }
.where { font-size: 12px; margin-left: 6px; }
nav ol { columns: 3; padding-left: 20px; }
a { color: var(--info); }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: #f2f4f7; }
.kpis { display: flex; gap: 16px; margin: 16px 0; }
.kpi { border: 1px solid var(--line); border-radius: 6px; padding: 10px 16px; min-width: 120px; }
.kpi-value { display: block; font-size: 26px; font-weight: 700; }
.kpi-label { color: var(--muted); font-size: 12px; }
.charts { display: flex; flex-wrap: wrap; gap: 24px; }
.charts svg { max-width: 100%; height: auto; }
.sev { display: inline-block; font-size: 11px; font-weight: 700; text-transform: uppercase; padding: 1px 6px; border-radius: 3px; color: #fff; }
.sev-error { background: var(--error); }
.sev-warning { background: var(--warning); }
.sev-info { background: var(--info); }
.matrix { font-size: 12px; }
.matrix td { min-width: 0; }
.m-completable { background: #ecfdf3; }
.m-partial { background: #fffaeb; }
.m-missing { background: #fef3f2; font-weight: 600; }
.m-not-offered { background: #fafafa; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.matrix { table-layout: fixed; width: 100%; }
.matrix th:first-child { width: 16%; }
.matrix thead th { font-size: 11px; padding: 4px; }
.matrix tbody th { overflow-wrap: anywhere; }
.matrix td { font-size: 11px; line-height: 1.3; padding: 3px 4px; }
.drift { display: block; font-size: 11px; color: var(--warning); }
.handoffs { font-size: 12px; }
.handoffs td { text-align: center; min-width: 22px; padding: 2px; }
.handoffs thead th { vertical-align: bottom; padding: 4px 2px; }
.handoffs thead th span { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; }
.handoffs tbody th { white-space: nowrap; }
.h1 { background: #eef4ff; } .h2 { background: #d1e0ff; } .h3 { background: #a4c1ff; } .h4 { background: #6f9bff; color: #fff; }
.diagram { margin: 12px 0; border: 1px solid var(--line); padding: 8px; overflow: auto; }
.diagram svg { display: block; width: 100% !important; max-width: 100% !important; height: auto !important; max-height: 900px; }
figcaption { color: var(--muted); font-size: 12px; }
.findings li { margin-bottom: 14px; }
.snippet { background: #f8f9fb; border: 1px solid var(--line); padding: 6px 8px; font-size: 12px; overflow-x: auto; margin: 4px 0; }
.snippet .hit { font-weight: 700; background: #fff1c2; }
.why, .fix { margin: 4px 0; font-size: 13px; }
.note { color: var(--muted); font-style: italic; }
.change { display: inline-block; font-size: 11px; font-weight: 700; padding: 0 5px; border-radius: 3px; border: 1px solid currentColor; }
.change-new { color: var(--error); }
.change-unchanged { color: var(--muted); }
.clean { color: var(--ok); font-weight: 600; }
.config { background: #f8f9fb; border: 1px solid var(--line); padding: 8px; font-size: 12px; white-space: pre-wrap; }
figure.blueprint { margin: 16px 0; padding: 0; overflow: visible; }
figure.blueprint svg { max-height: none; }
/* Every page is A4 landscape with no side margins (the text has its own): Chromium lays out a document
   at one width, and a page of another width would be scaled, blueprint labels with it. */
@page { size: A4 landscape; margin: 12mm 0; }
@page blueprint { size: A4 landscape; margin: 0; }
@media print {
  body { font-size: 11pt; }
  main, header { max-width: none; padding: 0 16mm; }
  main > figure.blueprint, section > figure.blueprint { margin-left: -16mm; margin-right: -16mm; }
  nav { display: none; }
  .page { break-before: page; }
  #summary { break-before: auto; }
  .journey, .department { break-before: page; }
  .diagram svg { max-height: 150mm; }
  figure.blueprint { margin: 0; padding: 0; border: 0; break-before: page; break-inside: avoid; }
  figure.blueprint svg { width: 842pt !important; height: 595pt !important; max-width: none !important; max-height: none !important; }
  table { font-size: 8.5pt; }
  .matrix { font-size: 7.5pt; }
  th, td { padding: 2px 4px; }
  .handoffs { font-size: 8pt; }
  .handoffs th, .handoffs td { padding: 0 2px; line-height: 1.2; }
  .findings li, table, figure { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;
