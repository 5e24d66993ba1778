import { existsSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ConfigError, configForFile, isIgnored, findConfigFile, loadConfig, parseRuleFlags, type LayerCache, type LoadedConfig } from '../config/load.js';
import { loadConfigWithPlugins, withDeclarativeRulesOn } from '../config/plugins.js';
import type { AuditedFile } from '../engine/engine.js';
import { ExitCode, exitCodeFor, failingSeverity, type ExitPolicy } from '../exit-codes.js';
import { discoverJourneyFiles } from '../files/discover.js';
import { auditFiles } from '../index.js';
import { formatters } from '../report/index.js';
import { countFindings } from '../report/counts.js';
import { builtinRules } from '../rules/index.js';
import type { Rule } from '../rules/define.js';
import { repositoryRoot } from '../files/git.js';
import type { Comparison } from '../report/types.js';
import type { RuleSetting } from '../config/types.js';
import { journeyToMermaid } from '../render/mermaid.js';
import { InputFiles, WriteError, writeFileAtomic } from '../util/atomic-write.js';
import { neutraliseControlCharacters, stringifyJsonSafely } from '../util/text.js';
import { chooseColors } from './colors.js';
import { CompareError, diffWithRef, filesChangedSince, runBaseline, type ChangeSet } from './compare.js';
import type { AuditCliOptions } from './main.js';

const require = createRequire(import.meta.url);
const { version } = require('../../package.json') as { version: string };

/**
 * Every file a run reads: the journeys, each config layer, the plugins and the baseline. No output may
 * replace one of them, whatever path, link or hard link names it.
 */
export function runInputFiles(config: LoadedConfig, journeyFiles: Iterable<string>, baseline?: string): InputFiles {
  const inputs = new InputFiles(journeyFiles);
  for (const file of [...config.extendsChain, ...config.plugins]) inputs.add(file);
  if (config.file) inputs.add(config.file);
  if (baseline !== undefined) inputs.add(baseline);
  return inputs;
}

export function printConfigError(error: ConfigError): void {
  const where = error.file.startsWith('--') ? '' : `${error.file}:${error.range.line}:${error.range.column}: `;
  process.stderr.write(`journey-audit: config error: ${neutraliseControlCharacters(`${where}${error.message}`)}\n`);
}

/** The config in force for a run and the rules it runs: the built-in ones plus those of the plugins it names. */
export interface RunConfig {
  config: LoadedConfig;
  rules: readonly Rule[];
  /** Plugins that failed to load (already printed): the run goes on without them and exits 2. */
  pluginsFailed?: boolean;
  /** The loaded rule packs' presets, for reloading the config in watch mode. */
  packPresets?: LayerCache;
}

/** Prints a config error and returns undefined; anything else is rethrown. */
function reportConfigError(error: unknown): undefined {
  if (!(error instanceof ConfigError)) throw error;
  printConfigError(error);
  return undefined;
}

/**
 * Loads the config for a run with the rules of the plugins it names; prints and returns undefined on error.
 * Every command that runs rules uses this one, so custom rules work wherever built-in ones do.
 */
export async function loadRunConfig(options: { config?: string }, mode: { tolerant?: boolean } = {}): Promise<RunConfig | undefined> {
  const loaded = await loadConfigWithPlugins(options.config ?? findConfigFile(process.cwd()), builtinRules, process.cwd(), mode).catch(reportConfigError);
  if (!loaded) return undefined;
  for (const problem of loaded.problems) printConfigError(problem);
  return { config: loaded.config, rules: loaded.rules, packPresets: loaded.packPresets, ...(loaded.problems.length > 0 ? { pluginsFailed: true } : {}) };
}

/** Loads the config again against rules already known (watch mode, after the config file changed); prints and returns undefined on error. */
export function reloadRunConfig(options: { config?: string }, rules: readonly Rule[], packPresets: LayerCache = new Map()): LoadedConfig | undefined {
  try {
    return withDeclarativeRulesOn(loadConfig(options.config ?? findConfigFile(process.cwd()), rules, process.cwd(), new Map(packPresets)), rules);
  } catch (error) {
    return reportConfigError(error);
  }
}

/** The --rule flags as rule settings; prints and returns undefined on error. */
export function readRuleFlags(options: AuditCliOptions, rules: readonly Rule[]): Record<string, RuleSetting> | undefined {
  try {
    return parseRuleFlags(options.rule, rules);
  } catch (error) {
    return reportConfigError(error);
  }
}

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
    const keepModels = options.format === 'json' || options.format === 'markdown';
    const results = auditFiles(files, { config, rules, cliRules, keepModels, ...(mode.validateOnly ? { validateOnly: true } : {}), ...(options.format === 'junit' ? { timing: true } : {}) });
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

/** Links to files in the Markdown comment, when running in GitHub Actions or GitLab CI. */
function linkBaseFromEnvironment(env: NodeJS.ProcessEnv): string | undefined {
  if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_SHA) return `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/blob/${env.GITHUB_SHA}/`;
  if (env.CI_PROJECT_URL && env.CI_COMMIT_SHA) return `${env.CI_PROJECT_URL}/-/blob/${env.CI_COMMIT_SHA}/`;
  return undefined;
}

interface ReportSetup {
  options: AuditCliOptions;
  cwd: string;
  root: string | undefined;
  comparison: Comparison | undefined;
  missing: boolean;
  rules: readonly Rule[];
  inputs: InputFiles;
}

/** Formats results for a plain audit (no baseline or comparison), writes them and returns the exit code; used by --watch. */
export function writeReport(results: AuditedFile[], missing: boolean, options: AuditCliOptions, rules: readonly Rule[], config: LoadedConfig): number {
  const inputs = runInputFiles(config, results.map((result) => result.file));
  return report(results, { options, cwd: process.cwd(), root: undefined, comparison: undefined, missing, rules, inputs });
}

/** Formats the results, writes them to standard output or --output, and returns the exit code. */
function report(results: AuditedFile[], { options, cwd, root, comparison, missing, rules, inputs }: ReportSetup): number {
  const shown = options.quiet ? results.map((result): AuditedFile => ({ ...result, findings: result.findings.filter((finding) => finding.severity === 'error') })) : results;
  const stream = process.stdout;
  const colors = chooseColors(options.color, stream, Boolean(options.output));
  const formatter = formatters[options.format]!;
  const linkBase = linkBaseFromEnvironment(process.env);
  const counts = countFindings(results.flatMap((result) => result.findings));
  const policy: ExitPolicy = { failOn: options.failOn, ...(options.maxWarnings !== undefined ? { maxWarnings: options.maxWarnings } : {}) };
  const text = formatter(shown, {
    cwd,
    colors,
    rules,
    version,
    failOn: failingSeverity(counts, policy),
    ...(root !== undefined ? { root } : {}),
    ...(linkBase !== undefined ? { linkBase } : {}),
    ...(comparison !== undefined ? { comparison } : {}),
    // The pull-request comment shows each journey's annotated diagram, drawn by the renderer's pure generator.
    ...(options.format === 'markdown'
      ? {
          diagram: (result: AuditedFile) =>
            result.model
              ? journeyToMermaid(result.model, result.findings.filter((finding) => !finding.suppressed), { lanes: 'channel', annotate: true, theme: 'default', channels: (result.settings ?? { channels: undefined }).channels })
              : undefined,
        }
      : {}),
  });
  if (options.output) {
    // A report must never replace an input: --output naming a journey, config, plugin or baseline is a mistake.
    const target = path.resolve(cwd, options.output);
    if (inputs.includes(target)) {
      process.stderr.write(`journey-audit: --output ${neutraliseControlCharacters(options.output)} is one of the files this run reads (a journey, config, plugin or baseline); not overwritten\n`);
      return ExitCode.InputError;
    }
    try {
      writeFileAtomic(target, text, options.output);
    } catch (error) {
      if (!(error instanceof WriteError)) throw error;
      process.stderr.write(`journey-audit: ${neutraliseControlCharacters(error.message)}\n`);
      return ExitCode.InputError;
    }
  } else {
    stream.write(text);
  }

  return exitCodeFor({ inputError: missing || results.some((result) => result.inputError), ...counts }, policy);
}
