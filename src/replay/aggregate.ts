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

const aggregateTables = ['summary', 'transitions', 'variants', 'case_durations', 'case_idle', 'repeats'] as const;

export interface AggregateOptions {
  /** Repeat window in seconds. */
  repeatWindow: number;
  /**
   * Activities whose repeats to count (the journey's customer contacts); undefined: every activity. Counting only the
   * contacts keeps the second ordering pass small.
   */
  repeatActivities?: readonly string[];
  /** Whether the log has channel and resource columns: without them the ordering pass carries neither. */
  hasChannel?: boolean;
  hasResource?: boolean;
  /**
   * Order events with the same time by their place in the file. Off, the pass is much cheaper (one sort key, no row
   * numbers to read) and counts the ties; computeAggregates runs it again with the file order only when there are any.
   */
  fileOrder?: boolean;
}

/**
 * The statements that fill the `agg_*` tables from the `ev` view, in order. Activities are numbered first so that the
 * ordering pass and the per-case lists carry small integers, not strings; cases are grouped by a 64-bit hash of
 * their id (two of ten million ids share a hash with a probability of about 3 in a million). docs/replay-at-scale.md
 * gives the same tables in plain Spark SQL.
 */
function aggregateStatements(options: AggregateOptions): string[] {
  const channel = options.hasChannel ?? true;
  const resource = options.hasResource ?? true;
  const fileOrder = options.fileOrder ?? true;
  const repeatFilter =
    options.repeatActivities === undefined ? '' : `WHERE activity IN (${options.repeatActivities.length === 0 ? 'NULL' : options.repeatActivities.map(sqlString).join(', ')})`;
  return [
    `CREATE OR REPLACE TEMP TABLE act_rows AS
       SELECT activity, count(*) AS all_rows, count(*) FILTER (WHERE case_id IS NOT NULL AND ts IS NOT NULL) AS usable FROM ev_all GROUP BY activity`,
    `CREATE OR REPLACE TEMP TABLE act AS
       SELECT activity, CAST(row_number() OVER (ORDER BY activity) - 1 AS SMALLINT) AS code FROM act_rows WHERE activity IS NOT NULL AND usable > 0`,
    // One ordering pass, not kept: its rows are grouped two ways at once, per case and per directly-follows pair.
    `CREATE OR REPLACE TEMP TABLE grouped AS
       SELECT GROUPING(h) AS per_pair, h, prev, code, bucket, count(*) AS n,
         min(ts) AS start_ts, max(ts) AS end_ts,
         sum(hash(code, position)) AS vh, arg_max(code, position) AS last_code,
         ${channel ? 'sum(switched)' : '0'} AS switches, ${resource ? 'sum(handed)' : '0'} AS handoffs, ${channel ? 'count(channel)' : '0'} AS with_channel,
         sum(tie) AS ties
       FROM (
         SELECT h, code, ts, ${channel ? 'channel,' : ''}
           lag(code) OVER w AS prev,
           CASE WHEN lag(ts) OVER w IS NULL THEN NULL ELSE ${bucketSql('ts - lag(ts) OVER w')} END AS bucket,
           ${channel ? 'CAST(coalesce(lag(channel) OVER w <> channel, false) AS TINYINT) AS switched,' : ''}
           ${resource ? 'CAST(coalesce(lag(resource) OVER w <> resource, false) AS TINYINT) AS handed,' : ''}
           CAST(coalesce(lag(ts) OVER w = ts, false) AS TINYINT) AS tie,
           CAST(row_number() OVER w AS INTEGER) AS position
         FROM (SELECT hash(case_id) AS h, code, ts${channel ? ', channel' : ''}${resource ? ', resource' : ''}${fileOrder ? ', ordinal' : ''} FROM ev JOIN act USING (activity))
         WINDOW w AS (PARTITION BY h ORDER BY ts${fileOrder ? ', ordinal' : ''})
       ) GROUP BY GROUPING SETS ((h), (prev, code, bucket))`,
    // A case's variant is identified by a sum of hashes of (activity, position) and its length: a plain grouping, where
    // an ordered list per case would sort every case again. The activities of each variant are then read from one
    // example case.
    `CREATE OR REPLACE TEMP TABLE cases AS
       SELECT h, start_ts, end_ts, vh, n AS len, last_code, switches, handoffs, with_channel FROM grouped WHERE per_pair = 0`,
    `CREATE OR REPLACE TEMP TABLE agg_variants_coded AS
       SELECT vh, len, count(*) AS cases, sum(switches) AS channel_switches, sum(handoffs) AS handoffs, min(h) AS example FROM cases GROUP BY vh, len`,
    `CREATE OR REPLACE TEMP TABLE agg_variants AS
       SELECT to_json(list_transform(codes, c -> names[c + 1])) AS variant, vh, len, cases, channel_switches, handoffs
       FROM (
         SELECT v.vh, v.len, any_value(v.cases) AS cases, any_value(v.channel_switches) AS channel_switches, any_value(v.handoffs) AS handoffs,
           list(e.code ORDER BY e.ts, e.ordinal) AS codes
         FROM agg_variants_coded v JOIN (SELECT hash(case_id) AS h, code, ts, ordinal FROM ev JOIN act USING (activity)) e ON e.h = v.example
         GROUP BY v.vh, v.len
       ), (SELECT list(activity ORDER BY code) AS names FROM act)`,
    `CREATE OR REPLACE TEMP TABLE agg_case_durations AS
       SELECT v.variant, d.bucket, d.n FROM (SELECT vh, len, ${bucketSql('end_ts - start_ts')} AS bucket, count(*) AS n FROM cases GROUP BY ALL) d JOIN agg_variants v USING (vh, len)`,
    `CREATE OR REPLACE TEMP TABLE agg_case_idle AS
       SELECT v.variant, d.bucket, d.n FROM (SELECT vh, len, ${bucketSql('(SELECT max(end_ts) FROM cases) - end_ts')} AS bucket, count(*) AS n FROM cases GROUP BY ALL) d JOIN agg_variants v USING (vh, len)`,
    `CREATE OR REPLACE TEMP TABLE agg_transitions AS
       SELECT pa.activity AS from_activity, ta.activity AS to_activity, t.bucket, t.n
       FROM (SELECT prev, code, bucket, n FROM grouped WHERE per_pair = 1) t JOIN act ta ON ta.code = t.code LEFT JOIN act pa ON pa.code = t.prev
       UNION ALL
       SELECT a.activity, NULL, NULL, count(*) FROM cases JOIN act a ON a.code = cases.last_code GROUP BY a.activity`,
    `CREATE OR REPLACE TEMP TABLE agg_repeats AS
       SELECT a.activity, r.channel, count(*) AS cases, count(*) FILTER (WHERE r.repeated) AS repeated FROM (
         SELECT h, code, arg_min(channel, ts) AS channel, coalesce(bool_or(gap_same <= ${options.repeatWindow}), false) AS repeated FROM (
           SELECT h, code, channel, ts, ts - lag(ts) OVER (PARTITION BY h, code ORDER BY ts) AS gap_same
           FROM (SELECT hash(case_id) AS h, code, ts, channel FROM ev JOIN act USING (activity) ${repeatFilter})
         ) GROUP BY h, code
       ) r JOIN act a USING (code) GROUP BY ALL`,
    `CREATE OR REPLACE TEMP TABLE agg_summary AS
       SELECT (SELECT sum(len) FROM cases) AS events, (SELECT count(*) FROM cases) AS cases,
         (SELECT sum(all_rows) FROM act_rows) - (SELECT sum(len) FROM cases) AS dropped_rows,
         (SELECT min(start_ts) FROM cases) AS log_start, (SELECT max(end_ts) FROM cases) AS log_end,
         CAST(${options.repeatWindow} AS DOUBLE) AS repeat_window,
         (SELECT sum(with_channel) > 0 FROM cases) AS has_channel, (SELECT sum(handoffs) > 0 FROM cases) AS has_resource`,
  ];
}

/** Computes the aggregates of the loaded log as DuckDB tables `agg_<name>`, and reads them. */
export async function computeAggregates(db: Database, options: AggregateOptions): Promise<Aggregates> {
  // Sorting and grouping ten million rows must spill to disk rather than keep file order in memory.
  await db.run('SET preserve_insertion_order = false');
  let statements = aggregateStatements({ ...options, fileOrder: false });
  const ordering = 3;
  for (const statement of statements.slice(0, ordering)) await db.run(statement);
  const [tied] = await db.rows('SELECT coalesce(sum(ties), 0) AS ties FROM grouped WHERE per_pair = 0');
  if (Number(tied?.ties ?? 0) > 0) {
    // Events with the same time in one case: only the file says their order, so the pass runs again with it.
    statements = aggregateStatements({ ...options, fileOrder: true });
    await db.run(statements[ordering - 1]!);
  }
  for (const statement of statements.slice(ordering)) await db.run(statement);
  await db.run('DROP TABLE grouped; DROP TABLE cases; ALTER TABLE agg_variants DROP COLUMN vh; ALTER TABLE agg_variants DROP COLUMN len; DROP TABLE agg_variants_coded');
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
  // Events and cases per activity follow from the variants: no pass over the events for them.
  const perActivity = new Map<string, { activity: string; events: number; cases: number }>();
  for (const variant of variants) {
    const seen = new Set<string>();
    for (const activity of variant.activities) {
      const entry = perActivity.get(activity) ?? { activity, events: 0, cases: 0 };
      entry.events += variant.cases;
      if (!seen.has(activity)) entry.cases += variant.cases;
      seen.add(activity);
      perActivity.set(activity, entry);
    }
  }
  const activities = [...perActivity.values()].sort((a, b) => b.events - a.events || a.activity.localeCompare(b.activity));
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
