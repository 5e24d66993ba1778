import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { configForFile, type LoadedConfig } from '../config/load.js';
import type { RuleSetting } from '../config/types.js';
import { applyBaseline, BaselineError, countRecorded, emptyBaseline, followRenames, parseBaseline, prunedBaseline, serializeBaseline, updatedBaseline, type Baseline, type BaselinePaths } from './baseline.js';
import { auditText, type AuditedFile } from './engine.js';
import { changedFiles, fileAtCommit, GitError, resolveCommit, type ChangedFile } from '../files/git.js';
import type { FixedFinding } from '../formatters/types.js';
import type { Rule } from '../rules/define.js';
import { WriteError, writeFileAtomic } from '../util/atomic-write.js';
import { neutraliseControlCharacters } from '../util/text.js';

/** A problem with --baseline or --changed-since that stops the run with exit 2; the message is for the user. */
export class CompareError extends Error {}

const toPosix = (file: string) => file.split(path.sep).join('/');

/** Real path, so that paths from git (resolved) and from the command line (maybe through a symlink) compare equal. */
function real(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

export interface ChangeSet {
  ref: string;
  commit: string;
  root: string;
  byFile: Map<string, ChangedFile>;
}

/** The journey files to audit under --changed-since: those changed since the ref, or all when the config changed. */
export async function filesChangedSince(ref: string, root: string | undefined, files: readonly string[], config: LoadedConfig, cwd: string): Promise<{ files: string[]; changes: ChangeSet; configChanged: boolean }> {
  if (!root) throw new CompareError('--changed-since needs a git repository, and the current folder is not inside one');
  let commit: string;
  let changed: ChangedFile[];
  try {
    commit = await resolveCommit(ref, root);
    changed = await changedFiles(commit, root);
  } catch (error) {
    if (error instanceof GitError) throw new CompareError(error.message);
    throw error;
  }
  const byFile = new Map(changed.map((entry) => [real(entry.file), entry]));
  const configFiles = [...(config.file ? [config.file] : []), ...config.extendsChain].map((file) => real(path.resolve(cwd, file)));
  const configChanged = configFiles.some((file) => byFile.has(file));
  const selected = configChanged ? [...files] : files.filter((file) => byFile.has(real(path.resolve(cwd, file))));
  return { files: selected, changes: { ref, commit, root, byFile }, configChanged };
}

export interface DiffSummary {
  added: number;
  unchanged: number;
  fixed: FixedFinding[];
}

/**
 * --diff-findings: audits each file's text at the ref (read with `git show`, no checkout) with the
 * configuration in force now, and marks current findings as new or unchanged by fingerprint.
 * Unchanged ones are suppressed (kind external), so only new findings fail the run.
 */
export async function diffWithRef(results: readonly AuditedFile[], changes: ChangeSet, config: LoadedConfig, rules: readonly Rule[], cliRules: Record<string, RuleSetting> | undefined, cwd: string): Promise<DiffSummary> {
  const summary: DiffSummary = { added: 0, unchanged: 0, fixed: [] };
  for (const result of results) {
    const absolute = real(path.resolve(cwd, result.file));
    const change = changes.byFile.get(absolute);
    // A file listed as changed has its base path there (none when new); an unchanged file (config changed) has its own.
    const basePath = change ? change.basePath : toPosix(path.relative(changes.root, absolute));
    const remaining = new Map<string, { count: number; message: string }>();
    if (basePath !== undefined) {
      const read = await fileAtCommit(changes.commit, basePath, changes.root);
      if (read?.ok) {
        const base = auditText(read.text, { file: result.file, config: configForFile(config, result.file, cliRules), rules });
        for (const finding of base.findings) {
          if (finding.suppressed || finding.category === 'input') continue;
          const slot = `${finding.ruleId}\u0000${finding.fingerprint}`;
          const entry = remaining.get(slot);
          if (entry) entry.count++;
          else remaining.set(slot, { count: 1, message: finding.message });
        }
      }
    }
    for (const finding of result.findings) {
      if (finding.suppressed || finding.category === 'input') continue;
      const entry = remaining.get(`${finding.ruleId}\u0000${finding.fingerprint}`);
      if (entry && entry.count > 0) {
        entry.count--;
        finding.suppressed = { kind: 'external', justification: `present at ${changes.ref}` };
        finding.change = 'unchanged';
        summary.unchanged++;
      } else {
        finding.change = 'new';
        summary.added++;
      }
    }
    for (const [slot, entry] of remaining) {
      const [ruleId, fingerprint] = slot.split('\u0000') as [string, string];
      for (let index = 0; index < entry.count; index++) summary.fixed.push({ file: result.file, ruleId, fingerprint, message: entry.message });
    }
  }
  return summary;
}

export interface BaselineRun {
  stale: FixedFinding[];
  /** What the run wrote or noticed, for standard error. */
  notes: string[];
}

/** --baseline, --update-baseline and --prune-baseline. Findings in the baseline are marked in place. */
export function runBaseline(results: readonly AuditedFile[], file: string, mode: 'apply' | 'update' | 'prune', cwd: string): BaselineRun {
  const target = path.resolve(cwd, file);
  const folder = path.dirname(target);
  const paths: BaselinePaths = {
    keyOf: (journeyFile) => toPosix(path.relative(folder, path.resolve(cwd, journeyFile))),
    exists: (key) => existsSync(path.resolve(folder, key)),
  };
  const shown = neutraliseControlCharacters(file);
  let previous: Baseline;
  try {
    previous = parseBaseline(readFileSync(target, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && mode === 'update') previous = emptyBaseline();
    else if (code === 'ENOENT') throw new CompareError(`baseline ${shown} does not exist; create it with --update-baseline`);
    else if (error instanceof BaselineError) throw new CompareError(`baseline ${shown}:${error.line}:${error.column}: cannot be used: ${neutraliseControlCharacters(error.message)}`);
    else throw new CompareError(`baseline ${shown} cannot be read: ${code ?? String(error)}`);
  }
  const notes: string[] = [];
  // A journey file moved with `git mv` keeps its accepted findings.
  const followed = followRenames(previous, results, paths);
  previous = followed.baseline;
  for (const { from, to } of followed.renames) {
    notes.push(`the baseline's entries for ${neutraliseControlCharacters(from)}, which no longer exists, apply to ${neutraliseControlCharacters(to)} (same journey)${mode === 'apply' ? '; --update-baseline records the new name' : ''}`);
  }
  const write = (baseline: Baseline) => {
    try {
      writeFileAtomic(target, serializeBaseline(baseline), `the baseline ${shown}`);
    } catch (error) {
      if (error instanceof WriteError) throw new CompareError(error.message);
      throw error;
    }
  };
  if (mode === 'update') {
    const next = updatedBaseline(previous, results, paths);
    write(next);
    const recorded = countRecorded(next);
    notes.push(`wrote ${recorded} finding${recorded === 1 ? '' : 's'} in ${Object.keys(next.files).length} file${Object.keys(next.files).length === 1 ? '' : 's'} to the baseline ${shown}`);
    previous = next;
  }
  const { stale } = applyBaseline(results, previous, paths);
  if (mode === 'prune') {
    write(prunedBaseline(previous, stale, paths, new Set(results.map((result) => result.file))));
    notes.push(`removed ${stale.length} finding${stale.length === 1 ? ' that no longer occurs' : 's that no longer occur'} from the baseline ${shown}`);
  } else if (stale.length > 0) {
    notes.push(`${stale.length} finding${stale.length === 1 ? '' : 's'} in the baseline no longer occur${stale.length === 1 ? 's' : ''}; run --update-baseline (or --prune-baseline) to remove ${stale.length === 1 ? 'it' : 'them'}`);
  }
  return { stale, notes };
}
