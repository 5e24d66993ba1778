import type { LoadedConfig } from '../config/load.js';
import { configForFile } from '../config/load.js';
import { ExitCode } from '../exit-codes.js';
import type { MetricsSideBySide } from '../replay/lived-metrics.js';
import { formatDuration, neutraliseControlCharacters, stringifyJsonSafely } from '../util/text.js';
import type { MetricsCliOptions } from './metrics-command.js';

const say = (text: string) => process.stderr.write(`journey-audit: ${neutraliseControlCharacters(text)}\n`);
const share = (value: number | null) => (value === null ? 'unknown' : `${Number((value * 100).toFixed(1))}%`);
const time = (secondsValue: number | null) => (secondsValue === null ? 'unknown' : secondsValue < 60 ? `${Math.round(secondsValue)}s` : formatDuration(secondsValue / 60));
const count = (value: number | null) => (value === null ? 'not in the log' : String(Number(value.toFixed(2))));

/** Pure: the declared figures beside the lived ones. */
function livedMetricsTable(journey: string, { declared, lived }: MetricsSideBySide): string {
  const rows: Array<[string, string, string]> = [
    ['cases', '', String(lived.cases)],
    ['fitness (cases / moves)', '', `${share(lived.fitness)} / ${share(lived.moveFitness)}`],
    ['variants', '', String(lived.variants)],
    ['time to resolution p50', declared.expectedMinutesToResolution === null ? 'unknown' : `${formatDuration(declared.expectedMinutesToResolution)} expected`, time(lived.resolutionP50)],
    ['time to resolution p90', '', time(lived.resolutionP90)],
    ['resolved', '', share(lived.resolvedShare)],
    ['abandoned', '', share(lived.abandonedShare)],
    ['other ends', '', share(lived.otherEndShare)],
    ['not finished', '', share(lived.unfinishedShare)],
    ['hand-offs (departments)', `${declared.handoffsWorstPath} worst path`, `${count(lived.ownerHandoffsPerCase)} per case`],
    ['resource changes', '', lived.resourceChangesPerCase === null ? 'not in the log' : `${count(lived.resourceChangesPerCase)} per case`],
    ['channel switches', `${declared.channelSwitches} worst path`, lived.channelSwitchesPerCase === null ? 'not in the log' : `${count(lived.channelSwitchesPerCase)} per case`],
    ['repeat contacts', '', lived.repeatContactShare === null ? 'no customer step mapped' : share(lived.repeatContactShare)],
    ['effort index (0-100)', String(declared.customerEffortIndex), String(lived.customerEffortIndex)],
  ];
  for (const row of lived.firstContactResolution) rows.push([`FCR ${row.capability} / ${row.channel}`, '', `${share(row.fcr)} of ${row.cases}`]);
  const header: [string, string, string] = [neutraliseControlCharacters(journey), 'declared', 'as lived'];
  const all = [header, ...rows.map((row) => row.map(neutraliseControlCharacters) as [string, string, string])];
  const widths = [0, 1, 2].map((index) => Math.max(...all.map((row) => row[index]!.length)));
  return `${all.map((row) => row.map((cell, index) => (index === 0 ? cell.padEnd(widths[index]!) : cell.padStart(widths[index]!))).join('  ').trimEnd()).join('\n')}\n`;
}

export async function runLivedMetrics(discovery: { files: string[]; missing: string[] }, config: LoadedConfig, options: MetricsCliOptions): Promise<number> {
  if (discovery.files.length !== 1 || discovery.missing.length > 0) {
    say(`metrics --log needs exactly one journey file (the one the log records); got ${discovery.files.length}${discovery.missing.length ? ` and ${discovery.missing.length} missing` : ''}`);
    return ExitCode.InputError;
  }
  if (options.log !== undefined && options.aggregates !== undefined) {
    say('use one of --log and --aggregates');
    return ExitCode.InputError;
  }
  const file = discovery.files[0]!;
  const effective = configForFile(config, file);
  const { replayJourney } = await import('../replay/run.js');
  const { ReplayInputError } = await import('../replay/duckdb.js');
  const { livedMetrics } = await import('../replay/lived-metrics.js');
  try {
    const outcome = await replayJourney({
      journeyFile: file,
      config: effective,
      ...(options.log !== undefined ? { log: options.log } : {}),
      ...(options.aggregates !== undefined ? { aggregates: options.aggregates } : {}),
      ...(options.map !== undefined ? { map: options.map } : {}),
    });
    for (const note of outcome.notes) say(note);
    if (!outcome.lived) {
      say(`${file}: not a valid journey; 'journey-audit validate ${file}' shows why`);
      return ExitCode.InputError;
    }
    const metrics = livedMetrics(outcome.lived, effective.settings);
    process.stdout.write(options.format === 'json' ? `${stringifyJsonSafely([{ file, journey: outcome.lived.journey.id, ...metrics }], 2)}\n` : livedMetricsTable(outcome.lived.journey.id, metrics));
    return ExitCode.Clean;
  } catch (error) {
    if (error instanceof ReplayInputError) {
      say(error.message);
      return ExitCode.InputError;
    }
    throw error;
  }
}
