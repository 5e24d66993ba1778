import type { FixedFinding } from '../formatters/types.js';
import type { Finding } from '../types.js';
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { AuditedFile } from './engine.js';

/**
 * Known findings a team has accepted for now, so that only new ones fail a build:
 * file (relative to the baseline's folder, forward slashes) -> rule id -> fingerprint -> count.
 */
export interface Baseline {
  version: 1;
  files: Record<string, Record<string, Record<string, number>>>;
}

/** An object with no prototype: file names, rule ids and fingerprints from files are data, never structure. */
function table<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

export const emptyBaseline = (): Baseline => ({ version: 1, files: table() });

/** A baseline file that cannot be used; the CLI prints it with its position and exits 2. */
export class BaselineError extends Error {
  constructor(
    message: string,
    readonly line = 1,
    readonly column = 1,
  ) {
    super(message);
    this.name = 'BaselineError';
  }
}

/** How files are named in a baseline (relative to its folder), and whether a named file still exists. */
export interface BaselinePaths {
  keyOf(file: string): string;
  /** Entries of files not audited in this run are stale only when the file is gone. */
  exists(key: string): boolean;
}

/** Findings a baseline records: active rule findings. Input errors (parse, schema) always fail and are never recorded. */
function baselinable(finding: Finding): boolean {
  return !finding.suppressed && finding.category !== 'input';
}

/**
 * Bounds on what a baseline may record. One fingerprint recorded more often than any journey can repeat
 * a finding, or more entries than any repository has, is a damaged or hostile file: applying it would
 * expand every count into an entry and run the process out of memory.
 */
const baselineLimits = { maxCount: 100_000, maxTotal: 10_000_000 } as const;

/** Line and column (1-based) of an offset in the text. */
function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
    line++;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Parses a baseline; every problem is a BaselineError with the line and column of the value at fault. */
export function parseBaseline(text: string): Baseline {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const fail = (message: string, node: Node | undefined): never => {
    const { line, column } = positionOf(text, node?.offset ?? 0);
    throw new BaselineError(message, line, column);
  };
  const firstError = errors[0];
  if (firstError || !root) {
    const { line, column } = positionOf(text, firstError?.offset ?? 0);
    const reason = firstError ? printParseErrorCode(firstError.error).replace(/(?<=[a-z])(?=[A-Z])/g, ' ').toLowerCase() : 'empty';
    throw new BaselineError(`not valid JSON (${reason})`, line, column);
  }
  const member = (object: Node, key: string) => object.children?.find((property) => property.children?.[0]?.value === key)?.children?.[1];
  if (root.type !== 'object') fail("expected an object with 'version': 1 and 'files'; write one with --update-baseline", root);
  const version = member(root, 'version');
  const filesNode = member(root, 'files');
  if (!filesNode || filesNode.type !== 'object') return fail("expected an object with 'version': 1 and 'files'; write one with --update-baseline", filesNode ?? root);
  if (version?.value !== 1) fail(`unsupported baseline version ${version ? JSON.stringify(version.value) ?? version.type : 'none'}; this journey-audit reads version 1`, version ?? root);
  const files = table<Record<string, Record<string, number>>>();
  let total = 0;
  for (const fileProperty of filesNode.children ?? []) {
    const [fileKey, rulesNode] = fileProperty.children as [Node, Node];
    const file = String(fileKey.value);
    if (rulesNode.type !== 'object') fail(`files["${file}"] must map rule ids to fingerprints`, rulesNode);
    const rules = (files[file] = table<Record<string, number>>());
    for (const ruleProperty of rulesNode.children ?? []) {
      const [ruleKey, fingerprintsNode] = ruleProperty.children as [Node, Node];
      const ruleId = String(ruleKey.value);
      if (fingerprintsNode.type !== 'object') fail(`files["${file}"]["${ruleId}"] must map fingerprints to counts`, fingerprintsNode);
      const fingerprints = (rules[ruleId] = table<number>());
      for (const fingerprintProperty of fingerprintsNode.children ?? []) {
        const [fingerprintKey, countNode] = fingerprintProperty.children as [Node, Node];
        const fingerprint = String(fingerprintKey.value);
        const count: unknown = countNode.value;
        if (countNode.type !== 'number' || typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > baselineLimits.maxCount) {
          const shown = countNode.type === 'number' || countNode.type === 'string' || countNode.type === 'boolean' || countNode.type === 'null' ? JSON.stringify(count) : `a${countNode.type === 'object' ? 'n' : ''} ${countNode.type}`;
          fail(`files["${file}"]["${ruleId}"]["${fingerprint}"] must be a count from 1 to ${baselineLimits.maxCount.toLocaleString('en-US')}, not ${shown}`, countNode);
        }
        total += count as number;
        if (total > baselineLimits.maxTotal) fail(`records more than ${baselineLimits.maxTotal.toLocaleString('en-US')} findings; a baseline that large is damaged`, countNode);
        fingerprints[fingerprint] = count as number;
      }
    }
  }
  return { version: 1, files };
}

function sortedObject<T>(entries: Record<string, T>, map: (value: T) => unknown = (value) => value): Record<string, unknown> {
  const sorted = table<unknown>();
  for (const [key, value] of Object.entries(entries).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) sorted[key] = map(value);
  return sorted;
}

/** Keys sorted at every level and one entry per line, so a baseline's diff in review is readable. */
export function serializeBaseline(baseline: Baseline): string {
  const files = sortedObject(baseline.files, (rules) => sortedObject(rules, (fingerprints) => sortedObject(fingerprints)));
  return `${JSON.stringify({ version: 1, files }, null, 2)}\n`;
}

/** A copy that keeps every level prototype-free (structuredClone would give the copies Object.prototype). */
function copyRules(rules: Record<string, Record<string, number>>): Record<string, Record<string, number>> {
  const copy = table<Record<string, number>>();
  for (const ruleId of Object.keys(rules)) copy[ruleId] = Object.assign(table<number>(), rules[ruleId]);
  return copy;
}

function copyFiles(files: Baseline['files']): Baseline['files'] {
  const copy = table<Record<string, Record<string, number>>>();
  for (const [file, rules] of Object.entries(files)) copy[file] = copyRules(rules);
  return copy;
}

/** Number of findings a baseline records. */
export function countRecorded(baseline: Baseline): number {
  let total = 0;
  for (const rules of Object.values(baseline.files)) for (const fingerprints of Object.values(rules)) for (const count of Object.values(fingerprints)) total += count;
  return total;
}

function add(baseline: Baseline, key: string, finding: Finding): void {
  const rules = (baseline.files[key] ??= table());
  const fingerprints = (rules[finding.ruleId] ??= table());
  fingerprints[finding.fingerprint] = (fingerprints[finding.fingerprint] ?? 0) + 1;
}

/** A recorded path that no longer exists and the audited file its entries now apply to. */
export interface BaselineRename {
  from: string;
  to: string;
}

/**
 * Follows renames (`git mv`): the entries of a recorded path that no longer exists move to the audited file of
 * the same journey. Fingerprints are made from the journey id, so an audited file with no entries of its own
 * takes the vanished path whose fingerprints its findings share most (the same journey id, and findings that
 * still occur). Returns the baseline to use and the renames it followed; the given baseline is not changed.
 */
export function followRenames(baseline: Baseline, results: readonly AuditedFile[], paths: BaselinePaths): { baseline: Baseline; renames: BaselineRename[] } {
  const audited = new Map(results.map((result) => [paths.keyOf(result.file), result]));
  const vanished = Object.keys(baseline.files).filter((key) => !audited.has(key) && !paths.exists(key));
  if (vanished.length === 0) return { baseline, renames: [] };
  const vanishedByFingerprint = new Map<string, string>();
  for (const key of vanished) {
    for (const fingerprints of Object.values(baseline.files[key] ?? {})) for (const fingerprint of Object.keys(fingerprints)) vanishedByFingerprint.set(fingerprint, key);
  }
  // Prototype-free like every table of the baseline: a file named `constructor` is a name, not a property.
  const files = Object.assign(table<Record<string, Record<string, number>>>(), baseline.files);
  const renames: BaselineRename[] = [];
  for (const [key, result] of audited) {
    if (files[key] || result.journey === undefined) continue;
    const shared = new Map<string, number>();
    for (const finding of result.findings) {
      const from = vanishedByFingerprint.get(finding.fingerprint);
      if (from !== undefined && files[from]) shared.set(from, (shared.get(from) ?? 0) + 1);
    }
    let best: { from: string; count: number } | undefined;
    for (const [from, count] of shared) if (best === undefined || count > best.count) best = { from, count };
    const rules = best && files[best.from];
    if (!best || !rules) continue;
    files[key] = rules;
    delete files[best.from];
    renames.push({ from: best.from, to: key });
  }
  return { baseline: renames.length > 0 ? { version: 1, files } : baseline, renames };
}

export interface BaselineOutcome {
  /** Baseline entries (one per count) that no longer occur. */
  stale: FixedFinding[];
}

/**
 * Marks findings recorded in the baseline as suppressed (kind external) and the rest as new, in
 * place; a fingerprint recorded n times covers n findings. Returns the entries that no longer occur:
 * those of audited files that were not matched, and all those of files that no longer exist.
 */
export function applyBaseline(results: readonly AuditedFile[], baseline: Baseline, paths: BaselinePaths): BaselineOutcome {
  const stale: FixedFinding[] = [];
  const audited = new Set<string>();
  for (const result of results) {
    const key = paths.keyOf(result.file);
    audited.add(key);
    const remaining = new Map<string, number>();
    for (const [ruleId, fingerprints] of Object.entries((Object.hasOwn(baseline.files, key) && baseline.files[key]) || {})) {
      for (const [fingerprint, count] of Object.entries(fingerprints)) remaining.set(`${ruleId}\u0000${fingerprint}`, count);
    }
    for (const finding of result.findings) {
      if (!baselinable(finding)) continue;
      const slot = `${finding.ruleId}\u0000${finding.fingerprint}`;
      const left = remaining.get(slot) ?? 0;
      if (left > 0) {
        remaining.set(slot, left - 1);
        finding.suppressed = { kind: 'external', justification: 'recorded in the baseline' };
        finding.change = 'unchanged';
      } else {
        finding.change = 'new';
      }
    }
    for (const [slot, left] of remaining) {
      const [ruleId, fingerprint] = slot.split('\u0000') as [string, string];
      for (let index = 0; index < left; index++) stale.push({ file: result.file, ruleId, fingerprint });
    }
  }
  for (const [key, rules] of Object.entries(baseline.files)) {
    if (audited.has(key) || paths.exists(key)) continue;
    for (const [ruleId, fingerprints] of Object.entries(rules)) {
      for (const [fingerprint, count] of Object.entries(fingerprints)) {
        for (let index = 0; index < count; index++) stale.push({ file: key, ruleId, fingerprint });
      }
    }
  }
  return { stale };
}

/**
 * The baseline after --update-baseline: the audited files' entries replaced by their current active
 * findings; other files kept while they exist. Call it before `applyBaseline` marks findings.
 */
export function updatedBaseline(previous: Baseline, results: readonly AuditedFile[], paths: BaselinePaths): Baseline {
  const next = emptyBaseline();
  const audited = new Set(results.map((result) => paths.keyOf(result.file)));
  for (const [key, rules] of Object.entries(previous.files)) {
    if (!audited.has(key) && paths.exists(key)) next.files[key] = copyRules(rules);
  }
  for (const result of results) {
    for (const finding of result.findings) if (baselinable(finding)) add(next, paths.keyOf(result.file), finding);
  }
  return next;
}

/** The baseline after --prune-baseline: stale entries removed, nothing added. */
export function prunedBaseline(previous: Baseline, stale: readonly FixedFinding[], paths: Pick<BaselinePaths, 'keyOf'>, auditedFiles: ReadonlySet<string>): Baseline {
  const next: Baseline = { version: 1, files: copyFiles(previous.files) };
  for (const entry of stale) {
    const key = auditedFiles.has(entry.file) ? paths.keyOf(entry.file) : entry.file;
    const rules = next.files[key];
    const fingerprints = rules?.[entry.ruleId];
    const count = fingerprints?.[entry.fingerprint];
    if (!rules || !fingerprints || count === undefined) continue;
    if (count > 1) fingerprints[entry.fingerprint] = count - 1;
    else delete fingerprints[entry.fingerprint];
    if (Object.keys(fingerprints).length === 0) delete rules[entry.ruleId];
    if (Object.keys(rules).length === 0) delete next.files[key];
  }
  return next;
}
