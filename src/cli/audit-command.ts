import path from 'node:path';
import { createRequire } from 'node:module';
import { ConfigError, configForFile, isIgnored, loadConfig, findConfigFile, parseRuleFlags, type LoadedConfig } from '../config/load.js';
import type { AuditedFile } from '../engine/engine.js';
import { ExitCode, exitCodeFor } from '../exit-codes.js';
import { discoverJourneyFiles } from '../files/discover.js';
import { auditFiles } from '../index.js';
import { formatters } from '../report/index.js';
import { countFindings } from '../report/counts.js';
import { builtinRules } from '../rules/index.js';
import type { Rule } from '../rules/define.js';
import type { RuleSetting } from '../config/types.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { neutraliseControlCharacters } from '../util/text.js';
import { chooseColors } from './colors.js';
import type { AuditCliOptions } from './main.js';

const require = createRequire(import.meta.url);
const { version } = require('../../package.json') as { version: string };

export function printConfigError(error: ConfigError): void {
  const where = error.file.startsWith('--') ? '' : `${error.file}:${error.range.line}:${error.range.column}: `;
  process.stderr.write(`journey-audit: config error: ${where}${neutraliseControlCharacters(error.message)}\n`);
}

/** Loads the config for a run; prints and returns undefined on error. */
export function loadRunConfig(options: { config?: string }, rules: readonly Rule[] = builtinRules): LoadedConfig | undefined {
  try {
    const file = options.config ?? findConfigFile(process.cwd());
    return loadConfig(file, rules);
  } catch (error) {
    if (error instanceof ConfigError) {
      printConfigError(error);
      return undefined;
    }
    throw error;
  }
}

/** The --rule flags as rule settings; prints and returns undefined on error. */
export function readRuleFlags(options: AuditCliOptions, rules: readonly Rule[]): Record<string, RuleSetting> | undefined {
  try {
    return parseRuleFlags(options.rule, rules);
  } catch (error) {
    if (error instanceof ConfigError) {
      printConfigError(error);
      return undefined;
    }
    throw error;
  }
}

export async function runAudit(paths: string[], options: AuditCliOptions, mode: { validateOnly: boolean }): Promise<number> {
  const rules = builtinRules;
  if (options.watch && !options.printConfig) {
    const { runWatch } = await import('./watch.js');
    return runWatch(paths, options, mode);
  }
  const config = loadRunConfig(options, rules);
  if (!config) return ExitCode.InputError;
  const cliRules = readRuleFlags(options, rules);
  if (!cliRules) return ExitCode.InputError;

  if (options.printConfig) {
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
    process.stdout.write(`${JSON.stringify(printable, null, 2)}\n`);
    return ExitCode.Clean;
  }

  const discovery = await discoverJourneyFiles(paths);
  for (const missing of discovery.missing) {
    process.stderr.write(`journey-audit: ${neutraliseControlCharacters(missing)}: no such file, folder or matching journey files\n`);
  }
  const results = auditFiles(discovery.files, { config, rules, cliRules, ...(mode.validateOnly ? { validateOnly: true } : {}) });
  if (discovery.files.length === 0 && discovery.missing.length === 0) {
    process.stderr.write(`journey-audit: no journey files (*.journey.yaml) found in ${paths.join(', ')}\n`);
  }

  return writeReport(results, discovery.missing.length > 0, options, rules);
}

/** Formats results, writes them (stdout or --output) and returns the exit code for them. */
export function writeReport(results: AuditedFile[], missingInputs: boolean, options: AuditCliOptions, rules: readonly Rule[]): number {
  const shown = options.quiet ? results.map((result): AuditedFile => ({ ...result, findings: result.findings.filter((finding) => finding.severity === 'error') })) : results;
  const stream = process.stdout;
  const colors = chooseColors(options.color, stream, Boolean(options.output));
  const formatter = formatters[options.format]!;
  const text = formatter(shown, { cwd: process.cwd(), colors, rules, version });
  if (options.output) {
    try {
      writeFileAtomic(options.output, text);
    } catch (error) {
      process.stderr.write(`journey-audit: cannot write ${options.output}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
      return ExitCode.InputError;
    }
  } else {
    stream.write(text);
  }

  const counts = countFindings(results.flatMap((result) => result.findings));
  return exitCodeFor(
    { inputError: missingInputs || results.some((result) => result.inputError), ...counts },
    { failOn: options.failOn, ...(options.maxWarnings !== undefined ? { maxWarnings: options.maxWarnings } : {}) },
  );
}
