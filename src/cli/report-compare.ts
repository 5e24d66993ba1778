import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { configForFile, type LoadedConfig } from '../config/load.js';
import { auditText, type AuditedFile } from '../engine/engine.js';
import { changedFiles, fileAtCommit, GitError, repositoryRoot, resolveCommit } from '../files/git.js';
import { computeMetrics } from '../model/metrics.js';
import type { ReportComparison } from '../workshop/page.js';
import type { Rule } from '../rules/define.js';
import { CompareError, diffWithRef, runBaseline, type ChangeSet } from '../engine/compare.js';

/**
 * `report --compare REF`: what changed since a git ref or a baseline file, per journey. The findings are
 * matched the way `audit --diff-findings` and `--baseline` match them (by rule and fingerprint, the
 * same code); against a git ref, each journey's metrics at the ref are computed too. Findings that were
 * already there stay in the report, marked unchanged: a workshop wants to see what is still open.
 */
export async function compareForReport(results: readonly AuditedFile[], ref: string, config: LoadedConfig, rules: readonly Rule[], cwd: string): Promise<ReportComparison> {
  const asFile = path.resolve(cwd, ref);
  if (existsSync(asFile) && statSync(asFile).isFile()) return compareWithBaseline(results, ref, cwd);
  return compareWithRef(results, ref, config, rules, cwd);
}

function emptyEntry(result: AuditedFile) {
  return { file: result.file, journey: result.model?.id ?? result.file, added: 0, unchanged: 0, fixed: [] as Array<{ ruleId: string; message?: string }>, metrics: [] as Array<{ name: string; before: number | null; after: number | null }> };
}

function compareWithBaseline(results: readonly AuditedFile[], file: string, cwd: string): ReportComparison {
  const run = runBaseline(results, file, 'apply', cwd);
  const journeys = results.filter((result) => result.model && !result.inputError).map((result) => {
    const entry = emptyEntry(result);
    for (const finding of result.findings) {
      if (finding.category === 'input' || finding.category === 'suppression') continue;
      if (finding.suppressed?.kind === 'external') {
        // In the baseline: still open, shown as unchanged rather than hidden.
        delete finding.suppressed;
        finding.change = 'unchanged';
        entry.unchanged++;
      } else if (!finding.suppressed) {
        finding.change = 'new';
        entry.added++;
      }
    }
    entry.fixed = run.stale.filter((stale) => stale.file === result.file).map((stale) => ({ ruleId: stale.ruleId, ...(stale.message !== undefined ? { message: stale.message } : {}) }));
    return entry;
  });
  return { label: `the baseline ${file}`, metricsCompared: false, journeys };
}

async function compareWithRef(results: readonly AuditedFile[], ref: string, config: LoadedConfig, rules: readonly Rule[], cwd: string): Promise<ReportComparison> {
  const root = await repositoryRoot(cwd);
  if (!root) throw new CompareError(`--compare ${ref}: no such baseline file, and the current folder is not inside a git repository`);
  let changes: ChangeSet;
  try {
    const commit = await resolveCommit(ref, root);
    const changed = await changedFiles(commit, root);
    changes = { ref, commit, root, byFile: new Map(changed.map((entry) => [real(entry.file), entry])) };
  } catch (error) {
    if (error instanceof GitError) throw new CompareError(`--compare ${ref}: ${error.message}`);
    throw error;
  }
  const audited = results.filter((result) => result.analysis && !result.inputError);
  const summary = await diffWithRef(audited, changes, config, rules, undefined, cwd);
  const journeys = [];
  for (const result of audited) {
    const entry = emptyEntry(result);
    for (const finding of result.findings) {
      if (finding.change === 'unchanged') {
        // diffWithRef hides findings that were there before (for CI); the report keeps them, marked.
        delete finding.suppressed;
        entry.unchanged++;
      } else if (finding.change === 'new') entry.added++;
    }
    entry.fixed = summary.fixed.filter((fixed) => fixed.file === result.file).map((fixed) => ({ ruleId: fixed.ruleId, ...(fixed.message !== undefined ? { message: fixed.message } : {}) }));
    // The journey's metrics at the ref, from its text there (read with git show, no checkout).
    const absolute = real(path.resolve(cwd, result.file));
    const change = changes.byFile.get(absolute);
    const basePath = change ? change.basePath : path.relative(root, absolute).split(path.sep).join('/');
    const after = computeMetrics(result.analysis!);
    const read = basePath !== undefined ? await fileAtCommit(changes.commit, basePath, root) : undefined;
    const before = read?.ok ? auditText(read.text, { file: result.file, config: configForFile(config, result.file), rules }).analysis : undefined;
    const beforeMetrics = before ? computeMetrics(before) : undefined;
    for (const [name, value] of Object.entries(after) as Array<[string, number | null]>) {
      const previous = beforeMetrics ? ((beforeMetrics as unknown as Record<string, number | null>)[name] ?? null) : null;
      if (previous !== value) entry.metrics.push({ name, before: previous, after: value });
    }
    if (!beforeMetrics) entry.metrics = [];
    journeys.push({ ...entry, ...(beforeMetrics ? {} : { newSince: true }) });
  }
  return { label: `git ${ref}`, metricsCompared: true, journeys };
}

function real(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}
