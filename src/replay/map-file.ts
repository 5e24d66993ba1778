/**
 * The map file of a replay: which log columns to read, which activities are which steps, what to leave out, the
 * repeat window and the replay rules' severities and options. Every problem is a ReplayInputError with file:line:col.
 */
import { checkRuleOptions } from '../config/load.js';
import type { RuleSetting } from '../config/types.js';
import { readJourneyFile } from '../files/read.js';
import type { Journey } from '../model/journey.js';
import type { Rule } from '../rules/define.js';
import { parseYaml, type ParsedYaml } from '../parse/yaml-source.js';
import type { DocPath, SeveritySetting } from '../types.js';
import { didYouMean } from '../util/suggest.js';
import { isRecord, parseDuration } from '../util/text.js';
import { ReplayInputError } from './duckdb.js';
import type { LogColumns } from './log.js';
import type { ActivityMapping } from './replay.js';
import type { ReplayRule } from './rules/define.js';

export interface MapFile {
  columns: Partial<LogColumns>;
  /** Step id -> activities, with the position of each entry for messages. */
  steps: Array<{ step: string; activity: string; path: DocPath }>;
  ignore: string[];
  /** Seconds. */
  repeatWindow?: number;
  rules: Record<string, RuleSetting>;
  parsed: ParsedYaml;
  file: string;
}

const severities = new Set(['error', 'warning', 'info', 'off']);
const columnRoles = ['case', 'activity', 'timestamp', 'channel', 'resource', 'lifecycle'] as const;
const topKeys = ['columns', 'steps', 'ignore', 'repeatWindow', 'rules'];

function fail(file: string, parsed: ParsedYaml, path: DocPath, message: string, target: 'key' | 'value' = 'value'): never {
  const { line, column } = parsed.locate(path, target);
  throw new ReplayInputError(`${file}:${line}:${column}: ${message}`);
}

const activityList = (value: unknown): string[] | undefined =>
  typeof value === 'string' && value !== '' ? [value] : Array.isArray(value) && value.length > 0 && value.every((entry) => typeof entry === 'string' && entry !== '') ? (value as string[]) : undefined;

export function readMapFile(file: string, rules: readonly ReplayRule[]): MapFile {
  const read = readJourneyFile(file, 16 * 1024 * 1024);
  if (!read.ok) throw new ReplayInputError(`${file}: ${read.message.replace('is a folder, not a journey file', 'is a folder, not a map file')}`);
  const parsed = parseYaml(read.text);
  const problem = parsed.problems[0];
  if (problem) throw new ReplayInputError(`${file}:${problem.line}:${problem.column}: ${problem.message}`);
  const data = parsed.data ?? {};
  if (!isRecord(data)) fail(file, parsed, [], 'a map file is a mapping with columns:, steps:, ignore:, repeatWindow: and rules:');
  const map: MapFile = { columns: {}, steps: [], ignore: [], rules: {}, parsed, file };
  for (const key of Object.keys(data)) {
    if (!topKeys.includes(key)) fail(file, parsed, [key], `unknown key '${key}'${didYouMean(key, topKeys)}`, 'key');
  }
  if (data.columns !== undefined && data.columns !== null) {
    if (!isRecord(data.columns)) fail(file, parsed, ['columns'], `columns: is a mapping of ${columnRoles.join(', ')} to the log's column names`);
    for (const [role, name] of Object.entries(data.columns)) {
      if (!(columnRoles as readonly string[]).includes(role)) fail(file, parsed, ['columns', role], `unknown column role '${role}'${didYouMean(role, columnRoles)}; roles: ${columnRoles.join(', ')}`, 'key');
      if (typeof name !== 'string' || name === '') fail(file, parsed, ['columns', role], `columns.${role} must name a column of the log`);
      map.columns[role as (typeof columnRoles)[number]] = name;
    }
  }
  if (data.steps !== undefined && data.steps !== null) {
    if (!isRecord(data.steps)) fail(file, parsed, ['steps'], 'steps: is a mapping of step ids to an activity name or a list of them');
    for (const [step, value] of Object.entries(data.steps)) {
      const activities = activityList(value);
      if (!activities) fail(file, parsed, ['steps', step], `steps.${step} must be an activity name or a non-empty list of them`);
      activities.forEach((activity, position) => map.steps.push({ step, activity, path: Array.isArray(value) ? ['steps', step, position] : ['steps', step] }));
    }
  }
  if (data.ignore !== undefined && data.ignore !== null) {
    const ignore = activityList(data.ignore);
    if (!ignore) fail(file, parsed, ['ignore'], 'ignore: is a list of activity names to leave out of the replay');
    map.ignore = ignore;
  }
  if (data.repeatWindow !== undefined) {
    const minutes = parseDuration(data.repeatWindow);
    if (minutes === undefined || minutes <= 0) fail(file, parsed, ['repeatWindow'], "repeatWindow is a duration such as '7d' or '48h'");
    map.repeatWindow = minutes * 60;
  }
  if (data.rules !== undefined && data.rules !== null) {
    if (!isRecord(data.rules)) fail(file, parsed, ['rules'], 'rules: is a mapping of replay rule ids to a severity or [severity, options]');
    for (const [id, value] of Object.entries(data.rules)) {
      const rule = rules.find((candidate) => candidate.meta.id === id);
      if (!rule) fail(file, parsed, ['rules', id], `unknown replay rule '${id}'${didYouMean(id, rules.map((candidate) => candidate.meta.id))}`, 'key');
      const severity = Array.isArray(value) ? value[0] : value;
      if (typeof severity !== 'string' || !severities.has(severity)) fail(file, parsed, ['rules', id], `rules.${id}: the severity is error, warning, info or off`);
      const options = Array.isArray(value) && isRecord(value[1]) ? value[1] : {};
      const optionProblem = checkRuleOptions(rule as unknown as Rule, options);
      if (optionProblem) fail(file, parsed, ['rules', id, 1, ...optionProblem.path], optionProblem.message);
      map.rules[id] = { severity: severity as SeveritySetting, options };
    }
  }
  return map;
}

/**
 * Activities to steps, from the journey's `activity` fields and the map file's `steps:`. An activity may belong to one
 * step only: a log event must say where the customer is.
 */
export function buildMapping(journey: Journey, journeyFile: string, locateInJourney: ParsedYaml['locate'], map: MapFile | undefined): ActivityMapping {
  const stepOf = new Map<string, number>();
  const claim = (activity: string, step: number, where: () => string) => {
    const previous = stepOf.get(activity);
    if (previous !== undefined && previous !== step) {
      throw new ReplayInputError(`${where()}: activity '${activity}' is already the step '${journey.steps[previous]!.id}'; an activity maps to one step`);
    }
    stepOf.set(activity, step);
  };
  for (const step of journey.steps) {
    const raw: unknown = Array.isArray(journey.data.steps) ? journey.data.steps[step.index] : undefined;
    const value = isRecord(raw) ? raw.activity : undefined;
    const activities = activityList(value) ?? [];
    activities.forEach((activity, position) =>
      claim(activity, step.index, () => {
        const { line, column } = locateInJourney(Array.isArray(value) ? ['steps', step.index, 'activity', position] : ['steps', step.index, 'activity']);
        return `${journeyFile}:${line}:${column}`;
      }),
    );
  }
  if (map) {
    for (const entry of map.steps) {
      const index = journey.stepIndexById.get(entry.step);
      const where = () => {
        const { line, column } = map.parsed.locate(entry.path);
        return `${map.file}:${line}:${column}`;
      };
      if (index === undefined) throw new ReplayInputError(`${where()}: the journey '${journey.id}' has no step '${entry.step}'${didYouMean(entry.step, [...journey.stepIndexById.keys()])}`);
      claim(entry.activity, index, where);
    }
  }
  return { stepOf, ignored: new Set(map?.ignore ?? []) };
}
