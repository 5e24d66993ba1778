import { ExitCode } from '../exit-codes.js';
import { discoverJourneyFiles } from '../files/discover.js';
import { auditFiles } from '../index.js';
import { defaultSettings } from '../model/channels.js';
import { computeMetrics, type JourneyMetrics } from '../model/metrics.js';
import { formatDuration, neutraliseControlCharacters, stringifyJsonSafely } from '../util/text.js';
import { loadRunConfig } from './audit-command.js';

export interface MetricsCliOptions {
  config?: string;
  format: 'table' | 'json';
}

interface MetricsRow {
  file: string;
  journey: string;
  metrics: JourneyMetrics;
}

const columns: Array<{ title: string; value: (metrics: JourneyMetrics) => string }> = [
  { title: 'steps', value: (m) => String(m.steps) },
  { title: 'channels', value: (m) => String(m.channels) },
  { title: 'owners', value: (m) => String(m.owners) },
  { title: 'decisions', value: (m) => String(m.decisions) },
  { title: 'shortest', value: (m) => (m.shortestPathSteps === null ? '-' : String(m.shortestPathSteps)) },
  { title: 'longest', value: (m) => (m.longestPathSteps === null ? '-' : String(m.longestPathSteps)) },
  { title: 'expected', value: (m) => expectedTime(m, 'short') },
  { title: 'timed', value: (m) => `${m.timedSteps}/${m.stepsToResolution}` },
  { title: 'handoffs', value: (m) => String(m.handoffsWorstPath) },
  { title: 'switches', value: (m) => String(m.channelSwitches) },
  { title: 'asked', value: (m) => String(m.dataItemsAsked) },
  { title: 'twice', value: (m) => String(m.dataItemsAskedTwice) },
  { title: 'no-human', value: (m) => String(m.automatedStepsWithoutHumanRoute) },
  { title: 'effort', value: (m) => String(m.customerEffortIndex) },
];

const legend = [
  'shortest/longest: steps from the start to a resolved end (loops counted once); expected: expected time to a resolved end',
  '(unknown: no step on the way has a duration; ≥: only some have one; *: branches without a probability assumed to split',
  'evenly); timed: steps on the way with a duration, of all steps on the way; handoffs: changes between the departments the',
  'customer meets; switches: customer-channel changes on the worst way; twice: data items asked again; no-human: automated',
  'steps with no way to a person; effort: customer effort index, 0 (effortless) to 100 (terms in --format json).',
];

/**
 * Expected time in words that do not overstate it: `unknown` when nothing on the way is timed (never 0m for a journey
 * that takes days), `≥` when only some steps are, `*` (short) or a note (long) when branches were assumed to split evenly.
 */
export function expectedTime(metrics: JourneyMetrics, style: 'short' | 'long'): string {
  const minutes = metrics.expectedMinutesToResolution;
  if (minutes === null) {
    if (metrics.shortestPathSteps === null) return style === 'short' ? '-' : 'no way to a resolution';
    return style === 'short' ? 'unknown' : `unknown (none of the ${metrics.stepsToResolution} steps on the way has a duration)`;
  }
  const time = minutes === 0 ? '0m' : formatDuration(minutes);
  const partial = metrics.timedSteps < metrics.stepsToResolution;
  if (style === 'short') return `${partial ? '≥' : ''}${time}${metrics.expectedAssumesEvenSplit ? '*' : ''}`;
  const notes: string[] = [];
  if (partial) notes.push(`${metrics.timedSteps} of ${metrics.stepsToResolution} steps timed`);
  if (metrics.expectedAssumesEvenSplit) notes.push('branches without a probability assumed to split evenly');
  return `${partial ? '≥ ' : ''}${time}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
}

/** The effort index's terms in words, for the report: why a journey scores what it does. */
export function effortTermsText(metrics: JourneyMetrics): string {
  const terms = metrics.customerEffortTerms;
  const parts: string[] = [];
  if (terms.dataAskedTwice) parts.push(`${terms.dataAskedTwice} data asked twice`);
  if (terms.handoffs) parts.push(`${terms.handoffs} hand-offs`);
  if (terms.channelSwitches) parts.push(`${terms.channelSwitches} channel switches`);
  if (terms.automatedWithoutPerson) parts.push(`${terms.automatedWithoutPerson} no way to a person`);
  if (terms.shortestWay) parts.push(`${terms.shortestWay} length of the shortest way`);
  if (terms.expectedDays) parts.push(`${terms.expectedDays} expected days`);
  if (terms.noResolution) parts.push(`${terms.noResolution} no way to a resolution`);
  return `${parts.length > 0 ? parts.join(' + ') : 'nothing'} = ${terms.raw} raw points; index = 100 × raw / (raw + 25)`;
}

/** Pure: the terminal table, one row per journey. */
export function metricsTable(rows: readonly MetricsRow[]): string {
  const header = ['journey', ...columns.map((column) => column.title)];
  const body = rows.map((row) => [neutraliseControlCharacters(row.journey), ...columns.map((column) => column.value(row.metrics))]);
  const widths = header.map((title, index) => Math.max(title.length, ...body.map((cells) => cells[index]!.length)));
  const line = (cells: string[]) => cells.map((cell, index) => (index === 0 ? cell.padEnd(widths[index]!) : cell.padStart(widths[index]!))).join('  ').trimEnd();
  return `${[line(header), ...body.map(line), '', ...legend].join('\n')}\n`;
}

export async function runMetrics(paths: string[], options: MetricsCliOptions): Promise<number> {
  const loaded = await loadRunConfig(options);
  if (!loaded) return ExitCode.InputError;
  const { config } = loaded;
  const discovery = await discoverJourneyFiles(paths);
  let failed = discovery.missing.length > 0;
  for (const missing of discovery.missing) {
    process.stderr.write(`journey-audit: ${neutraliseControlCharacters(missing)}: no such file, folder or matching journey files\n`);
  }
  if (discovery.files.length === 0 && discovery.missing.length === 0) {
    process.stderr.write(`journey-audit: no journey files (*.journey.yaml) found in ${paths.join(', ')}\n`);
  }
  const rows: MetricsRow[] = [];
  for (const result of auditFiles(discovery.files, { config, validateOnly: true })) {
    if (result.inputError || !result.model) {
      failed = true;
      process.stderr.write(`journey-audit: ${neutraliseControlCharacters(result.file)}: not a valid journey; 'journey-audit validate ${neutraliseControlCharacters(result.file)}' shows why\n`);
      continue;
    }
    rows.push({ file: result.file, journey: result.model.id, metrics: computeMetrics(result.model, result.settings ?? defaultSettings) });
  }
  process.stdout.write(options.format === 'json' ? `${stringifyJsonSafely(rows, 2)}\n` : rows.length > 0 ? metricsTable(rows) : '');
  return failed ? ExitCode.InputError : ExitCode.Clean;
}
