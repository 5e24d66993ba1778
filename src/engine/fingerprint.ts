import { hash } from 'node:crypto';
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
  return fingerprintText(parts.journey, parts.ruleId, parts.steps, parts.data, undefined, parts.anchor);
}

/**
 * The same fingerprint for a rule's report: `messageId` counts as one more data key (it replaces a data key of that
 * name), without copying the data into a new object for every finding. The anchor may be given already joined
 * (`semanticPathText`).
 */
export function reportFingerprint(journey: string, ruleId: string, steps: readonly string[], data: Readonly<Record<string, unknown>> | undefined, messageId: string, anchor: readonly string[] | string): string {
  return fingerprintText(journey, ruleId, steps, data, messageId, anchor);
}

/**
 * Insertion sort, in the order of Array.prototype.sort for strings (UTF-16 code units): a report has a few keys, and
 * the built-in sort allocates scratch space on every call.
 */
// Hot in W3 (100,000 steps, 163,000 findings, one sort each): an indexed insertion sort.
/* eslint-disable @typescript-eslint/no-non-null-assertion -- the indices stay inside the list */
function sortKeys(keys: string[]): void {
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    for (; j >= 0 && keys[j]! > key; j--) keys[j + 1] = keys[j]!;
    keys[j + 1] = key;
  }
}
/* eslint-enable @typescript-eslint/no-non-null-assertion */

function fingerprintText(
  journey: string,
  ruleId: string,
  steps: readonly string[],
  data: Readonly<Record<string, unknown>> | undefined,
  messageId: string | undefined,
  anchor: readonly string[] | string | undefined,
): string {
  const keys: string[] = data ? Object.keys(data) : [];
  if (messageId !== undefined) {
    if (!keys.includes('messageId')) keys.push('messageId');
  }
  sortKeys(keys);
  // key=value pairs joined by '&', in key order, leaving out presentation keys and numbers.
  let pairs = '';
  let first = true;
  for (const key of keys) {
    const value = messageId !== undefined && key === 'messageId' ? messageId : data?.[key];
    if (presentationKeys.has(key) || typeof value === 'number') continue;
    pairs += first ? `${key}=${String(value)}` : `&${key}=${String(value)}`;
    first = false;
  }
  const stepsText = steps.length === 1 ? (steps[0] ?? '') : steps.join(',');
  const anchorText = anchor === undefined ? '' : typeof anchor === 'string' ? anchor : anchor.join('/');
  const text = `${journey}\u0000${ruleId}\u0000${stepsText}\u0000${pairs}\u0000${anchorText}`;
  // One-shot hashing: the same digest as createHash('sha256').update(text), without a Hash object per finding.
  return hash('sha256', text, 'hex').slice(0, 20);
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

/** `semanticPath(data, path).join('/')`, without the array (one per finding). */
export function semanticPathText(data: unknown, path: DocPath): string {
  let text: string | undefined;
  let node: unknown = data;
  for (const segment of path) {
    let part: string;
    if (typeof segment === 'number' && Array.isArray(node)) {
      const entry: unknown = node[segment];
      part = entryIdentity(entry, segment);
      node = entry;
    } else {
      part = String(segment);
      node = isRecord(node) ? node[String(segment)] : undefined;
    }
    text = text === undefined ? part : `${text}/${part}`;
  }
  return text ?? '';
}
