import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, configForFile, findConfigFile, loadConfig } from '../config/load.js';
import { auditText } from '../engine/engine.js';
import { ExitCode } from '../exit-codes.js';
import { importModelFiles, loadImportSettings, MappingError } from '../import/files.js';
import { describeNote, modelFormatOf, type ImportSettings } from '../import/index.js';
import { builtinRules } from '../rules/index.js';
import { WriteError, writeFileAtomic } from '../util/atomic-write.js';
import { runInputFiles } from './inputs.js';
import { makeOutputFolder } from './output-folder.js';
import { neutraliseControlCharacters } from '../util/text.js';
import { printConfigError } from './options.js';

export interface ImportCliOptions {
  out: string;
  mapping?: string;
  channelFrom?: 'lane' | 'documentation';
  defaultChannel?: string;
  customer: string[];
  lanes?: 'channel' | 'owner';
  force?: boolean;
  config?: string;
}

/** Every file this command writes starts with this: a file without it was written by hand and is not replaced. */
const importedHeader = '# Imported from ';

export async function runImport(files: string[], options: ImportCliOptions): Promise<number> {
  const say = (text: string) => process.stderr.write(`journey-audit: ${neutraliseControlCharacters(text)}\n`);
  let config;
  try {
    config = loadConfig(options.config ?? findConfigFile(process.cwd()), builtinRules);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    printConfigError(error);
    return ExitCode.InputError;
  }
  let settings: ImportSettings;
  try {
    settings = loadImportSettings(options.mapping, {
      ...(options.channelFrom !== undefined ? { channelFrom: options.channelFrom } : {}),
      ...(options.defaultChannel !== undefined ? { defaultChannel: options.defaultChannel } : {}),
      ...(options.lanes !== undefined ? { mermaidLanes: options.lanes } : {}),
      customer: options.customer,
    });
  } catch (error) {
    if (!(error instanceof MappingError)) throw error;
    say(`mapping file: ${error.message}`);
    return ExitCode.InputError;
  }
  // Channels named on the command line or in the mapping must be known: otherwise every journey would be refused.
  const knownChannels = Object.keys(configForFile(config, files.find((file) => modelFormatOf(file)) ?? '.').settings.channels);
  const named = [
    ...(settings.defaultChannel !== undefined ? [[settings.defaultChannel, '--default-channel']] : []),
    ...Object.entries(settings.lanes).flatMap(([lane, mapping]) => (mapping.channel !== undefined ? [[mapping.channel, `the mapping of '${lane}'`]] : [])),
  ];
  for (const [channel, where] of named) {
    if (!knownChannels.includes(channel!)) {
      say(`${where} names unknown channel '${channel}' (known: ${knownChannels.join(', ')}; declare others under 'channels' in the config)`);
      return ExitCode.InputError;
    }
  }
  let failed = false;
  const models: string[] = [];
  for (const file of files) {
    if (modelFormatOf(file)) models.push(file);
    else {
      say(`${file}: not a model file (.bpmn, .bpmn2, .mmd or .mermaid); skipped`);
      failed = true;
    }
  }
  const imported = await importModelFiles(models, settings, (file) => Object.keys(configForFile(config, file).settings.channels), configForFile(config, models[0] ?? '.').limits.maxFileSize);
  if (!makeOutputFolder(options.out, say)) return ExitCode.InputError;
  // The models, the mapping file and every config layer, by device and inode: no journey written may replace one.
  const inputs = runInputFiles(config, options.mapping === undefined ? models : [...models, options.mapping]);
  const written = new Set<string>();
  for (const file of models) {
    const model = imported.get(file)!;
    if (!model.journey || model.error) {
      const { line, column, message } = model.error ?? { line: 1, column: 1, message: 'nothing to import' };
      say(`${file}:${line}:${column}: cannot import: ${message}`);
      failed = true;
      continue;
    }
    const journey = model.journey;
    const id = String(journey.data.journey);
    let target = path.join(options.out, `${id}.journey.yaml`);
    for (let count = 2; written.has(target); count++) target = path.join(options.out, `${id}-${count}.journey.yaml`);
    // The journey must validate before it is written: a file the audit would refuse helps nobody.
    const check = auditText(journey.yaml, { file: target, config: configForFile(config, target), rules: builtinRules, validateOnly: true });
    const invalid = check.findings.filter((finding) => finding.ruleId === 'schema' || finding.ruleId === 'parse');
    if (invalid.length > 0) {
      say(`${file}: the imported journey is not valid: ${invalid.map((finding) => finding.message).join('; ')}`);
      failed = true;
      continue;
    }
    if (inputs.includes(target)) {
      say(`${file}: not writing ${target}: it is one of the files this run reads`);
      failed = true;
      continue;
    }
    if (existsSync(target) && !options.force && !readFileSync(target, 'utf8').startsWith(importedHeader)) {
      say(`${target} exists and was not written by import; not replaced (use --force)`);
      failed = true;
      continue;
    }
    try {
      writeFileAtomic(target, journey.yaml);
    } catch (error) {
      if (!(error instanceof WriteError)) throw error;
      say(error.message);
      failed = true;
      continue;
    }
    written.add(target);
    const steps = (journey.data.steps as unknown[]).length;
    process.stdout.write(neutraliseControlCharacters(`${file} -> ${target}: ${steps} steps, ${journey.notes.length} note${journey.notes.length === 1 ? '' : 's'}`) + '\n');
    for (const note of journey.notes) process.stdout.write(neutraliseControlCharacters(`  note ${describeNote(note)}`) + '\n');
  }
  return failed ? ExitCode.InputError : ExitCode.Clean;
}
