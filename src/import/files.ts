import { readFileSync, statSync } from 'node:fs';
import { parse } from 'yaml';
import { describeFsError } from '../files/read.js';
import { decodeModelBytes, defaultImportSettings, importModel, modelFormatOf, settingsFromMapping, type ImportedModel, type ImportSettings } from './index.js';

/** Reads and imports the model files among `files` (the others are left alone); unreadable models become errors. */
export async function importModelFiles(files: readonly string[], settings: ImportSettings, knownChannelsFor: (file: string) => readonly string[], maxFileSize: number): Promise<Map<string, ImportedModel>> {
  const models = new Map<string, ImportedModel>();
  for (const file of files) {
    const format = modelFormatOf(file);
    if (!format) continue;
    const root = { line: 1, column: 1, endLine: 1, endColumn: 2 };
    let text: string;
    try {
      const stats = statSync(file);
      if (!stats.isFile()) throw Object.assign(new Error('not a file'), { code: stats.isDirectory() ? 'EISDIR' : 'ENOTFILE' });
      if (stats.size > maxFileSize) {
        models.set(file, { file, format, positions: new Map(), root, error: { message: `the file is ${stats.size} bytes, larger than the limit of ${maxFileSize} (limits.maxFileSize)`, line: 1, column: 1 } });
        continue;
      }
      text = decodeModelBytes(readFileSync(file));
    } catch (error) {
      models.set(file, { file, format, positions: new Map(), root, error: { message: `${file} ${describeFsError(error)}`, line: 1, column: 1 } });
      continue;
    }
    // `render --format mmd` writes journeys' diagrams as .mmd; a journey YAML file someone named .mmd stays a journey.
    if (format === 'mermaid' && looksLikeYaml(text)) continue;
    try {
      models.set(file, await importModel(text, file, format, settings, knownChannelsFor(file)));
    } catch (error) {
      // A model built to exhaust the importer (nesting deeper than the stack) is an input error, not a crash.
      const message = error instanceof RangeError ? 'the model is nested too deeply to import' : `the importer failed on this model: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
      models.set(file, { file, format, positions: new Map(), root, error: { message, line: 1, column: 1 } });
    }
  }
  return models;
}

/** The first line that is not blank or a `#` comment is a YAML key (`journey: ...`), which no Mermaid diagram starts with. */
function looksLikeYaml(text: string): boolean {
  for (const line of text.split(/\r?\n/, 200)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    return /^[\w-]+:(\s|$)/.test(trimmed);
  }
  return false;
}

export class MappingError extends Error {}

/** The import settings from a mapping file (YAML) with the command line's options on top. */
export function loadImportSettings(mappingFile: string | undefined, overrides: Partial<ImportSettings>): ImportSettings {
  let fromFile: Partial<ImportSettings> = {};
  if (mappingFile !== undefined) {
    let data: unknown;
    try {
      data = parse(readFileSync(mappingFile, 'utf8'));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new MappingError(`${mappingFile}: ${code ? describeFsError(error) : `not valid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`}`);
    }
    const { settings, problems } = settingsFromMapping(data);
    if (problems.length > 0) throw new MappingError(`${mappingFile}: ${problems.join('; ')}`);
    fromFile = settings;
  }
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0)));
  return { ...defaultImportSettings, ...fromFile, ...defined };
}
