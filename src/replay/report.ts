/**
 * `replay --report FILE`: the workshop report for one journey, with the static audit's findings and the replay's, the
 * "as lived" diagram and a section with fitness, variants, step times, first-contact resolution and the metrics as
 * lived beside the declared ones.
 */
import { readFileSync } from 'node:fs';
import escapeHtml from 'escape-html';
import type { RunConfig } from '../cli/options.js';
import { compareFindings, type AuditedFile } from '../engine/engine.js';
import { auditFiles } from '../engine/audit.js';
import { analyse } from '../model/analysis.js';
import { buildHandoffs, buildMatrix } from '../workshop/matrix.js';
import { renderHtmlReport, type ReportJourney } from '../workshop/page.js';
import type { MetricsSideBySide } from './lived-metrics.js';
import { reportMetrics } from '../model/metrics.js';
import { percentile } from './histogram.js';
import { waysAsLived, type LivedJourney } from './replay.js';
import { replayRules } from './rules/index.js';
import { percent, seconds } from './rules/define.js';

const esc = (value: unknown): string => escapeHtml(String(value));

/** The "as lived" part of the journey's section. Every value is escaped. */
function livedSection(lived: LivedJourney, metrics: MetricsSideBySide): string {
  const { journey } = lived;
  const share = (count: number) => (lived.cases === 0 ? '-' : percent(count / lived.cases));
  const ways = waysAsLived(lived);
  const variants = ways
    .slice(0, 10)
    .map((variant) => `<tr><td>${variant.cases}</td><td>${share(variant.cases)}</td><td>${variant.fits ? 'fits' : 'deviates'}</td><td>${esc(variant.visits.join(' → ') || '(no mapped step)')}</td></tr>`)
    .join('\n');
  const mapped = new Set(lived.mapping.stepOf.values());
  const steps = journey.steps
    .filter((step) => mapped.has(step.index))
    .map((step) => {
      const times = lived.arrivalTimes[step.index]!;
      const declared = step.sla !== undefined ? `SLA ${seconds(step.sla * 60)}` : step.duration !== undefined ? `~${seconds(step.duration * 60)}` : '';
      return `<tr><th scope="row"><code>${esc(step.id)}</code></th><td>${lived.visits[step.index]}</td><td>${esc(seconds(percentile(times, 50)))}</td><td>${esc(seconds(percentile(times, 90)))}</td><td>${esc(declared)}</td></tr>`;
    })
    .join('\n');
  const m = metrics.lived;
  const d = metrics.declared;
  const figure = (value: number | null, unit: 'share' | 'time' | 'count') =>
    value === null ? 'unknown' : unit === 'share' ? percent(value) : unit === 'time' ? seconds(value) : String(Number(value.toFixed(2)));
  const comparison: Array<[string, string, string]> = [
    ['Time to resolution (median)', d.expectedMinutesToResolution === null ? 'unknown' : seconds(d.expectedMinutesToResolution * 60), figure(m.resolutionP50, 'time')],
    ['Time to resolution (p90)', '', figure(m.resolutionP90, 'time')],
    ['Resolved', '', figure(m.resolvedShare, 'share')],
    ['Abandoned', '', figure(m.abandonedShare, 'share')],
    ['Not finished', '', figure(m.unfinishedShare, 'share')],
    ['Hand-offs between departments', `${d.handoffsWorstPath} on the worst path`, `${figure(m.ownerHandoffsPerCase, 'count')} per case`],
    ['Resource changes', '', m.resourceChangesPerCase === null ? 'not in the log' : `${figure(m.resourceChangesPerCase, 'count')} per case`],
    ['Channel switches', `${d.channelSwitches} on the worst path`, m.channelSwitchesPerCase === null ? 'not in the log' : `${figure(m.channelSwitchesPerCase, 'count')} per case`],
    ['Repeat contacts', '', figure(m.repeatContactShare, 'share')],
    ['Customer-effort index (0-100)', String(d.customerEffortIndex), String(m.customerEffortIndex)],
  ];
  const fcr = m.firstContactResolution
    .map((row) => `<tr><td>${esc(row.capability)}</td><td>${esc(row.channel)}</td><td>${row.cases}</td><td>${percent(row.fcr)}</td></tr>`)
    .join('\n');
  return `<h4>As lived</h4>
<p>${lived.cases} cases and ${lived.aggregates.summary.events} events in the log; <strong>${lived.fittingCases} cases (${share(lived.fittingCases)}) follow the journey</strong>, and ${lived.moves === 0 ? '-' : percent(lived.matchingMoves / lived.moves)} of their moves match it. The diagram shows cases on each way, visits and median times on each step, and the ways the journey does not have as dashed red lines.</p>
<table class="metrics"><thead><tr><th scope="col">Figure</th><th scope="col">Declared</th><th scope="col">As lived</th></tr></thead><tbody>
${comparison.map(([name, declared, livedValue]) => `<tr><th scope="row">${esc(name)}</th><td>${esc(declared)}</td><td>${esc(livedValue)}</td></tr>`).join('\n')}
</tbody></table>
<h4>Most common ways (${ways.length} distinct)</h4>
<table class="metrics"><thead><tr><th scope="col">Cases</th><th scope="col">Share</th><th scope="col"></th><th scope="col">Steps</th></tr></thead><tbody>
${variants}
</tbody></table>
${steps ? `<h4>Steps as lived</h4>\n<table class="metrics"><thead><tr><th scope="col">Step</th><th scope="col">Visits</th><th scope="col">Median</th><th scope="col">p90</th><th scope="col">Declared</th></tr></thead><tbody>\n${steps}\n</tbody></table>\n<p class="note">Median and p90: time since the event before the step.</p>` : ''}
${fcr ? `<h4>First-contact resolution</h4>\n<table class="metrics"><thead><tr><th scope="col">Capability</th><th scope="col">Channel</th><th scope="col">Cases</th><th scope="col">FCR</th></tr></thead><tbody>\n${fcr}\n</tbody></table>` : ''}`;
}

export async function replayReportHtml(parts: {
  result: AuditedFile;
  lived: LivedJourney;
  metrics: MetricsSideBySide;
  rules: RunConfig;
  journeyFile: string;
  svg: string | undefined;
  /** The blueprint with the overlay; shown instead of the flowchart, as in the workshop report. */
  blueprint?: { pages: string[]; height: number };
  browserProblem: string | undefined;
  version: string;
}): Promise<string> {
  const { result, lived, metrics } = parts;
  // The static audit's findings and the replay's, side by side, as a process owner would discuss them.
  const [audited] = auditFiles([parts.journeyFile], { config: parts.rules.config, rules: parts.rules.rules });
  const findings = [...(audited?.findings ?? []), ...result.findings].sort(compareFindings);
  const journey = lived.journey;
  const analysis = audited?.analysis ?? analyse(journey, parts.rules.config.settings);
  const ruleMetas = [...parts.rules.rules.map((rule) => rule.meta), ...replayRules.map((rule) => rule.meta)];
  const entry: ReportJourney = {
    file: parts.journeyFile,
    id: journey.id,
    source: readFileSync(parts.journeyFile, 'utf8'),
    findings,
    metrics: reportMetrics(metrics.declared),
    effortIndex: metrics.declared.customerEffortIndex,
    livedHtml: livedSection(lived, metrics),
  };
  if (journey.title !== undefined) entry.title = journey.title;
  if (journey.owner !== undefined) entry.owner = journey.owner;
  if (typeof journey.data.description === 'string') entry.description = journey.data.description;
  if (parts.blueprint !== undefined) {
    entry.blueprintPages = parts.blueprint.pages;
    entry.blueprintHeight = parts.blueprint.height;
  } else if (parts.svg !== undefined) entry.diagramSvg = parts.svg;
  else entry.diagramNote = `No diagram: ${parts.browserProblem ?? 'it could not be drawn'}`;
  return renderHtmlReport({
    title: `${journey.title ?? journey.id}: planned and as lived`,
    generatedAt: new Date().toISOString().slice(0, 10),
    version: parts.version,
    journeys: [entry],
    failedFiles: [],
    matrix: buildMatrix([{ analysis, findings }], ruleMetas),
    handoffs: buildHandoffs([analysis]),
    rules: ruleMetas,
    configText: parts.rules.config.file ? readFileSync(parts.rules.config.file, 'utf8') : '# no config file: the recommended preset applies\nextends: recommended\n',
  });
}
