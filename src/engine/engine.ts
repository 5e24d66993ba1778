import { computeMetrics, type JourneyMetrics } from '../model/metrics.js';
import type { EffectiveConfig } from '../config/types.js';
import { analyse, type JourneyAnalysis } from '../model/analysis.js';
import { buildJourney, type Journey } from '../model/journey.js';
import { findLongLine } from '../parse/line-length.js';
import { parseYaml, type ParsedYaml } from '../parse/yaml-source.js';
import type { Rule, RuleReport } from '../rules/define.js';
import { validateJourneyData, type SchemaProblem } from '../schema/validate.js';
import type { Category, DocPath, Finding, Range, Severity } from '../types.js';
import { findCycle } from '../util/cycles.js';
import { isRecord } from '../util/text.js';
import { fingerprintOf, reportFingerprint, semanticPath, semanticPathText } from './fingerprint.js';
import { checkReferences } from './references.js';
import { applyDirectives, readDirectives, unusedDirectives } from './suppressions.js';

/** Everything the engine learned about one file. */
export interface AuditedFile {
  file: string;
  journey?: string;
  findings: Finding[];
  /** The file could not be read or is not a valid journey: exit code 2. */
  inputError: boolean;
  /** The journey graph, when the file got that far (for metrics and diagrams) and the caller kept it. */
  model?: Journey;
  /** The journey's analysis the rules read, kept with the model: metrics and the workshop report read the same one. */
  analysis?: JourneyAnalysis;
  /** The file's text, when the caller asked to keep it (the workshop report quotes the lines around each finding). */
  source?: string;
  /** Position of the `journey` id value, for findings across files; set exactly when the journey graph was built. */
  journeyRange?: Range;
  /**
   * Enabled rules that did not run because the journey has schema or reference errors their result would depend on
   * (one mistake, one message); they run again once the errors are fixed.
   */
  heldBack?: string[];
  /** Wall time in seconds, when the caller asked for it (JUnit's `time`): the whole file, and each rule that ran. */
  timing?: { seconds: number; rules: Record<string, number> };
  /** What `journey-audit replay` measured in the event log (fitness, variants, step times), for machine formats. */
  replay?: Record<string, unknown>;
  /** The journey's metrics, when the caller asked for them without keeping the model. */
  metrics?: JourneyMetrics;
}

export interface AuditTextOptions {
  file: string;
  config: EffectiveConfig;
  rules: readonly Rule[];
  /** Skip the rules: parse, schema and reference checks only (the `validate` command). */
  validateOnly?: boolean;
  /**
   * Keep the journey graph in the result (default). Callers that only report findings turn it off: a repository's
   * models and their cached analyses would otherwise all stay in memory until the end of the run.
   */
  keepModel?: boolean;
  /** Compute the journey's metrics while its analysis is at hand (for a caller that does not keep the model). */
  keepMetrics?: boolean;
  /** Keep the file's text in the result (default off). */
  keepSource?: boolean;
  /** Measure how long each rule takes (`timing.rules` of the result); off by default, as only JUnit shows it. */
  timeRules?: boolean;
}

/** Rule ids the engine itself reports; they cannot be turned off. */
export const inputRuleIds = ['parse', 'schema'] as const;
export const unusedDirectiveRuleId = 'unused-disable-directive';

function inputFinding(file: string, ruleId: 'parse' | 'schema', message: string, range: Range, journey?: string, path: DocPath = [], anchor: readonly string[] = []): Finding {
  const finding: Finding = {
    ruleId,
    category: 'input',
    severity: 'error',
    message,
    file,
    ...range,
    fingerprint: fingerprintOf({ journey: journey ?? file, ruleId, steps: [], data: { message }, anchor }),
    path,
  };
  if (journey !== undefined) finding.journey = journey;
  return finding;
}

/** A finding about a file that could not be read at all (missing, a directory, too large, not UTF-8). */
export function unreadableFile(file: string, message: string): AuditedFile {
  return { file, findings: [inputFinding(file, 'parse', message, { line: 1, column: 1, endLine: 1, endColumn: 1 })], inputError: true };
}

/** A message template split at its `{{name}}` placeholders: each placeholder with the literal text before it, then the tail. */
interface Template {
  /** Each placeholder keeps its written form too, for data that does not name it. */
  placeholders: Array<{ before: string; name: string; written: string }>;
  tail: string;
}
const templates = new Map<string, Template>();
const placeholder = /\{\{\s*(\w+)\s*\}\}/g;

function templateOf(text: string): Template {
  let template = templates.get(text);
  if (template) return template;
  template = { placeholders: [], tail: '' };
  let last = 0;
  for (const match of text.matchAll(placeholder)) {
    const [written, name = ''] = match;
    template.placeholders.push({ before: text.slice(last, match.index), name, written });
    last = match.index + written.length;
  }
  template.tail = text.slice(last);
  templates.set(text, template);
  return template;
}

/** Fills `{{name}}` placeholders from `data`; a placeholder the data does not name stays as written. */
export function renderMessage(template: string, data: Record<string, string | number> | undefined): string {
  const { placeholders, tail } = templateOf(template);
  let text = '';
  for (const { before, name, written } of placeholders) text += before + (data && Object.hasOwn(data, name) ? String(data[name]) : written);
  return text + tail;
}

/** Step-level paths anchor at the step's id; the empty path at the `journey` key. */
function anchorPath(path: DocPath): { path: DocPath; target: 'key' | 'value' } {
  if (path.length === 0) return { path: ['journey'], target: 'key' };
  if (path.length === 2 && path[0] === 'steps' && typeof path[1] === 'number') return { path: [...path, 'id'], target: 'value' };
  return { path, target: 'value' };
}

/** Audits one journey file's text. Pure: no disk, clock or process access. */
export function auditText(text: string, options: AuditTextOptions): AuditedFile {
  const started = options.timeRules ? performance.now() : 0;
  const { file, config } = options;
  const findings: Finding[] = [];
  // Depth, keys and entries are counted by the readers themselves (parseYaml); only the line length is checked first.
  const structureProblem = findLongLine(text, config.limits.maxLineLength);
  if (structureProblem) {
    const { message, line, column } = structureProblem;
    return { file, findings: [inputFinding(file, 'parse', message, { line, column, endLine: line, endColumn: column + 1 })], inputError: true };
  }
  let parsed: ParsedYaml;
  try {
    const { maxAliasCount, maxDepth, maxNodes, maxKeys } = config.limits;
    parsed = parseYaml(text, { maxAliasCount, maxDepth, maxNodes, maxKeys });
  } catch (error) {
    // The parser is robust, but a journey file must never crash the run.
    return unreadableFile(file, `cannot parse the file: ${error instanceof Error ? error.message : String(error)}`);
  }
  // Like a compiler, report the first syntax error: the ones after it are usually its echoes.
  const [firstProblem, ...moreProblems] = parsed.problems;
  if (firstProblem) {
    const { message, ...range } = firstProblem;
    const echoes = moreProblems.length > 0 ? ` (and ${moreProblems.length} more YAML error${moreProblems.length === 1 ? '' : 's'} after it)` : '';
    findings.push(inputFinding(file, 'parse', `${message}${echoes}`, range));
    return { file, findings, inputError: true };
  }

  const data = parsed.data;
  const cycle = findCycle(data);
  if (cycle) {
    const message = 'an alias refers to a collection that contains it, which makes the journey infinitely deep; repeat the entries instead';
    return { file, findings: [inputFinding(file, 'parse', message, parsed.locate(cycle))], inputError: true };
  }
  const journeyId = isRecord(data) && typeof data.journey === 'string' ? data.journey : undefined;
  const locateProblem = (problem: SchemaProblem): Finding => {
    const finding = inputFinding(file, 'schema', problem.message, parsed.locate(problem.path, problem.target), journeyId, problem.path, semanticPath(data, problem.path));
    const step = problem.path[0] === 'steps' && typeof problem.path[1] === 'number' && isRecord(data) && Array.isArray(data.steps) ? data.steps[problem.path[1]] : undefined;
    if (isRecord(step) && typeof step.id === 'string') finding.step = step.id;
    return finding;
  };

  if (!isRecord(data) || !Array.isArray(data.steps)) {
    const what = data === undefined || data === null ? 'the file is empty' : !isRecord(data) ? `the document is a ${Array.isArray(data) ? 'list' : typeof data}` : "it has no 'steps' list";
    findings.push(inputFinding(file, 'schema', `not a journey: ${what}; a journey file is a mapping with 'journey' and 'steps' (run 'journey-audit init' for a sample)`, parsed.locate([]), journeyId));
    if (isRecord(data)) findings.push(...validateJourneyData(data).filter((problem) => problem.path[0] !== 'steps').map(locateProblem));
    return finish(file, text, findings, true, journeyId);
  }

  const schemaProblems = validateJourneyData(data);
  if (data.steps.length > config.limits.maxSteps) {
    schemaProblems.push({ path: ['steps'], target: 'key', message: `the journey has ${data.steps.length} steps, more than the limit of ${config.limits.maxSteps} (limits.maxSteps)` });
    for (const problem of schemaProblems) findings.push(locateProblem(problem));
    return finish(file, text, findings, true, journeyId);
  }
  const journey = buildJourney(data);
  // Loops, not spread arguments: a 100,000-step journey can have more problems than a call may take arguments.
  for (const problem of checkReferences(journey, config.settings)) schemaProblems.push(problem);
  for (const problem of schemaProblems) findings.push(locateProblem(problem));
  const inputError = schemaProblems.length > 0;
  // A `next` naming no step is reported by the unknown-step rule, not as a schema problem, but breaks the flow as much.
  const brokenFlow =
    config.settings.holdBackOnErrors !== false &&
    (inputError || journey.edges.some((edge) => edge.to < 0) || (journey.start < 0 && journey.steps.length > 0));
  const brokenSteps = new Set<number>();
  for (const problem of schemaProblems) if (problem.path[0] === 'steps' && typeof problem.path[1] === 'number') brokenSteps.add(problem.path[1]);

  const analysis = analyse(journey, config.settings);
  const ruleSeconds: Record<string, number> | undefined = options.timeRules ? {} : undefined;
  let heldBack: string[] = [];
  if (!options.validateOnly) {
    const run = runRules(analysis, parsed, options, ruleSeconds, brokenFlow ? brokenSteps : undefined);
    for (const finding of run.findings) findings.push(finding);
    heldBack = run.heldBack;
  }
  const result = finish(file, text, findings, inputError, journeyId, options.keepModel === false ? undefined : analysis, heldBack);
  if (heldBack.length > 0) result.heldBack = heldBack;
  if (ruleSeconds) result.timing = { seconds: (performance.now() - started) / 1000, rules: ruleSeconds };
  result.journeyRange = parsed.locate(['journey']);
  if (options.keepSource) result.source = text;
  if (options.keepMetrics) result.metrics = computeMetrics(analysis);
  return result;
}

function finish(file: string, text: string, findings: Finding[], inputError: boolean, journeyId: string | undefined, analysis?: JourneyAnalysis, heldBack: readonly string[] = []): AuditedFile {
  const directives = readDirectives(text);
  if (directives.length > 0) {
    const lines = text.split(/\r?\n/);
    applyDirectives(findings, directives);
    for (const unused of unusedDirectives(directives)) {
      // A rule held back on this journey did not look: whether its comment is still needed is unknown until it runs.
      if (heldBack.includes(unused.rule) || (unused.rule === '*' && heldBack.length > 0)) continue;
      const { description, rule, ...range } = unused;
      // Identified by what the comment says and the line it guards, never by its line number.
      const comment = lines[range.line - 1]?.trim() ?? '';
      const guarded = comment.includes('disable-next-line') ? (lines[range.line]?.trim() ?? '') : '';
      findings.push({
        ruleId: unusedDirectiveRuleId,
        category: 'suppression',
        severity: 'warning',
        message: description,
        file,
        ...range,
        fingerprint: fingerprintOf({ journey: journeyId ?? file, ruleId: unusedDirectiveRuleId, steps: [], data: { rule, comment, guarded } }),
        path: [],
        ...(journeyId !== undefined ? { journey: journeyId } : {}),
      });
    }
  }
  findings.sort(compareFindings);
  const result: AuditedFile = { file, findings, inputError };
  if (journeyId !== undefined) result.journey = journeyId;
  if (analysis) {
    result.model = analysis.journey;
    result.analysis = analysis;
  }
  return result;
}

export function compareFindings(a: Finding, b: Finding): number {
  return a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId) || a.message.localeCompare(b.message);
}

/**
 * Runs the enabled rules. On a journey whose flow is broken (`brokenSteps` given: schema or reference errors), rules that
 * read the whole flow are held back, and rules that read steps one by one stay quiet on the steps with a problem.
 */
function runRules(
  analysis: JourneyAnalysis,
  parsed: ParsedYaml,
  options: AuditTextOptions,
  ruleSeconds: Record<string, number> | undefined,
  brokenSteps?: ReadonlySet<number>,
): { findings: Finding[]; heldBack: string[] } {
  const { journey } = analysis;
  const findings: Finding[] = [];
  const heldBack: string[] = [];
  for (const rule of options.rules) {
    const setting = options.config.rules[rule.meta.id];
    if (!setting || setting.severity === 'off') continue;
    if (brokenSteps && rule.meta.reads !== 'step') {
      heldBack.push(rule.meta.id);
      continue;
    }
    const severity: Severity = setting.severity;
    const ruleOptions = { ...rule.meta.defaultOptions, ...setting.options };
    // Created on the first report: most rules report nothing on most journeys.
    let seen: Set<string> | undefined;
    const report = (entry: RuleReport) => {
      // unknown-step reports a reference error itself: never quietened by another problem on the same step.
      if (brokenSteps && brokenSteps.size > 0 && rule.meta.id !== 'unknown-step') {
        const stepIndex = entry.step?.index ?? (entry.path[0] === 'steps' && typeof entry.path[1] === 'number' ? entry.path[1] : undefined);
        if (stepIndex !== undefined && brokenSteps.has(stepIndex)) return;
      }
      const finding = toFinding(journey, parsed, options.file, rule, severity, entry);
      const key = `${finding.fingerprint}|${finding.line}|${finding.column}`;
      seen ??= new Set();
      if (seen.has(key)) return;
      seen.add(key);
      findings.push(finding);
    };
    const started = ruleSeconds ? performance.now() : 0;
    try {
      rule.check({ journey, analysis, options: ruleOptions, settings: options.config.settings, report });
    } catch (error) {
      // One broken rule must not hide the others' findings.
      const message = error instanceof Error ? error.message : String(error);
      findings.push({
        ruleId: rule.meta.id,
        category: rule.meta.category,
        severity: 'error',
        message: `rule '${rule.meta.id}' failed on this journey: ${message}`,
        file: options.file,
        ...parsed.locate(['journey'], 'key'),
        journey: journey.id,
        fingerprint: fingerprintOf({ journey: journey.id, ruleId: rule.meta.id, steps: [], data: { crash: message } }),
        path: [],
      });
    } finally {
      if (ruleSeconds) ruleSeconds[rule.meta.id] = (performance.now() - started) / 1000;
    }
  }
  return { findings, heldBack };
}

/** A rule's report as a finding, positioned through the parse's source map; the replay rules use it too. */
export function toFinding(journey: Journey, parsed: ParsedYaml, file: string, rule: Pick<Rule, 'meta'>, severity: Severity, entry: RuleReport): Finding {
  const template = rule.meta.messages[entry.messageId];
  if (template === undefined) throw new Error(`unknown messageId '${entry.messageId}'`);
  const message = renderMessage(template, entry.data);
  const stepIndex = entry.step?.index ?? (entry.path[0] === 'steps' && typeof entry.path[1] === 'number' ? entry.path[1] : undefined);
  const step = stepIndex === undefined ? undefined : journey.steps[stepIndex];
  const anchor = entry.target ? { path: entry.path, target: entry.target } : anchorPath(entry.path);
  const related = entry.relatedSteps?.map((other) => other.id);
  const range = parsed.locate(anchor.path, anchor.target);
  const finding: Finding = {
    ruleId: rule.meta.id,
    category: rule.meta.category as Category,
    severity,
    message,
    file,
    // The range's fields one by one, in its order: no spread copy per finding.
    line: range.line,
    column: range.column,
    endLine: range.endLine,
    endColumn: range.endColumn,
    journey: journey.id,
    fingerprint: reportFingerprint(
      journey.id,
      rule.meta.id,
      // Related steps sorted: the order a rule finds a loop's members in may change when steps move.
      related && related.length > 0 ? [step?.id ?? '', ...[...related].sort()] : [step?.id ?? ''],
      entry.data,
      entry.messageId,
      semanticPathText(parsed.data, entry.path),
    ),
    path: entry.path,
  };
  if (step) finding.step = step.id;
  if (related && related.length > 0) finding.relatedSteps = related;
  if (entry.capability) {
    finding.capability = entry.capability.name;
    finding.channels = [...entry.capability.channels];
  }
  return finding;
}
