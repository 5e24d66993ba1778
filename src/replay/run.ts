/**
 * One replay: the journey file is audited for input errors (validate only), the log (or aggregates produced elsewhere)
 * is aggregated in DuckDB, the variants are replayed and the replay rules report findings positioned in the journey's
 * YAML like any other finding.
 */
import type { EffectiveConfig } from '../config/types.js';
import { analyse } from '../model/analysis.js';
import { auditText, compareFindings, toFinding, type AuditedFile } from '../engine/engine.js';
import { applyDirectives, readDirectives } from '../engine/suppressions.js';
import { readJourneyFile } from '../files/read.js';
import { parseYaml } from '../parse/yaml-source.js';
import type { RuleReport } from '../rules/define.js';
import type { Finding, Severity, SeveritySetting } from '../types.js';
import { parseDuration } from '../util/text.js';
import { computeAggregates, loadAggregates, saveAggregates, type Aggregates } from './aggregate.js';
import { openDatabase, ReplayInputError } from './duckdb.js';
import { loadLog, type LogColumns } from './log.js';
import { buildMapping, readMapFile, type MapFile } from './map-file.js';
import { replayVariants, type LivedJourney } from './replay.js';
import { replayRules } from './rules/index.js';
import type { ReplayRule } from './rules/define.js';

export interface ReplayRequest {
  journeyFile: string;
  config: EffectiveConfig;
  /** The event log; or `aggregates`, a folder of aggregates made elsewhere. */
  log?: string;
  aggregates?: string;
  saveAggregates?: string;
  map?: string;
  columns?: Partial<LogColumns>;
  /** A duration such as '7d'; default the map file's, else 7 days. */
  repeatWindow?: string;
  /** `--rule id:severity` flags for replay rules. */
  ruleFlags?: readonly string[];
  /** Options per replay rule, over the map file's (the rule tests' `# @options`). */
  ruleOptions?: Readonly<Record<string, Record<string, unknown>>>;
}

export interface ReplayOutcome {
  /** The journey file's result: its input errors, or the replay findings. */
  result: AuditedFile;
  lived?: LivedJourney;
  /** Notes for the user (rows dropped, files written). */
  notes: string[];
}

const defaultRepeatWindow = 7 * 24 * 3600;

/** Severity and options of each replay rule: defaults, then the map file, then --rule flags. */
function replayRuleSettings(map: MapFile | undefined, flags: readonly string[]): Map<ReplayRule, { severity: SeveritySetting; options: Record<string, unknown> }> {
  const settings = new Map<ReplayRule, { severity: SeveritySetting; options: Record<string, unknown> }>();
  for (const rule of replayRules) {
    const fromMap = map?.rules[rule.meta.id];
    settings.set(rule, { severity: fromMap?.severity ?? rule.meta.defaultSeverity, options: { ...rule.meta.defaultOptions, ...fromMap?.options } });
  }
  for (const flag of flags) {
    const match = /^([\w-]+):(error|warning|info|off)$/.exec(flag);
    const rule = match ? replayRules.find((candidate) => candidate.meta.id === match[1]) : undefined;
    if (!match || !rule) throw new ReplayInputError(`--rule '${flag}': expected REPLAY-RULE:SEVERITY with a replay rule (${replayRules.map((entry) => entry.meta.id).join(', ')}) and error, warning, info or off`);
    settings.get(rule)!.severity = match[2] as SeveritySetting;
  }
  return settings;
}

export async function replayJourney(request: ReplayRequest): Promise<ReplayOutcome> {
  const notes: string[] = [];
  const file = request.journeyFile;
  const read = readJourneyFile(file, request.config.limits.maxFileSize);
  if (!read.ok) throw new ReplayInputError(`${file}: ${read.message}`);
  const audited = auditText(read.text, { file, config: request.config, rules: [], validateOnly: true });
  if (audited.inputError || !audited.model) return { result: audited, notes };
  const journey = audited.model;
  const parsed = parseYaml(read.text);

  const map = request.map === undefined ? undefined : readMapFile(request.map, replayRules);
  const mapping = buildMapping(journey, file, parsed.locate, map);
  const settings = replayRuleSettings(map, request.ruleFlags ?? []);
  for (const [rule, setting] of settings) Object.assign(setting.options, request.ruleOptions?.[rule.meta.id]);
  const windowMinutes = request.repeatWindow === undefined ? undefined : parseDuration(request.repeatWindow);
  if (request.repeatWindow !== undefined && (windowMinutes === undefined || windowMinutes <= 0)) throw new ReplayInputError(`--repeat-window '${request.repeatWindow}': expected a duration such as 7d or 48h`);
  const repeatWindow = windowMinutes !== undefined ? windowMinutes * 60 : (map?.repeatWindow ?? defaultRepeatWindow);

  const db = await openDatabase();
  let aggregates: Aggregates;
  try {
    if (request.aggregates !== undefined) {
      aggregates = await loadAggregates(db, request.aggregates);
    } else if (request.log !== undefined) {
      const loaded = await loadLog(db, request.log, { ...map?.columns, ...request.columns });
      // Repeats are counted for the journey's customer contacts only.
      const contacts = new Set(journey.steps.filter((step) => step.actor === 'customer').map((step) => step.index));
      const repeatActivities = [...mapping.stepOf].filter(([, step]) => contacts.has(step)).map(([activity]) => activity);
      aggregates = await computeAggregates(db, { repeatWindow, repeatActivities, hasChannel: loaded.columns.channel !== undefined, hasResource: loaded.columns.resource !== undefined });
      if (aggregates.summary.droppedRows > 0) notes.push(`${request.log}: ${aggregates.summary.droppedRows} rows without a case id, an activity or a readable time were left out`);
      if (request.saveAggregates !== undefined) {
        await saveAggregates(db, request.saveAggregates);
        notes.push(`wrote the aggregates to ${request.saveAggregates}`);
      }
    } else {
      throw new ReplayInputError('replay needs --log FILE or --aggregates DIR');
    }
  } catch (error) {
    if (error instanceof ReplayInputError) throw error;
    // DuckDB's own errors (a malformed file, memory exhausted) are about the input, never a crash.
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
    throw new ReplayInputError(`cannot replay ${request.log ?? request.aggregates}: ${message}`);
  } finally {
    db.close();
  }

  const lived = replayVariants(journey, aggregates, mapping);
  const findings: Finding[] = [];
  for (const [rule, setting] of settings) {
    if (setting.severity === 'off') continue;
    const severity: Severity = setting.severity;
    const seen = new Set<string>();
    const report = (entry: RuleReport) => {
      const finding = toFinding(journey, parsed, file, rule, severity, entry);
      const key = `${finding.fingerprint}|${finding.line}|${finding.column}`;
      if (seen.has(key)) return;
      seen.add(key);
      findings.push(finding);
    };
    try {
      rule.check({ journey, lived, options: setting.options, settings: request.config.settings, report });
    } catch (error) {
      // One broken rule must not hide the others' findings: its failure is a finding at the journey's id.
      const failure = toFinding(journey, parsed, file, rule, 'error', { path: [], messageId: Object.keys(rule.meta.messages)[0]! });
      findings.push({ ...failure, message: `rule '${rule.meta.id}' failed on this journey: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  // Inline disable comments apply to replay findings too; unused ones are the static audit's business.
  applyDirectives(findings, readDirectives(read.text));
  findings.sort(compareFindings);
  const result: AuditedFile = { file, journey: journey.id, findings, inputError: false, model: journey, analysis: analyse(journey, request.config.settings) };
  return { result, lived, notes };
}
