/**
 * Auditing files and texts with a configuration: what the public API exports and the CLI commands call. Kept apart
 * from the API's index, which also exports the workshop report, the RuleTester and the importers, so that an audit
 * loads only what auditing needs (W4: a cold audit of one small journey).
 */
import { configForFile, isIgnored, loadConfig, findConfigFile, type LoadedConfig } from '../config/load.js';
import type { EffectiveConfig, RuleSetting } from '../config/types.js';
import { auditText as auditJourneyText, unreadableFile, type AuditedFile } from './engine.js';
import { checkProject } from './project.js';
import { readJourneyFile } from '../files/read.js';
import { builtinRules } from '../rules/index.js';
import type { Rule } from '../rules/define.js';
import { auditImportedModel, modelFormatOf, type ImportedModel } from '../import/index.js';

export interface AuditFilesOptions {
  /** The configuration to apply; without one, the recommended preset (no config file is searched for). */
  config?: LoadedConfig;
  rules?: readonly Rule[];
  cliRules?: Record<string, RuleSetting>;
  validateOnly?: boolean;
  /** Keep each journey graph in its result (default true); off when only findings are reported. */
  keepModels?: boolean;
  /** Keep each file's text in its result (default false): buildWorkshopReport quotes it. */
  keepSources?: boolean;
  /** Compute each journey's metrics while auditing (the JSON output carries them without keeping the graphs). */
  keepMetrics?: boolean;
  /** Measure the wall time of each file and rule (`timing` of each result), for JUnit's `time`. */
  timing?: boolean;
  /** BPMN and Mermaid models imported beforehand (importModelFiles), by file: audited through their journeys. */
  models?: ReadonlyMap<string, ImportedModel>;
}

export interface AuditTextOptions {
  /** The name findings carry (default `<text>`); overrides and ignore globs of the config match it. */
  file?: string;
  /**
   * A loaded configuration (`resolveConfig`, `loadConfig`) or one already resolved for this file
   * (`configForFile`); without one, the recommended preset.
   */
  config?: LoadedConfig | EffectiveConfig;
  rules?: readonly Rule[];
  cliRules?: Record<string, RuleSetting>;
  /** Parse, schema and reference checks only. */
  validateOnly?: boolean;
  /** Keep the journey graph in the result (default true). */
  keepModel?: boolean;
}

/** The recommended preset, as `journey-audit` applies it when no config file exists. */
export function recommendedConfig(rules: readonly Rule[] = builtinRules, cwd = process.cwd()): LoadedConfig {
  return loadConfig(undefined, rules, cwd);
}

const isLoadedConfig = (config: LoadedConfig | EffectiveConfig): config is LoadedConfig => 'extendsChain' in config && 'overrides' in config;

/** Audits one journey's text. Pure apart from reading the preset files once: no other disk, clock or process access. */
export function auditText(text: string, options: AuditTextOptions = {}): AuditedFile {
  const rules = options.rules ?? builtinRules;
  const file = options.file ?? '<text>';
  const given = options.config ?? recommendedConfig(rules);
  const config = isLoadedConfig(given) ? configForFile(given, file, options.cliRules) : given;
  return auditJourneyText(text, { file, config, rules, ...(options.validateOnly ? { validateOnly: true } : {}), ...(options.keepModel === false ? { keepModel: false } : {}) });
}

/** Audits one file from disk; an unreadable file becomes a finding, never an exception. No cross-file checks. */
export function auditFile(file: string, options: AuditFilesOptions = {}): AuditedFile {
  if (!options.timing) return auditFileUntimed(file, options);
  const started = performance.now();
  const result = auditFileUntimed(file, options);
  result.timing = { rules: {}, ...result.timing, seconds: (performance.now() - started) / 1000 };
  return result;
}

function auditFileUntimed(file: string, options: AuditFilesOptions): AuditedFile {
  const rules = options.rules ?? builtinRules;
  const config = configForFile(options.config ?? recommendedConfig(rules), file, options.cliRules);
  const model = options.models?.get(file);
  if (model) {
    return auditImportedModel(model, { config, rules, ...(options.validateOnly ? { validateOnly: true } : {}), ...(options.keepModels === false ? { keepModel: false } : {}), ...(options.timing ? { timeRules: true } : {}) });
  }
  // Only callers that import models first (importModelFiles) can audit them; read as YAML, XML would be a syntax error.
  // A caller that did import but has no model for the file found it is journey YAML with a model's extension.
  if (modelFormatOf(file) !== undefined && options.models === undefined) {
    return unreadableFile(file, `${file} is a ${modelFormatOf(file) === 'bpmn' ? 'BPMN model' : 'Mermaid flowchart'}, which this command does not import: audit it without --watch, or import it to journey YAML first (journey-audit import)`);
  }
  const read = readJourneyFile(file, config.limits.maxFileSize);
  if (!read.ok) {
    const result = unreadableFile(file, `${file} ${read.message}`);
    // The reader knows where the file stops being readable (an invalid UTF-8 byte, say): the finding points there.
    for (const finding of result.findings) {
      if (read.line !== undefined) Object.assign(finding, { line: read.line, column: read.column, endLine: read.line, endColumn: (read.column ?? 1) + 1 });
    }
    return result;
  }
  try {
    return auditJourneyText(read.text, { file, config, rules, ...(options.validateOnly ? { validateOnly: true } : {}), ...(options.keepModels === false ? { keepModel: false } : {}), ...(options.keepSources ? { keepSource: true } : {}), ...(options.keepMetrics ? { keepMetrics: true } : {}), ...(options.timing ? { timeRules: true } : {}) });
  } catch (error) {
    // A resource the limits did not foresee ran out (a stack, the largest string or array): this file is
    // reported, and the other files of the run are still audited.
    if (error instanceof RangeError) return unreadableFile(file, `${file} cannot be audited: ${error.message} (a resource ran out; docs/limits.md lists the limits to lower)`);
    throw error;
  }
}

/** Audits files from disk; unreadable files become findings, never exceptions. Ignored files are skipped. */
export function auditFiles(files: readonly string[], options: AuditFilesOptions = {}): AuditedFile[] {
  // Loaded once for the whole list, not once a file.
  const withConfig = { ...options, config: options.config ?? recommendedConfig(options.rules ?? builtinRules) };
  const results: AuditedFile[] = [];
  for (const file of files) {
    if (isIgnored(withConfig.config, file)) continue;
    results.push(auditFile(file, withConfig));
  }
  checkProject(results);
  return results;
}

/** Finds the config for `cwd` (or uses `file`) and loads it with the given rules. */
export function resolveConfig(file: string | undefined, rules: readonly Rule[] = builtinRules, cwd = process.cwd()): LoadedConfig {
  return loadConfig(file ?? findConfigFile(cwd), rules, cwd);
}
