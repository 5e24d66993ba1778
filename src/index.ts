/** The public, pure-where-possible API of journey-audit. The CLI is a thin shell over it. */
import { configForFile, isIgnored, loadConfig, findConfigFile, type LoadedConfig } from './config/load.js';
import type { RuleSetting } from './config/types.js';
import { auditText, unreadableFile, type AuditedFile } from './engine/engine.js';
import { checkProject } from './engine/project.js';
import { readJourneyFile } from './files/read.js';
import { builtinRules } from './rules/index.js';
import type { Rule } from './rules/define.js';

export { auditText, type AuditedFile } from './engine/engine.js';
export { loadConfig, findConfigFile, configForFile, ConfigError, type LoadedConfig } from './config/load.js';
export { loadConfigWithPlugins } from './config/plugins.js';
export { builtinRules } from './rules/index.js';
export { defineRule, type Rule, type RuleMeta, type RuleContext } from './rules/define.js';
export { buildJourney, type Journey, type Step, type Edge } from './model/journey.js';
export { journeySchema } from './schema/validate.js';
export type { Finding, FileResult, Severity, Category, Range } from './types.js';

export interface AuditFilesOptions {
  config: LoadedConfig;
  rules?: readonly Rule[];
  cliRules?: Record<string, RuleSetting>;
  validateOnly?: boolean;
  /** Keep each journey graph in its result (default true); off when only findings are reported. */
  keepModels?: boolean;
}

/** Audits one file from disk; an unreadable file becomes a finding, never an exception. No cross-file checks. */
export function auditFile(file: string, options: AuditFilesOptions): AuditedFile {
  const rules = options.rules ?? builtinRules;
  const config = configForFile(options.config, file, options.cliRules);
  const read = readJourneyFile(file, config.limits.maxFileSize);
  if (!read.ok) {
    const result = unreadableFile(file, `${file} ${read.message}`);
    if (read.line !== undefined) Object.assign(result.findings[0]!, { line: read.line, column: read.column, endLine: read.line, endColumn: (read.column ?? 1) + 1 });
    return result;
  }
  try {
    return auditText(read.text, { file, config, rules, ...(options.validateOnly ? { validateOnly: true } : {}), ...(options.keepModels === false ? { keepModel: false } : {}) });
  } catch (error) {
    // A resource the limits did not foresee ran out (a stack, the largest string or array): this file is
    // reported, and the other files of the run are still audited.
    if (error instanceof RangeError) return unreadableFile(file, `${file} cannot be audited: ${error.message} (a resource ran out; docs/limits.md lists the limits to lower)`);
    throw error;
  }
}

/** Audits files from disk; unreadable files become findings, never exceptions. Ignored files are skipped. */
export function auditFiles(files: readonly string[], options: AuditFilesOptions): AuditedFile[] {
  const results: AuditedFile[] = [];
  for (const file of files) {
    if (isIgnored(options.config, file)) continue;
    results.push(auditFile(file, options));
  }
  checkProject(results);
  return results;
}

/** Finds the config for `cwd` (or uses `file`) and loads it with the given rules. */
export function resolveConfig(file: string | undefined, rules: readonly Rule[] = builtinRules, cwd = process.cwd()): LoadedConfig {
  return loadConfig(file ?? findConfigFile(cwd), rules, cwd);
}
