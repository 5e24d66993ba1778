import type { AuditedFile } from '../engine/engine.js';
import { computeMetrics } from '../model/metrics.js';
import { journeyToMermaid } from '../render/mermaid.js';
import type { Rule } from '../rules/define.js';
import { buildHandoffs, buildMatrix } from './matrix.js';
import { renderHtmlReport, type ReportComparison, type ReportJourney } from './page.js';

/** A journey's service blueprint: one SVG per page and the pages' height in points. */
export interface WorkshopBlueprint {
  pages: string[];
  height: number;
}

export interface WorkshopOptions {
  title: string;
  /** Date line of the header, passed in so the report stays a pure function of its input. */
  generatedAt: string;
  version: string;
  /** The rules of the run (built-in and plugin): their docs, priorities and drift kinds. */
  rules: readonly Rule[];
  /** The configuration in force, as text. */
  configText: string;
  /** Set when a baseline suppressed findings. */
  baselineNote?: string;
  /** SVG diagrams by file, drawn by the caller (see workshopDiagrams); a journey without one shows `diagramNote`. */
  diagrams?: ReadonlyMap<string, string>;
  /** Service blueprints by file (render/blueprint); shown instead of a diagram, each page printed on its own. */
  blueprints?: ReadonlyMap<string, WorkshopBlueprint>;
  diagramNote?: string;
  /** What changed since a git ref or a baseline file (`report --compare`). */
  comparison?: ReportComparison;
}

/** An audited file with what the workshop needs: its journey and analysis (results of auditFiles keep them by default). */
type Analysed = AuditedFile & { model: NonNullable<AuditedFile['model']>; analysis: NonNullable<AuditedFile['analysis']> };

function isAnalysed(result: AuditedFile): result is Analysed {
  return result.analysis !== undefined && result.model !== undefined && !result.inputError;
}

/**
 * The annotated Mermaid diagram of each journey the report shows, by file, for the caller to draw (the browser lives in
 * render/, not here).
 */
export function workshopDiagrams(results: readonly AuditedFile[]): Array<{ file: string; definition: string }> {
  return results.filter(isAnalysed).map((result) => ({
    file: result.file,
    definition: journeyToMermaid(result.model, result.findings.filter((finding) => !finding.suppressed), {
      lanes: 'channel',
      annotate: true,
      theme: 'default',
      channels: result.analysis.settings.channels,
    }),
  }));
}

/**
 * The workshop report: one self-contained HTML page built from audit results (auditFiles with `keepSources: true`, so
 * it can quote the lines around each finding). Pure: the caller reads files, draws diagrams and writes the page.
 */
export function buildWorkshopReport(results: readonly AuditedFile[], options: WorkshopOptions): string {
  const audited = results.filter(isAnalysed);
  const failedFiles = results
    .filter((result) => result.inputError)
    .map((result) => {
      const first = result.findings.find((finding) => finding.category === 'input');
      return { file: result.file, message: first ? `${first.line}:${first.column} ${first.message}` : 'cannot be audited' };
    });
  const journeys: ReportJourney[] = audited.map((result) => {
    const metrics = computeMetrics(result.analysis);
    const journey: ReportJourney = {
      file: result.file,
      id: result.model.id,
      source: result.source ?? '',
      findings: result.findings,
      metrics: { ...metrics },
      effortIndex: metrics.customerEffortIndex,
    };
    if (result.model.title !== undefined) journey.title = result.model.title;
    if (result.model.owner !== undefined) journey.owner = result.model.owner;
    if (typeof result.model.data.description === 'string') journey.description = result.model.data.description;
    journey.steps = result.model.steps.map((step) => ({
      id: step.id,
      ...(step.name !== undefined ? { name: step.name } : {}),
      ...(step.channel !== undefined ? { channel: step.channel } : {}),
      ...(step.owner !== undefined ? { owner: step.owner } : {}),
    }));
    const blueprint = options.blueprints?.get(result.file);
    const svg = options.diagrams?.get(result.file);
    if (blueprint !== undefined) {
      journey.blueprintPages = blueprint.pages;
      journey.blueprintHeight = blueprint.height;
    } else if (svg !== undefined) journey.diagramSvg = svg;
    else journey.diagramNote = options.diagramNote ?? 'No diagram.';
    return journey;
  });
  const rules = options.rules.map((rule) => rule.meta);
  return renderHtmlReport({
    title: options.title,
    generatedAt: options.generatedAt,
    version: options.version,
    journeys,
    failedFiles,
    matrix: buildMatrix(audited, rules),
    handoffs: buildHandoffs(audited.map((result) => result.analysis)),
    rules,
    configText: options.configText,
    ...(options.baselineNote ? { baselineNote: options.baselineNote } : {}),
    ...(options.comparison ? { comparison: options.comparison } : {}),
  });
}
