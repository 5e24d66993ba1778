// Bench W7's reference: the directly-follows query alone in DuckDB on the same log file, with the same threads and
// memory limit as replay — pairs of consecutive activities per case with their counts and median times.
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
const instance = await DuckDBInstance.create(':memory:', { threads: '2', memory_limit: '1536MB' });
const connection = await instance.connect();
const reader = await connection.runAndReadAll(`
  WITH steps AS (
    SELECT "concept:name" AS activity,
      lead("concept:name") OVER w AS next_activity,
      epoch(lead("time:timestamp") OVER w) - epoch("time:timestamp") AS gap
    FROM read_parquet('${file.replace(/'/g, "''")}')
    WINDOW w AS (PARTITION BY "case:concept:name" ORDER BY "time:timestamp")
  )
  SELECT activity, next_activity, count(*) AS n, median(gap) AS median_gap FROM steps GROUP BY ALL`);
process.stdout.write(`${reader.getRows().length} pairs\n`);
connection.closeSync();
instance.closeSync();
