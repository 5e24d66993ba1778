/**
 * The part of a replay that grows with the log, in SQL: a handful of small tables (the "aggregates") computed from the
 * `ev` view in one ordering pass. Everything after them is independent of the log's size. The same tables can be
 * produced by Spark SQL or Trino over Parquet (docs/replay-at-scale.md), saved with `--save-aggregates DIR` and read
 * back with `--aggregates DIR`.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ReplayInputError, sqlString, type Database } from './duckdb.js';
import { bucketSql, type Histogram } from './histogram.js';

export interface Aggregates {
  summary: {
    events: number;
    cases: number;
    /** Rows without a case id, activity or readable time: counted, never used. */
    droppedRows: number;
    logStart: number;
    logEnd: number;
    /** Repeat window in seconds the `repeats` table was computed with. */
    repeatWindow: number;
    hasChannel: boolean;
    hasResource: boolean;
  };
  activities: Array<{ activity: string; events: number; cases: number }>;
  /** Directly-follows pairs with a time histogram; `from` null: the case starts; `to` null: the case ends. */
  transitions: Array<{ from: string | null; to: string | null; count: number; times: Histogram }>;
  /** `key` is the variant's JSON text, which keys the case histograms. */
  variants: Array<{ key: string; activities: string[]; cases: number; channelSwitches: number; handoffs: number }>;
  /** Case durations (first to last event) and idle times (last event to the end of the log), by variant key. */
  caseDurations: Map<string, Histogram>;
  caseIdle: Map<string, Histogram>;
  /** Per activity and channel of its first occurrence: cases with it, and cases where it happened again within the window. */
  repeats: Array<{ activity: string; channel: string | null; cases: number; repeated: number }>;
}

export const aggregateTables = ['summary', 'activities', 'transitions', 'variants', 'case_durations', 'case_idle', 'repeats'] as const;

/** The SQL of every aggregate table over the `ev` view; docs/replay-at-scale.md shows the same for Spark and Trino. */
export function aggregateSql(repeatWindowSeconds: number): Array<[string, string]> {
  return [
    [
      'seq',
      `SELECT case_id, activity, ts, channel,
         lag(activity) OVER w AS prev_activity,
         ts - lag(ts) OVER w AS gap,
         CASE WHEN lag(channel) OVER w <> channel THEN 1 ELSE 0 END AS switched,
         CASE WHEN lag(resource) OVER w <> resource THEN 1 ELSE 0 END AS handed,
         lead(ts) OVER w IS NULL AS is_last,
         row_number() OVER w AS position
       FROM ev WINDOW w AS (PARTITION BY case_id ORDER BY ts, ordinal)`,
    ],
    [
      'cases',
      `SELECT case_id, min(ts) AS start_ts, max(ts) AS end_ts,
         to_json(list(activity ORDER BY position)) AS variant, sum(switched) AS switches, sum(handed) AS handoffs
       FROM seq GROUP BY case_id`,
    ],
    [
      'summary',
      `SELECT (SELECT count(*) FROM seq) AS events, (SELECT count(*) FROM cases) AS cases,
         (SELECT count(*) FROM ev_all) - (SELECT count(*) FROM seq) AS dropped_rows,
         (SELECT min(start_ts) FROM cases) AS log_start, (SELECT max(end_ts) FROM cases) AS log_end,
         ${repeatWindowSeconds}::DOUBLE AS repeat_window,
         (SELECT count(channel) > 0 FROM seq) AS has_channel, (SELECT sum(handed) > 0 FROM seq) AS has_resource`,
    ],
    ['activities', 'SELECT activity, count(*) AS events, count(DISTINCT case_id) AS cases FROM seq GROUP BY activity'],
    [
      'transitions',
      `SELECT prev_activity AS from_activity, activity AS to_activity,
         CASE WHEN prev_activity IS NULL THEN NULL ELSE ${bucketSql('gap')} END AS bucket, count(*) AS n
       FROM seq GROUP BY ALL
       UNION ALL
       SELECT activity, NULL, NULL, count(*) FROM seq WHERE is_last GROUP BY activity`,
    ],
    ['variants', 'SELECT variant, count(*) AS cases, sum(switches) AS channel_switches, sum(handoffs) AS handoffs FROM cases GROUP BY variant'],
    ['case_durations', `SELECT variant, ${bucketSql('end_ts - start_ts')} AS bucket, count(*) AS n FROM cases GROUP BY ALL`],
    ['case_idle', `SELECT variant, ${bucketSql('(SELECT max(end_ts) FROM cases) - end_ts')} AS bucket, count(*) AS n FROM cases GROUP BY ALL`],
    [
      'repeats',
      `SELECT activity, channel, count(*) AS cases, count(*) FILTER (WHERE repeated) AS repeated FROM (
         SELECT case_id, activity, arg_min(channel, ts) AS channel, coalesce(bool_or(gap_same <= ${repeatWindowSeconds}), false) AS repeated FROM (
           SELECT case_id, activity, channel, ts, ts - lag(ts) OVER (PARTITION BY case_id, activity ORDER BY ts) AS gap_same FROM seq
         ) GROUP BY case_id, activity
       ) GROUP BY ALL`,
    ],
  ];
}

/** Computes the aggregates of the loaded log as DuckDB tables `agg_<name>`, and reads them. */
export async function computeAggregates(db: Database, repeatWindowSeconds: number): Promise<Aggregates> {
  for (const [name, sql] of aggregateSql(repeatWindowSeconds)) {
    const temporary = name === 'seq' || name === 'cases';
    await db.run(`CREATE OR REPLACE TEMP TABLE ${temporary ? name : `agg_${name}`} AS ${sql}`);
  }
  await db.run('DROP TABLE seq; DROP TABLE cases');
  return readAggregates(db);
}

/** Writes the aggregate tables as Parquet files into a folder. */
export async function saveAggregates(db: Database, directory: string): Promise<string[]> {
  mkdirSync(directory, { recursive: true });
  const written: string[] = [];
  for (const name of aggregateTables) {
    const file = path.join(directory, `${name}.parquet`);
    // DuckDB writes next to the target and renames, so a reader never sees half a file.
    const temporary = path.join(directory, `.${name}.${process.pid}.parquet`);
    await db.run(`COPY agg_${name} TO ${sqlString(temporary)} (FORMAT parquet)`);
    const { renameSync } = await import('node:fs');
    renameSync(temporary, file);
    written.push(file);
  }
  return written;
}

/** Loads aggregates produced elsewhere (Parquet or CSV files named after the tables) into `agg_<name>` tables. */
export async function loadAggregates(db: Database, directory: string): Promise<Aggregates> {
  if (!existsSync(directory)) throw new ReplayInputError(`${directory}: no such aggregates folder`);
  const names = readdirSync(directory);
  for (const table of aggregateTables) {
    // Spark and Trino write a table as a folder of part files; a single file works too.
    const candidates = [`${table}.parquet`, table, `${table}.csv`];
    const found = candidates.find((candidate) => names.includes(candidate));
    if (found === undefined) throw new ReplayInputError(`${directory}: no '${table}' aggregate (expected ${table}.parquet, ${table}.csv or a folder ${table}/ of Parquet files); docs/replay-at-scale.md lists the tables`);
    const full = path.join(directory, found);
    const reader = found.endsWith('.csv') ? `read_csv(${sqlString(full)}, header = true)` : found.endsWith('.parquet') ? `read_parquet(${sqlString(full)})` : `read_parquet(${sqlString(path.join(full, '*.parquet'))})`;
    try {
      await db.run(`CREATE OR REPLACE TEMP TABLE agg_${table} AS SELECT * FROM ${reader}`);
    } catch (error) {
      throw new ReplayInputError(`${full}: cannot read the aggregate: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
    }
  }
  try {
    return await readAggregates(db);
  } catch (error) {
    if (error instanceof ReplayInputError) throw error;
    throw new ReplayInputError(`${directory}: the aggregates do not have the expected columns (${(error instanceof Error ? error.message : String(error)).split('\n')[0]}); docs/replay-at-scale.md lists them`);
  }
}

const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
const textOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

async function readAggregates(db: Database): Promise<Aggregates> {
  const [summaryRow] = await db.rows('SELECT * FROM agg_summary');
  if (!summaryRow) throw new ReplayInputError('the summary aggregate is empty');
  const summary: Aggregates['summary'] = {
    events: num(summaryRow.events),
    cases: num(summaryRow.cases),
    droppedRows: num(summaryRow.dropped_rows),
    logStart: num(summaryRow.log_start),
    logEnd: num(summaryRow.log_end),
    repeatWindow: num(summaryRow.repeat_window),
    hasChannel: summaryRow.has_channel === true,
    hasResource: summaryRow.has_resource === true,
  };
  const activities = (await db.rows('SELECT activity, events, cases FROM agg_activities ORDER BY events DESC, activity')).map((row) => ({
    activity: String(row.activity),
    events: num(row.events),
    cases: num(row.cases),
  }));
  const transitionsByPair = new Map<string, Aggregates['transitions'][number]>();
  for (const row of await db.rows('SELECT from_activity, to_activity, bucket, n FROM agg_transitions ORDER BY from_activity NULLS FIRST, to_activity NULLS LAST, bucket')) {
    const from = textOrNull(row.from_activity);
    const to = textOrNull(row.to_activity);
    const key = JSON.stringify([from, to]);
    let entry = transitionsByPair.get(key);
    if (!entry) {
      entry = { from, to, count: 0, times: new Map() };
      transitionsByPair.set(key, entry);
    }
    entry.count += num(row.n);
    if (row.bucket !== null && row.bucket !== undefined) entry.times.set(num(row.bucket), (entry.times.get(num(row.bucket)) ?? 0) + num(row.n));
  }
  const variants = (await db.rows('SELECT variant, cases, channel_switches, handoffs FROM agg_variants ORDER BY cases DESC, variant')).map((row) => {
    let activitiesOfVariant: unknown;
    try {
      activitiesOfVariant = JSON.parse(String(row.variant));
    } catch {
      activitiesOfVariant = undefined;
    }
    if (!Array.isArray(activitiesOfVariant)) throw new ReplayInputError(`a variant is not a JSON list of activities: ${String(row.variant).slice(0, 80)}`);
    return { key: String(row.variant), activities: activitiesOfVariant.map(String), cases: num(row.cases), channelSwitches: num(row.channel_switches), handoffs: num(row.handoffs) };
  });
  const histogramsBy = async (table: string) => {
    const result = new Map<string, Histogram>();
    for (const row of await db.rows(`SELECT variant, bucket, n FROM ${table} ORDER BY variant, bucket`)) {
      const key = String(row.variant);
      let histogram = result.get(key);
      if (!histogram) result.set(key, (histogram = new Map()));
      histogram.set(num(row.bucket), (histogram.get(num(row.bucket)) ?? 0) + num(row.n));
    }
    return result;
  };
  const repeats = (await db.rows('SELECT activity, channel, cases, repeated FROM agg_repeats ORDER BY activity, channel NULLS FIRST')).map((row) => ({
    activity: String(row.activity),
    channel: textOrNull(row.channel),
    cases: num(row.cases),
    repeated: num(row.repeated),
  }));
  return {
    summary,
    activities,
    transitions: [...transitionsByPair.values()],
    variants,
    caseDurations: await histogramsBy('agg_case_durations'),
    caseIdle: await histogramsBy('agg_case_idle'),
    repeats,
  };
}
