import { createHash } from 'node:crypto';
import type { DocPath } from '../types.js';
import { isRecord } from '../util/text.js';

/** Message data that only helps the reader ("did you mean ...") and may change when other steps are renamed. */
const presentationKeys = new Set(['hint']);

/**
 * A finding's identity across edits: journey id, rule id, the steps involved, where in the
 * document it points (by ids, never by index) and the message data. Never positions, so inserting,
 * moving or reformatting unrelated steps keeps it. Numbers in the message data (counts, durations,
 * thresholds) are left out: they move when other parts of the journey change.
 */
export function fingerprintOf(parts: {
  journey: string;
  ruleId: string;
  steps: readonly string[];
  data: Readonly<Record<string, unknown>> | undefined;
  /** The reported place, already made index-free with `semanticPath`. */
  anchor?: readonly string[];
}): string {
  const data = parts.data
    ? Object.keys(parts.data)
        .sort()
        .filter((key) => !presentationKeys.has(key) && typeof parts.data![key] !== 'number')
        .map((key) => `${key}=${String(parts.data![key])}`)
    : [];
  const text = [parts.journey, parts.ruleId, parts.steps.join(','), data.join('&'), (parts.anchor ?? []).join('/')].join('\u0000');
  return createHash('sha256').update(text).digest('hex').slice(0, 20);
}

/** What names a list entry independently of its position: its id, target, item name or scalar value. */
function entryIdentity(entry: unknown, index: number): string {
  // `next: [a]` and `next: [{to: a}]` name the same branch, so the identity carries no field name.
  if (typeof entry === 'string' || typeof entry === 'number' || typeof entry === 'boolean') return String(entry);
  if (isRecord(entry)) {
    for (const key of ['id', 'to', 'item']) {
      const value = entry[key];
      if (typeof value === 'string') return value;
    }
  }
  return `#${index}`;
}

/**
 * A document path with list indices replaced by what the entries are: ['steps', 3, 'next', 0]
 * becomes ['steps', 'refund', 'next', 'approve']. Moving a step or inserting another one
 * leaves it unchanged.
 */
export function semanticPath(data: unknown, path: DocPath): string[] {
  const result: string[] = [];
  let node: unknown = data;
  for (const segment of path) {
    if (typeof segment === 'number' && Array.isArray(node)) {
      const entry: unknown = node[segment];
      result.push(entryIdentity(entry, segment));
      node = entry;
    } else {
      result.push(String(segment));
      node = isRecord(node) ? node[String(segment)] : undefined;
    }
  }
  return result;
}
