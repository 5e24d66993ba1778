import type { FixedFinding } from '../formatters/types.js';
import type { Finding } from '../types.js';
import { isRecord } from '../util/text.js';
import type { AuditedFile } from './engine.js';

/**
 * Known findings a team has accepted for now, so that only new ones fail a build:
 * file (relative to the baseline's folder, forward slashes) -> rule id -> fingerprint -> count.
 */
export interface Baseline {
  version: 1;
  files: Record<string, Record<string, Record<string, number>>>;
}

export const emptyBaseline = (): Baseline => ({ version: 1, files: {} });

/** A baseline file that cannot be used; the CLI prints it and exits 2. */
export class BaselineError extends Error {
  constructor(message: string) {
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

export function parseBaseline(text: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    // One line: JSON.parse quotes the text around the error, line breaks included.
    throw new BaselineError(`not valid JSON (${(error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ')})`);
  }
  if (!isRecord(data) || !isRecord(data.files)) throw new BaselineError("expected an object with 'version': 1 and 'files'; write one with --update-baseline");
  if (data.version !== 1) throw new BaselineError(`unsupported baseline version ${JSON.stringify(data.version)}; this journey-audit reads version 1`);
  const files: Baseline['files'] = {};
  for (const [file, rules] of Object.entries(data.files)) {
    if (!isRecord(rules)) throw new BaselineError(`files["${file}"] must map rule ids to fingerprints`);
    files[file] = {};
    for (const [ruleId, fingerprints] of Object.entries(rules)) {
      if (!isRecord(fingerprints)) throw new BaselineError(`files["${file}"]["${ruleId}"] must map fingerprints to counts`);
      files[file][ruleId] = {};
      for (const [fingerprint, count] of Object.entries(fingerprints)) {
        if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
          throw new BaselineError(`files["${file}"]["${ruleId}"]["${fingerprint}"] must be a count of 1 or more, not ${JSON.stringify(count)}`);
        }
        files[file][ruleId][fingerprint] = count;
      }
    }
  }
  return { version: 1, files };
}

function sortedObject<T>(entries: Record<string, T>, map: (value: T) => unknown = (value) => value): Record<string, unknown> {
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(entries).sort()) sorted[key] = map(entries[key]!);
  return sorted;
}

/** Keys sorted at every level and one entry per line, so a baseline's diff in review is readable. */
export function serializeBaseline(baseline: Baseline): string {
  const files = sortedObject(baseline.files, (rules) => sortedObject(rules, (fingerprints) => sortedObject(fingerprints)));
  return `${JSON.stringify({ version: 1, files }, null, 2)}\n`;
}

function add(baseline: Baseline, key: string, finding: Finding): void {
  const rules = (baseline.files[key] ??= {});
  const fingerprints = (rules[finding.ruleId] ??= {});
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
    for (const fingerprints of Object.values(baseline.files[key]!)) for (const fingerprint of Object.keys(fingerprints)) vanishedByFingerprint.set(fingerprint, key);
  }
  const files = { ...baseline.files };
  const renames: BaselineRename[] = [];
  for (const [key, result] of audited) {
    if (files[key] || result.journey === undefined) continue;
    const shared = new Map<string, number>();
    for (const finding of result.findings) {
      const from = vanishedByFingerprint.get(finding.fingerprint);
      if (from !== undefined && files[from]) shared.set(from, (shared.get(from) ?? 0) + 1);
    }
    let best: string | undefined;
    for (const [from, count] of shared) if (best === undefined || count > shared.get(best)!) best = from;
    if (best === undefined) continue;
    files[key] = files[best]!;
    delete files[best];
    renames.push({ from: best, to: key });
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
    for (const [ruleId, fingerprints] of Object.entries(baseline.files[key] ?? {})) {
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
    if (!audited.has(key) && paths.exists(key)) next.files[key] = structuredClone(rules);
  }
  for (const result of results) {
    for (const finding of result.findings) if (baselinable(finding)) add(next, paths.keyOf(result.file), finding);
  }
  return next;
}

/** The baseline after --prune-baseline: stale entries removed, nothing added. */
export function prunedBaseline(previous: Baseline, stale: readonly FixedFinding[], paths: Pick<BaselinePaths, 'keyOf'>, auditedFiles: ReadonlySet<string>): Baseline {
  const next: Baseline = { version: 1, files: structuredClone(previous.files) };
  for (const entry of stale) {
    const key = auditedFiles.has(entry.file) ? paths.keyOf(entry.file) : entry.file;
    const fingerprints = next.files[key]?.[entry.ruleId];
    if (!fingerprints || fingerprints[entry.fingerprint] === undefined) continue;
    fingerprints[entry.fingerprint]! -= 1;
    if (fingerprints[entry.fingerprint]! <= 0) delete fingerprints[entry.fingerprint];
    if (Object.keys(fingerprints).length === 0) delete next.files[key]![entry.ruleId];
    if (Object.keys(next.files[key]!).length === 0) delete next.files[key];
  }
  return next;
}
