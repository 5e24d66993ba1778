import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { ConfigError, parseSettingsText } from '../config/load.js';
import { readJourneyFile } from '../files/read.js';
import type { Rule } from '../rules/define.js';
import { compileSchema } from '../schema/compiled.js';
import { explain } from '../schema/validate.js';
import { isRecord } from '../util/text.js';
import { compileRuleFile, RuleFileError, type RuleFile } from './compile.js';

const require = createRequire(import.meta.url);
/** The rule language's own schema: the loader, the docs and editors read this one file. */
export const customRuleSchema = require('./rule.schema.json') as Record<string, unknown>;

/** Rule files are small; anything larger is not one. */
const maxRuleFileSize = 256 * 1024;
/** The file names a rule folder is read for; other files (fixtures, notes) may sit next to them. */
const ruleFilePattern = /\.rule\.ya?ml$/;

let validator: ValidateFunction | undefined;

function pickError(errors: readonly ErrorObject[]): ErrorObject {
  // The most specific error: the deepest path, and not a oneOf summary of the alternatives below it.
  // Among errors at one place, a wrong value (enum, pattern) says more than a wrong type of another alternative.
  const rank = (error: ErrorObject) => (error.keyword === 'oneOf' ? 2 : error.keyword === 'type' ? 1 : 0);
  return [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length || rank(a) - rank(b))[0]!;
}

/**
 * Reads, validates and compiles one rule file. Every mistake is a ConfigError at its line and column in the file,
 * shown as `display`.
 */
export function loadRuleFile(file: string, display: string, takenBy: (id: string) => string | undefined = () => undefined): Rule {
  const read = readJourneyFile(file, maxRuleFileSize);
  if (!read.ok) throw new ConfigError(`the rule file ${read.message.replace('a journey file', 'a rule file').replace(' (limits.maxFileSize)', '')}`, display);
  return ruleFromText(read.text, display, takenBy);
}

/** Validates and compiles the text of one rule file; errors as in loadRuleFile. */
export function ruleFromText(text: string, display = 'rule.yaml', takenBy: (id: string) => string | undefined = () => undefined): Rule {
  const parsed = parseSettingsText(text, display, 'a rule');
  const data = parsed.data;
  if (!isRecord(data)) throw new ConfigError('a rule file is a mapping with id, description, severity, message, rationale, fix, given and then', display);
  validator ??= compileSchema(customRuleSchema, { allErrors: true, strict: false });
  if (!validator(data)) {
    const explained = explain(pickError(validator.errors ?? []), data);
    throw new ConfigError(explained.message, display, parsed.locate(explained.path, explained.target));
  }
  const taken = takenBy(String(data.id));
  if (taken) throw new ConfigError(`rule '${String(data.id)}' is already ${taken}; give this rule another id`, display, parsed.locate(['id']));
  try {
    return compileRuleFile(data as unknown as RuleFile);
  } catch (error) {
    if (error instanceof RuleFileError) throw new ConfigError(error.message, display, parsed.locate(error.path, error.target));
    throw error;
  }
}

/** The rule files of a folder (not its subfolders), in name order. */
export function ruleFilesIn(directory: string): string[] {
  return readdirSync(directory)
    .filter((name) => ruleFilePattern.test(name))
    .sort()
    .map((name) => path.join(directory, name))
    .filter((file) => statSync(file).isFile());
}
