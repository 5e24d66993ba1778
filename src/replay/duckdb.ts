/**
 * DuckDB is an optional dependency (about 70 MB): only `replay` and `metrics --log` load it, and a lint-only install can
 * leave it out. Everything else in journey-audit runs without it.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

export class ReplayInputError extends Error {}

export const duckdbInstallHint = "'replay' and 'metrics --log' need DuckDB: run 'npm install @duckdb/node-api' next to journey-audit (it is an optional dependency)";

export interface Database {
  connection: DuckDBConnection;
  /** Rows as plain objects; BIGINT and DECIMAL values as numbers. */
  rows(sql: string): Promise<Record<string, unknown>[]>;
  run(sql: string): Promise<void>;
  close(): void;
}

/** Opens an in-memory DuckDB with the memory and thread limits a shared machine needs. */
export async function openDatabase(options: { threads?: number; memoryLimit?: string } = {}): Promise<Database> {
  let api: typeof import('@duckdb/node-api');
  try {
    api = await import('@duckdb/node-api');
  } catch {
    throw new ReplayInputError(duckdbInstallHint);
  }
  const instance = await api.DuckDBInstance.create(':memory:', {
    threads: String(options.threads ?? 2),
    memory_limit: options.memoryLimit ?? '1536MB',
    // Spilling goes to the system's temporary folder, never next to the journey files.
    temp_directory: (await import('node:os')).tmpdir(),
  });
  const connection = await instance.connect();
  // Times written without an offset are read as UTC, whatever the machine's zone: the same log gives the same figures
  // everywhere, and text and Parquet timestamps agree.
  await connection.run("SET TimeZone = 'UTC'");
  return {
    connection,
    async rows(sql) {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJS().map((row) => {
        const plain: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(row)) plain[key] = typeof value === 'bigint' ? Number(value) : value;
        return plain;
      });
    },
    async run(sql) {
      await connection.run(sql);
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** A SQL string literal. */
export function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** A SQL identifier: column names such as `case:concept:name` need quoting. */
export function sqlIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
