/**
 * Loads an event log into DuckDB as the view `ev(case_id, activity, ts, channel, resource, ordinal)`: one row per
 * completed event, `ts` in seconds since 1970, `ordinal` the row's place in the file (it orders events with the same
 * time). CSV, Parquet and JSON lines are read by DuckDB itself; XES is streamed through saxes into a DuckDB table.
 */
import { existsSync, statSync } from 'node:fs';
import { ReplayInputError, sqlIdentifier, sqlString, type Database } from './duckdb.js';
import { loadXes } from './xes.js';

export interface LogColumns {
  case: string;
  activity: string;
  timestamp: string;
  /** Optional columns: undefined means "use the first of the usual names the log has". */
  channel?: string;
  resource?: string;
  lifecycle?: string;
}

const defaultColumns: LogColumns = { case: 'case:concept:name', activity: 'concept:name', timestamp: 'time:timestamp' };

/** The usual names of the optional columns, tried in order when none is chosen. */
const usualNames = {
  channel: ['case:channel', 'channel', 'org:channel'],
  resource: ['org:resource', 'resource', 'case:resource'],
  lifecycle: ['lifecycle:transition', 'lifecycle'],
} as const;

type LogFormat = 'csv' | 'parquet' | 'jsonl' | 'xes';

function logFormatOf(file: string): LogFormat | undefined {
  const name = file.toLowerCase().replace(/\.(gz|gzip)$/, '');
  if (name.endsWith('.csv') || name.endsWith('.tsv') || name.endsWith('.txt')) return 'csv';
  if (name.endsWith('.parquet') || name.endsWith('.pq')) return 'parquet';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson') || name.endsWith('.json')) return 'jsonl';
  if (name.endsWith('.xes')) return 'xes';
  return undefined;
}

export interface LoadedLog {
  format: LogFormat;
  /** The columns actually used (optional ones only when the log has them). */
  columns: LogColumns;
  /** Every column the log has, for messages. */
  available: string[];
}

/** Creates the `ev` view over the log file; throws ReplayInputError for a missing file, unknown format or missing column. */
export async function loadLog(db: Database, file: string, chosen: Partial<LogColumns>): Promise<LoadedLog> {
  if (!existsSync(file)) throw new ReplayInputError(`${file}: no such log file`);
  if (statSync(file).isDirectory()) throw new ReplayInputError(`${file}: is a folder, not a log file`);
  const format = logFormatOf(file);
  if (!format) throw new ReplayInputError(`${file}: unknown log format; name the file .csv, .parquet, .jsonl or .xes (gzip: add .gz)`);
  const columns: LogColumns = { ...defaultColumns, ...stripUndefined(chosen) };

  let source: string;
  if (format === 'xes') {
    await loadXes(db, file, columns);
    source = 'xes_events';
  } else {
    const path = sqlString(file);
    // Row numbers in file order order events with equal times as the file does.
    source =
      format === 'parquet'
        ? `(SELECT *, file_row_number AS "__ordinal" FROM read_parquet(${path}, file_row_number = true))`
        : format === 'csv'
          ? `(SELECT *, row_number() OVER () AS "__ordinal" FROM read_csv(${path}, header = true, all_varchar = true))`
          : `(SELECT *, row_number() OVER () AS "__ordinal" FROM read_json(${path}, format = 'newline_delimited'))`;
  }
  let described: Record<string, unknown>[];
  try {
    described = await db.rows(`DESCRIBE SELECT * FROM ${source}`);
  } catch (error) {
    throw new ReplayInputError(`${file}: cannot read the log: ${firstLine(error)}`);
  }
  const types = new Map(described.map((row) => [String(row.column_name), String(row.column_type)]));
  const available = [...types.keys()].filter((name) => name !== '__ordinal');
  for (const role of ['case', 'activity', 'timestamp'] as const) {
    if (!types.has(columns[role])) {
      throw new ReplayInputError(`${file}: the log has no column '${columns[role]}' for the ${role === 'case' ? 'case id' : role}; its columns are ${available.map((name) => `'${name}'`).join(', ')}; choose one with --${role} or columns.${role} in the map file`);
    }
  }
  for (const role of ['channel', 'resource', 'lifecycle'] as const) {
    const name = columns[role];
    if (name !== undefined) {
      if (!types.has(name)) throw new ReplayInputError(`${file}: the log has no column '${name}' for the ${role}; its columns are ${available.map((entry) => `'${entry}'`).join(', ')}`);
    } else {
      const found = usualNames[role].find((candidate) => types.has(candidate));
      if (found !== undefined) columns[role] = found;
      else delete columns[role];
    }
  }
  const timestampType = types.get(columns.timestamp)!;
  // Native timestamps are used as they are; text is parsed, and a value that is no time makes the row unusable.
  const time = /^TIMESTAMP/.test(timestampType)
    ? sqlIdentifier(columns.timestamp)
    : `TRY_CAST(CAST(${sqlIdentifier(columns.timestamp)} AS VARCHAR) AS TIMESTAMPTZ)`;
  const text = (name: string | undefined) => (name === undefined ? 'CAST(NULL AS VARCHAR)' : `CAST(${sqlIdentifier(name)} AS VARCHAR)`);
  const lifecycle = columns.lifecycle === undefined ? 'TRUE' : `(${sqlIdentifier(columns.lifecycle)} IS NULL OR lower(CAST(${sqlIdentifier(columns.lifecycle)} AS VARCHAR)) IN ('complete', 'completed', ''))`;
  await db.run(`CREATE OR REPLACE TEMP VIEW ev_all AS SELECT ${text(columns.case)} AS case_id, ${text(columns.activity)} AS activity, epoch(${time}) AS ts, ${text(columns.channel)} AS channel, ${text(columns.resource)} AS resource, "__ordinal" AS ordinal FROM ${source} WHERE ${lifecycle}`);
  await db.run('CREATE OR REPLACE TEMP VIEW ev AS SELECT * FROM ev_all WHERE case_id IS NOT NULL AND activity IS NOT NULL AND ts IS NOT NULL');
  return { format, columns, available };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
