import { existsSync } from 'node:fs';
import path from 'node:path';
import { configForFile, isIgnored } from '../config/load.js';
import { CompareError, diffWithRef, filesChangedSince, runBaseline, type ChangeSet } from '../engine/compare.js';
import { ExitCode } from '../exit-codes.js';
import { discoverJourneyFiles } from '../files/discover.js';
import { repositoryRoot } from '../files/git.js';
import type { Comparison } from '../formatters/types.js';
import { auditFiles } from '../engine/audit.js';
import { neutraliseControlCharacters, stringifyJsonSafely } from '../util/text.js';
import { loadRunConfig, readRuleFlags, type AuditCliOptions } from './options.js';
import { report } from './output.js';
import { runInputFiles } from './inputs.js';
import { importModelsForRun } from './models.js';

export async function runAudit(paths: string[], options: AuditCliOptions, mode: { validateOnly: boolean }): Promise<number> {
  if (options.watch && !options.printConfig) {
    const { runWatch } = await import('./watch.js');
    return runWatch(paths, options, mode);
  }
  // A plugin or rule pack that fails to load is reported, and the built-in rules (and the other plugins) still audit.
  const loaded = await loadRunConfig(options, { tolerant: true });
  if (!loaded) return ExitCode.InputError;
  const { config, rules } = loaded;
  const cliRules = readRuleFlags(options, rules);
  if (!cliRules) return ExitCode.InputError;

  if (options.printConfig) {
    // A typo would otherwise show the settings of a file that is not there without a word.
    if (!existsSync(options.printConfig)) {
      process.stderr.write(`journey-audit: --print-config ${neutraliseControlCharacters(options.printConfig)}: no such file; name an existing journey file\n`);
      return ExitCode.InputError;
    }
    const effective = configForFile(config, options.printConfig, cliRules);
    const printable = {
      configFile: config.file ? path.relative(process.cwd(), config.file) || config.file : null,
      extends: config.extendsChain.map((file) => path.relative(process.cwd(), file)),
      ignored: isIgnored(config, options.printConfig),
      rules: Object.fromEntries(Object.entries(effective.rules).sort(([a], [b]) => a.localeCompare(b)).map(([id, setting]) => [id, Object.keys(setting.options).length ? [setting.severity, setting.options] : setting.severity])),
      channels: effective.settings.channels,
      departments: effective.settings.departments ?? null,
      systems: effective.settings.systems,
      pii: effective.settings.pii,
      sensitive: effective.settings.sensitive ?? null,
      holdBackOnErrors: effective.settings.holdBackOnErrors !== false,
      limits: effective.limits,
    };
    process.stdout.write(`${stringifyJsonSafely(printable, 2)}\n`);
    return ExitCode.Clean;
  }

  const usage = ciUsageError(options);
  if (usage) {
    process.stderr.write(`journey-audit: ${usage}\n`);
    return ExitCode.InputError;
  }

  const cwd = process.cwd();
  const note = (text: string) => process.stderr.write(`journey-audit: ${text}\n`);
  const discovery = await discoverJourneyFiles(paths);
  for (const missing of discovery.missing) {
    note(`${neutraliseControlCharacters(missing)}: no such file, folder or matching journey files`);
  }
  // Checked before anything is audited or written: no output may replace a file this run reads.
  const inputs = runInputFiles(config, discovery.files, options.baseline);
  if (options.output !== undefined && inputs.includes(path.resolve(cwd, options.output))) {
    note(`--output ${neutraliseControlCharacters(options.output)} is one of the files this run reads (a journey, config, plugin or baseline); not overwritten`);
    return ExitCode.InputError;
  }
  if ((options.updateBaseline || options.pruneBaseline) && options.baseline !== undefined && runInputFiles(config, discovery.files).includes(path.resolve(cwd, options.baseline))) {
    note(`--baseline ${neutraliseControlCharacters(options.baseline)} is one of the journey, config or plugin files of this run; not overwritten`);
    return ExitCode.InputError;
  }
  // Machine formats name files relative to the repository root, as code hosts expect.
  const machineFormat = !['stylish', 'json'].includes(options.format);
  const root = machineFormat || options.changedSince !== undefined ? await repositoryRoot(cwd) : undefined;

  let files = discovery.files;
  let changeSet: ChangeSet | undefined;
  let comparison: Comparison | undefined;
  try {
    if (options.changedSince !== undefined) {
      const selection = await filesChangedSince(options.changedSince, root, files, config, cwd);
      changeSet = selection.changes;
      const ref = neutraliseControlCharacters(options.changedSince);
      if (!options.quiet) {
        note(selection.configChanged ? `the configuration changed since ${ref}: auditing all ${files.length} journey files` : `auditing ${selection.files.length} of ${files.length} journey files changed since ${ref}`);
      }
      files = selection.files;
    }
    // JSON carries metrics and Markdown draws diagrams from the journey graphs; the other formats read findings only, and
    // not keeping 500 journey graphs saves a fifth of a repository audit (garbage collection).
    const keepModels = options.format === 'markdown';
    const keepMetrics = options.format === 'json';
    const models = await importModelsForRun(files, options.mapping, config);
    if (!models) return ExitCode.InputError;
    const results = auditFiles(files, { config, rules, cliRules, keepModels, keepMetrics, models, ...(mode.validateOnly ? { validateOnly: true } : {}), ...(options.format === 'junit' ? { timing: true } : {}) });
    if (discovery.files.length === 0 && discovery.missing.length === 0) {
      note(`no journey files (*.journey.yaml) found in ${neutraliseControlCharacters(paths.join(', '))}`);
    }
    if (options.baseline !== undefined) {
      const baselineMode = options.updateBaseline ? 'update' : options.pruneBaseline ? 'prune' : 'apply';
      const outcome = runBaseline(results, options.baseline, baselineMode, cwd);
      for (const text of outcome.notes) note(text);
      comparison = { against: 'the baseline', fixed: outcome.stale };
    }
    if (options.diffFindings && changeSet) {
      const diff = await diffWithRef(results, changeSet, config, rules, cliRules, cwd);
      const ref = neutraliseControlCharacters(changeSet.ref);
      if (!options.quiet) note(`compared with ${ref}: ${diff.added} new, ${diff.fixed.length} fixed, ${diff.unchanged} unchanged`);
      comparison = { against: comparison ? `${changeSet.ref} and the baseline` : changeSet.ref, fixed: [...(comparison?.fixed ?? []), ...diff.fixed] };
    }
    // `missing` makes the exit code 2: so does a plugin that failed to load.
    return report(results, { options, cwd, root, comparison, missing: discovery.missing.length > 0 || loaded.pluginsFailed === true, rules, inputs });
  } catch (error) {
    if (error instanceof CompareError) {
      note(neutraliseControlCharacters(error.message));
      return ExitCode.InputError;
    }
    throw error;
  }
}

/** Combinations of the CI options that make no sense. */
function ciUsageError(options: AuditCliOptions): string | undefined {
  if (options.updateBaseline && options.pruneBaseline) return '--update-baseline and --prune-baseline cannot be combined: --update-baseline already drops what no longer occurs';
  if ((options.updateBaseline || options.pruneBaseline) && options.baseline === undefined) return `${options.updateBaseline ? '--update-baseline' : '--prune-baseline'} needs --baseline FILE`;
  if (options.diffFindings && options.changedSince === undefined) return '--diff-findings needs --changed-since REF';
  return undefined;
}

