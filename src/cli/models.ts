import { configForFile, type LoadedConfig } from '../config/load.js';
import type { ImportedModel } from '../import/index.js';
import { neutraliseControlCharacters } from '../util/text.js';

/**
 * The BPMN and Mermaid models among a run's files, imported in memory with the mapping file's settings, for every
 * command that audits; undefined (after a message) when the mapping file is unusable. The importer is loaded only
 * when there is a model to import.
 */
export async function importModelsForRun(files: readonly string[], mappingFile: string | undefined, config: LoadedConfig): Promise<ReadonlyMap<string, ImportedModel> | undefined> {
  const { modelFormatOf } = await import('../import/index.js');
  const hasModels = files.some((file) => modelFormatOf(file) !== undefined);
  // A --mapping given is read even when no model is audited: a wrong one is reported, never silently ignored.
  if (!hasModels && mappingFile === undefined) return new Map();
  const { importModelFiles, loadImportSettings, MappingError } = await import('../import/files.js');
  try {
    const settings = loadImportSettings(mappingFile, {});
    if (!hasModels) return new Map();
    return await importModelFiles(files, settings, (file) => Object.keys(configForFile(config, file).settings.channels), configForFile(config, files[0]!).limits.maxFileSize);
  } catch (error) {
    if (!(error instanceof MappingError)) throw error;
    process.stderr.write(`journey-audit: mapping file: ${neutraliseControlCharacters(error.message)}\n`);
    return undefined;
  }
}
