import { ExitCode } from '../exit-codes.js';
import { discoverJourneyFiles } from '../files/discover.js';
import { auditFiles } from '../engine/audit.js';
import { importModelsForRun } from './models.js';
import { computeMetrics, expectedTime, type JourneyMetrics } from '../model/metrics.js';
import { neutraliseControlCharacters, stringifyJsonSafely } from '../util/text.js';
import { loadRunConfig } from './options.js';

export interface MetricsCliOptions {
  config?: string;
  format: 'table' | 'json';
  log?: string;
  aggregates?: string;
  map?: string;
  /** Import settings for BPMN and Mermaid models among the paths. */
  mapping?: string;
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


/** Pure: the terminal table, one row per journey. */
function metricsTable(rows: readonly MetricsRow[]): string {
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
  if (options.log !== undefined || options.aggregates !== undefined) {
    const { runLivedMetrics } = await import('./lived-metrics-command.js');
    return runLivedMetrics(discovery, config, options);
  }
  let failed = discovery.missing.length > 0;
  for (const missing of discovery.missing) {
    process.stderr.write(`journey-audit: ${neutraliseControlCharacters(missing)}: no such file, folder or matching journey files\n`);
  }
  if (discovery.files.length === 0 && discovery.missing.length === 0) {
    process.stderr.write(`journey-audit: no journey files (*.journey.yaml) found in ${paths.join(', ')}\n`);
  }
  const rows: MetricsRow[] = [];
  const models = await importModelsForRun(discovery.files, options.mapping, config);
  if (!models) return ExitCode.InputError;
  for (const result of auditFiles(discovery.files, { config, validateOnly: true, models })) {
    if (result.inputError || !result.analysis) {
      failed = true;
      process.stderr.write(`journey-audit: ${neutraliseControlCharacters(result.file)}: not a valid journey; 'journey-audit validate ${neutraliseControlCharacters(result.file)}' shows why\n`);
      continue;
    }
    rows.push({ file: result.file, journey: result.analysis.journey.id, metrics: computeMetrics(result.analysis) });
  }
  process.stdout.write(options.format === 'json' ? `${stringifyJsonSafely(rows, 2)}\n` : rows.length > 0 ? metricsTable(rows) : '');
  return failed ? ExitCode.InputError : ExitCode.Clean;
}
