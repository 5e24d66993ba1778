import { ConfigError, findConfigFile, loadConfig, parseRuleFlags, type LayerCache, type LoadedConfig } from '../config/load.js';
import { loadConfigWithPlugins, withDeclarativeRulesOn } from '../config/plugins.js';
import type { RuleSetting } from '../config/types.js';
import type { Rule } from '../rules/define.js';
import { builtinRules } from '../rules/index.js';
import { neutraliseControlCharacters } from '../util/text.js';

/**
 * What every command reads before it runs: the audit options and the config with its plugin rules. The commands
 * import this module, never each other or main.ts, so the CLI's modules form no import cycle.
 */

/** Options shared by the commands that audit journeys. */
export interface AuditCliOptions {
  config?: string;
  format: string;
  output?: string;
  failOn: 'error' | 'warning' | 'info';
  maxWarnings?: number;
  quiet?: boolean;
  color: boolean;
  rule: string[];
  printConfig?: string;
  baseline?: string;
  updateBaseline?: boolean;
  pruneBaseline?: boolean;
  changedSince?: string;
  diffFindings?: boolean;
  watch?: boolean;
  /** Import settings for BPMN and Mermaid models given to audit (lanes, customer, channels). */
  mapping?: string;
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
