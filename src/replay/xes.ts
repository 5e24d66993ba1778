/**
 * XES (IEEE 1849) event logs streamed through saxes into the DuckDB table `xes_events`: memory stays at one trace,
 * whatever the size of the file. Trace attributes are the `case:` columns (`case:concept:name` is the trace's
 * `concept:name`), event attributes keep their keys, as in PM4Py's and DuckDB users' flat exports.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { ReplayInputError, duckdbInstallHint, type Database } from './duckdb.js';
import type { LogColumns } from './log.js';

/** Column names of `xes_events`; loadLog reads them by these names. */
const roles = ['case', 'activity', 'timestamp', 'channel', 'resource', 'lifecycle'] as const;

export async function loadXes(db: Database, file: string, columns: LogColumns): Promise<void> {
  let Saxes: typeof import('saxes').SaxesParser;
  try {
    ({ SaxesParser: Saxes } = await import('saxes'));
  } catch {
    throw new ReplayInputError(`${duckdbInstallHint.replace('DuckDB', 'saxes for XES').replace('@duckdb/node-api', 'saxes')}`);
  }
  // The optional columns are looked up by their usual names too, so loadLog can choose them as for CSV.
  const wanted: Record<(typeof roles)[number], string[]> = {
    case: [columns.case],
    activity: [columns.activity],
    timestamp: [columns.timestamp],
    channel: columns.channel !== undefined ? [columns.channel] : ['case:channel', 'channel', 'org:channel'],
    resource: columns.resource !== undefined ? [columns.resource] : ['org:resource', 'resource', 'case:resource'],
    lifecycle: columns.lifecycle !== undefined ? [columns.lifecycle] : ['lifecycle:transition', 'lifecycle'],
  };
  const found = new Map<string, string>();
  await db.run(`CREATE OR REPLACE TEMP TABLE xes_rows (${roles.map((role) => `r_${role} VARCHAR`).join(', ')}, "__ordinal" BIGINT)`);
  const appender = await db.connection.createAppender('xes_rows');
  const parser = new Saxes({ xmlns: false, position: true });
  let ordinal = 0;
  // Where we are: 'log' > 'trace' > 'event'; attributes nested inside attributes are skipped.
  const stack: string[] = [];
  let traceAttributes = new Map<string, string>();
  let events: Map<string, string>[] = [];
  let event: Map<string, string> | undefined;
  const attributeElements = new Set(['string', 'date', 'int', 'float', 'boolean', 'id']);

  const valueFor = (role: (typeof roles)[number], attributes: Map<string, string>): string | undefined => {
    for (const name of wanted[role]) {
      const value = name.startsWith('case:') ? traceAttributes.get(name.slice(5)) : attributes.get(name) ?? undefined;
      if (value !== undefined) {
        found.set(role, name);
        return value;
      }
    }
    return undefined;
  };
  const flushTrace = () => {
    for (const attributes of events) {
      for (const role of roles) {
        const value = valueFor(role, attributes);
        if (value === undefined) appender.appendNull();
        else appender.appendVarchar(value);
      }
      appender.appendBigInt(BigInt(ordinal++));
      appender.endRow();
    }
    events = [];
    traceAttributes = new Map();
  };

  parser.on('opentag', (node) => {
    const name = node.name.replace(/^.*:/, '');
    const parent = stack[stack.length - 1];
    stack.push(name);
    if (name === 'trace' && parent === 'log') traceAttributes = new Map();
    else if (name === 'event' && parent === 'trace') {
      event = new Map();
      events.push(event);
    } else if (attributeElements.has(name) && (parent === 'trace' || parent === 'event')) {
      const attributes = node.attributes as Record<string, string>;
      const key = attributes.key;
      const value = attributes.value;
      if (key === undefined || value === undefined) return;
      if (parent === 'trace') traceAttributes.set(key, value);
      else event?.set(key, value);
    }
  });
  parser.on('closetag', () => {
    const name = stack.pop();
    if (name === 'trace' && stack[stack.length - 1] === 'log') flushTrace();
    if (name === 'event') event = undefined;
  });
  let failure: Error | undefined;
  parser.on('error', (error) => {
    failure ??= new ReplayInputError(`${file}:${parser.line}:${parser.column}: not a readable XES file: ${error.message.split('\n')[0]!.replace(/^.*?:\d+:\d+: /, '')}`);
  });

  const stream = createReadStream(file);
  const input = /\.gz(ip)?$/i.test(file) ? stream.pipe(createGunzip()) : stream;
  try {
    for await (const chunk of input) {
      parser.write((chunk as Buffer).toString('utf8'));
      if (failure) break;
    }
    if (!failure) parser.close();
  } catch (error) {
    failure ??= new ReplayInputError(`${file}: cannot read the XES file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  } finally {
    stream.destroy();
  }
  appender.flushSync();
  appender.closeSync();
  if (failure) throw failure;
  // The view carries the names the columns were chosen by, so messages and options speak of the log's own names.
  const select = roles
    .map((role) => {
      // A required attribute no event has is left out, so loadLog names it as missing; an empty log keeps them all.
      const name = found.get(role) ?? (ordinal === 0 && (role === 'case' || role === 'activity' || role === 'timestamp') ? wanted[role][0]! : undefined);
      return name === undefined ? undefined : `r_${role} AS "${name.replace(/"/g, '""')}"`;
    })
    .filter((entry): entry is string => entry !== undefined);
  await db.run(`CREATE OR REPLACE TEMP VIEW xes_events AS SELECT ${select.join(', ')}, "__ordinal" FROM xes_rows`);
}
