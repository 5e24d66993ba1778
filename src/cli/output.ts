import path from 'node:path';
import { createRequire } from 'node:module';
import type { AuditedFile } from '../engine/engine.js';
import { ExitCode, exitCodeFor, failingSeverity, type ExitPolicy } from '../exit-codes.js';
import { countFindings } from '../formatters/counts.js';
import { formatters } from '../formatters/index.js';
import type { Comparison, FormatterContext } from '../formatters/types.js';
import { journeyToMermaid } from '../render/mermaid.js';
import type { Rule } from '../rules/define.js';
import { Batcher, WriteError, writePiecesAtomic, type InputFiles } from '../util/atomic-write.js';
import type { LoadedConfig } from '../config/load.js';
import { runInputFiles } from './inputs.js';
import { neutraliseControlCharacters } from '../util/text.js';
import { chooseColors } from './colors.js';
import type { AuditCliOptions } from './options.js';

const require = createRequire(import.meta.url);
const { version } = require('../../package.json') as { version: string };

/** Links to files in the Markdown comment, when running in GitHub Actions or GitLab CI. */
function linkBaseFromEnvironment(env: NodeJS.ProcessEnv): string | undefined {
  if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_SHA) return `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/blob/${env.GITHUB_SHA}/`;
  if (env.CI_PROJECT_URL && env.CI_COMMIT_SHA) return `${env.CI_PROJECT_URL}/-/blob/${env.CI_COMMIT_SHA}/`;
  return undefined;
}

export interface ReportSetup {
  options: AuditCliOptions;
  cwd: string;
  root: string | undefined;
  comparison: Comparison | undefined;
  missing: boolean;
  rules: readonly Rule[];
  /** The files the run reads: --output may replace none of them. */
  inputs: InputFiles;
}

/** Formats results for a plain audit (no baseline or comparison), writes them and returns the exit code; used by --watch. */
export function writeReport(results: AuditedFile[], missing: boolean, options: AuditCliOptions, rules: readonly Rule[], config: LoadedConfig): number {
  const inputs = runInputFiles(config, results.map((result) => result.file));
  return report(results, { options, cwd: process.cwd(), root: undefined, comparison: undefined, missing, rules, inputs });
}

/** Formats the results, writes them to standard output or --output, and returns the exit code. */
export function report(results: AuditedFile[], { options, cwd, root, comparison, missing, rules, inputs }: ReportSetup): number {
  const shown = options.quiet ? results.map((result): AuditedFile => ({ ...result, findings: result.findings.filter((finding) => finding.severity === 'error') })) : results;
  const stream = process.stdout;
  const colors = chooseColors(options.color, stream, Boolean(options.output));
  const formatter = formatters[options.format]!;
  const linkBase = linkBaseFromEnvironment(process.env);
  const counts = countFindings(results.flatMap((result) => result.findings));
  const policy: ExitPolicy = { failOn: options.failOn, ...(options.maxWarnings !== undefined ? { maxWarnings: options.maxWarnings } : {}) };
  const context: FormatterContext = {
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
              ? journeyToMermaid(result.model, result.findings.filter((finding) => !finding.suppressed), { lanes: 'channel', annotate: true, theme: 'default', channels: result.analysis?.settings.channels })
              : undefined,
        }
      : {}),
  };
  // Large reports (JSON, SARIF) come in pieces and are written as they come: never one string of the whole report.
  const write = (emit: (piece: string) => void) => (formatter.write ? formatter.write(shown, context, emit) : emit(formatter(shown, context)));
  if (options.output) {
    // A report must never replace an input: --output naming a journey, config, plugin or baseline is a mistake.
    const target = path.resolve(cwd, options.output);
    if (inputs.includes(target)) {
      process.stderr.write(`journey-audit: --output ${neutraliseControlCharacters(options.output)} is one of the files this run reads (a journey, config, plugin or baseline); not overwritten\n`);
      return ExitCode.InputError;
    }
    try {
      writePiecesAtomic(target, write, options.output);
    } catch (error) {
      if (!(error instanceof WriteError)) throw error;
      process.stderr.write(`journey-audit: ${neutraliseControlCharacters(error.message)}\n`);
      return ExitCode.InputError;
    }
  } else {
    const batcher = new Batcher((batch) => stream.write(batch));
    write((piece) => batcher.add(piece));
    batcher.flush();
  }

  return exitCodeFor({ inputError: missing || results.some((result) => result.inputError), ...counts }, policy);
}
