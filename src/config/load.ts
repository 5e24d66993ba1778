import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import picomatch from 'picomatch';
import { builtinChannels, builtinPii, builtinSensitive, type ChannelTraits, type JourneySettings } from '../model/channels.js';
import { readJourneyFile } from '../files/read.js';
import { findLongLine } from '../parse/line-length.js';
import { parseYaml, type ParsedYaml } from '../parse/yaml-source.js';
import { compileSchema, loadValidator } from '../schema/compiled.js';
import type { Rule } from '../rules/define.js';
import type { Range, SeveritySetting } from '../types.js';
import { findCycle } from '../util/cycles.js';
import { didYouMean } from '../util/suggest.js';
import { isRecord } from '../util/text.js';
import { defaultLimits, type EffectiveConfig, type Limits, type RuleSetting } from './types.js';

const configFileNames = ['journey-audit.config.yaml', 'journey-audit.config.yml'];
const presetNames = ['recommended', 'strict', 'omnichannel'] as const;
/** The presets ship as YAML in the package's rules/ folder. */
export const presetDirectory = fileURLToPath(new URL('../../rules/', import.meta.url));

const require = createRequire(import.meta.url);
const configSchema = require('./config.schema.json') as Record<string, unknown>;

/** A problem with a configuration, positioned in the file that has it. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly range: Range = { line: 1, column: 1, endLine: 1, endColumn: 1 },
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

interface Override {
  files: string[];
  excludedFiles: string[];
  rules: Record<string, RuleSetting>;
}

/** A configuration file with its extends chain applied; resolve per file with `configForFile`. */
export interface LoadedConfig {
  /** The config file found or given, if any. */
  file?: string;
  /** Globs in overrides and ignore are relative to this folder. */
  directory: string;
  rules: Record<string, RuleSetting>;
  overrides: Override[];
  ignore: string[];
  settings: JourneySettings;
  limits: Limits;
  /** Absolute paths of the plugin modules the run loads (those of extended configs included). */
  plugins: string[];
  /** The merged settings as plain data, for --print-config and reports. */
  extendsChain: string[];
}

let compiledConfigSchema: ValidateFunction | undefined;

/**
 * Catalogs keyed by names from config files get no prototype, so a channel or system named
 * `constructor`, `toString` or `__proto__` is looked up as a name and never reaches Object.prototype.
 */
function withoutPrototype<T>(entries: Record<string, T>): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, entries);
}

/** Walks up from `start` to the first folder with a journey-audit config file. */
export function findConfigFile(start: string): string | undefined {
  let directory = path.resolve(start);
  for (;;) {
    for (const name of configFileNames) {
      const candidate = path.join(directory, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = path.dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

function mergeRule(base: RuleSetting | undefined, next: RuleSetting): RuleSetting {
  // Like ESLint: a bare severity keeps the options set earlier.
  return { severity: next.severity, options: Object.keys(next.options).length > 0 ? next.options : (base?.options ?? {}) };
}

export function mergeRules(base: Record<string, RuleSetting>, next: Record<string, RuleSetting>): Record<string, RuleSetting> {
  const merged = { ...base };
  for (const [id, setting] of Object.entries(next)) merged[id] = mergeRule(merged[id], setting);
  return merged;
}

export interface RawLayer {
  file: string;
  data: Record<string, unknown>;
  locate: ReturnType<typeof parseYaml>['locate'];
  /** For a rule pack's preset: the config file naming the pack, where its problems are shown. */
  display?: string;
}

/** Cache key of a rule pack's preset (`pack-name/recommended`): presets are data from the pack, not files. */
export function packPresetKey(name: string): string {
  return `pack-preset:${name}`;
}

/** `acme/recommended` names a rule pack's preset; `./base.yaml` and `recommended` do not. */
export function isPackPresetName(name: string): boolean {
  return !name.startsWith('.') && !path.isAbsolute(name) && /^[^/]+\/[^/]+$/.test(name);
}

/** A config file is small; anything larger is not one. */
const maxConfigFileSize = 1024 * 1024;

/** Layers already read in this run, by absolute path: the plugin lookup and loadConfig read each file once. */
export type LayerCache = Map<string, RawLayer>;

export function readLayer(file: string, display: string, cache?: LayerCache): RawLayer {
  const cached = cache?.get(file);
  if (cached) return cached;
  const layer = readLayerUncached(file, display);
  cache?.set(file, layer);
  return layer;
}

function readLayerUncached(file: string, display: string): RawLayer {
  const read = readJourneyFile(file, maxConfigFileSize);
  if (!read.ok) {
    const range = read.line !== undefined ? { line: read.line, column: read.column ?? 1, endLine: read.line, endColumn: (read.column ?? 1) + 1 } : undefined;
    const message = read.message.replace('is a folder, not a journey file', 'is a folder, not a file').replace(' (limits.maxFileSize)', '');
    throw new ConfigError(`the config file ${message}`, display, range);
  }
  const text = read.text;
  const parsed = parseSettingsText(text, display, 'the config');
  const data = parsed.data ?? {};
  if (!isRecord(data)) throw new ConfigError('the config must be a mapping (rules:, extends:, ...)', display);
  // A key left empty (`rules:` followed only by comments) means "nothing here".
  for (const [key, value] of Object.entries(data)) if (value === null) delete data[key];
  compiledConfigSchema ??= loadValidator('config', configSchema);
  if (!compiledConfigSchema(data)) {
    const error = pickConfigError(compiledConfigSchema.errors ?? []);
    const segments = error.instancePath.split('/').slice(1).map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
    if (error.keyword === 'additionalProperties') {
      const extra = String((error.params as { additionalProperty: string }).additionalProperty);
      const known = segments.length === 0 ? Object.keys(configSchema.properties as object) : [];
      throw new ConfigError(`unknown config key '${extra}'${didYouMean(extra, known)}`, display, parsed.locate([...segments, extra], 'key'));
    }
    const where = segments.length ? segments.join('.') : 'the config';
    throw new ConfigError(`${where} ${error.message ?? 'is invalid'}`, display, parsed.locate(segments));
  }
  return { file, data, locate: parsed.locate };
}

function pickConfigError(errors: ErrorObject[]): ErrorObject {
  // Prefer the most specific error: the deepest path, and not a oneOf summary.
  const ranked = [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length || Number(a.keyword === 'oneOf') - Number(b.keyword === 'oneOf'));
  return ranked[0]!;
}

function readRules(layer: RawLayer, display: string, at: (string | number)[], raw: unknown, registry: readonly Rule[], lenient = false): Record<string, RuleSetting> {
  const rules: Record<string, RuleSetting> = {};
  if (!isRecord(raw)) return rules;
  for (const [id, value] of Object.entries(raw)) {
    const rule = registry.find((candidate) => candidate.meta.id === id);
    if (!rule) {
      // The rule may belong to a plugin that failed to load, which is reported already.
      if (lenient) continue;
      throw new ConfigError(`unknown rule '${id}'${didYouMean(id, registry.map((candidate) => candidate.meta.id))}`, display, layer.locate([...at, id], 'key'));
    }
    const severity = (Array.isArray(value) ? value[0] : value) as SeveritySetting;
    const options = Array.isArray(value) && isRecord(value[1]) ? value[1] : {};
    const problem = checkRuleOptions(rule, options);
    if (problem) throw new ConfigError(problem.message, display, layer.locate([...at, id, 1, ...problem.path], problem.path.length ? 'key' : 'value'));
    rules[id] = { severity, options };
  }
  return rules;
}

const optionValidators = new WeakMap<Rule, ValidateFunction>();

/** Validates a rule's options against its schema; returns the problem and the option's path, or undefined when valid. */
export function checkRuleOptions(rule: Rule, options: Record<string, unknown>): { message: string; path: string[] } | undefined {
  const schema = rule.meta.optionsSchema;
  // Most rules are configured by severity alone; compiling their options schemas would cost startup time for nothing.
  if (Object.keys(options).length === 0 && !('required' in schema) && !('minProperties' in schema)) return undefined;
  let validate = optionValidators.get(rule);
  if (!validate) {
    validate = compileSchema(schema, { allErrors: true, strict: false });
    optionValidators.set(rule, validate);
  }
  if (validate(options)) return undefined;
  const error = validate.errors![0]!;
  const path = error.instancePath.split('/').slice(1);
  if (error.keyword === 'additionalProperties') {
    const extra = String((error.params as { additionalProperty: string }).additionalProperty);
    const known = Object.keys((rule.meta.optionsSchema.properties as object | undefined) ?? {});
    return {
      message: `rule '${rule.meta.id}' has no option '${extra}'${didYouMean(extra, known)}${known.length ? ` (options: ${known.join(', ')})` : ''}`,
      path: [...path, extra],
    };
  }
  return { message: `rule '${rule.meta.id}' option${path.length ? ` '${path.join('.')}'` : 's'} ${error.message ?? 'invalid'}`, path };
}

export function resolveExtends(name: string, fromFile: string, display: string, locate: RawLayer['locate'], at: (string | number)[], cache?: LayerCache): string {
  if ((presetNames as readonly string[]).includes(name)) return path.join(presetDirectory, `${name}.yaml`);
  if (isPackPresetName(name)) {
    if (cache?.has(packPresetKey(name))) return packPresetKey(name);
    const pack = name.split('/')[0]!;
    const offered = [...(cache?.keys() ?? [])].filter((key) => key.startsWith(packPresetKey(`${pack}/`))).map((key) => key.slice(packPresetKey('').length));
    throw new ConfigError(
      offered.length > 0
        ? `extends '${name}': rule pack '${pack}' has no such preset; it offers ${offered.join(', ')}`
        : `extends '${name}': no rule pack named '${pack}' is loaded; name its module under 'plugins:'`,
      display,
      locate(at),
    );
  }
  if (name.startsWith('.') || path.isAbsolute(name)) {
    const target = path.resolve(path.dirname(fromFile), name);
    if (!existsSync(target)) throw new ConfigError(`extends '${name}': no such file (${target})`, display, locate(at));
    return target;
  }
  throw new ConfigError(`extends '${name}': unknown preset${didYouMean(name, presetNames)}; use one of ${presetNames.join(', ')} or a relative path like ./base.config.yaml`, display, locate(at));
}

/**
 * Loads a config file (or the built-in default: `extends: recommended`) with its extends chain.
 * Throws ConfigError, positioned, for every problem.
 */
export interface LoadConfigOptions {
  /**
   * Some plugin failed to load (and was reported): rules the registry does not know and presets of packs that are not
   * loaded are passed over instead of failing the whole config, so the other rules still run.
   */
  pluginsFailed?: boolean;
}

export function loadConfig(file: string | undefined, registry: readonly Rule[], cwd = process.cwd(), cache?: LayerCache, options: LoadConfigOptions = {}): LoadedConfig {
  const lenient = options.pluginsFailed === true;
  const config: LoadedConfig = {
    directory: file ? path.dirname(path.resolve(file)) : cwd,
    rules: {},
    overrides: [],
    ignore: [],
    settings: { channels: withoutPrototype({ ...builtinChannels }), systems: withoutPrototype({}), pii: [...builtinPii], sensitive: [...builtinSensitive] },
    limits: { ...defaultLimits },
    plugins: [],
    extendsChain: [],
  };
  if (file) config.file = path.resolve(file);
  const visiting: string[] = [];

  const apply = (absolute: string, isRoot: boolean) => {
    let display = path.relative(cwd, absolute) || absolute;
    if (visiting.includes(absolute)) {
      throw new ConfigError(`extends cycle: ${[...visiting, absolute].map((entry) => path.relative(cwd, entry) || entry).join(' -> ')}`, display);
    }
    visiting.push(absolute);
    const layer = readLayer(absolute, display, cache);
    display = layer.display ?? display;
    const { data } = layer;
    const parents = typeof data.extends === 'string' ? [data.extends] : Array.isArray(data.extends) ? (data.extends as string[]) : [];
    parents.forEach((parent, index) => {
      const at = typeof data.extends === 'string' ? ['extends'] : ['extends', index];
      if (lenient && isPackPresetName(parent) && !cache?.has(packPresetKey(parent))) return;
      apply(resolveExtends(parent, absolute, display, layer.locate, at, cache), false);
    });
    // A pack's preset is not a file: --print-config and the git comparison list files only.
    if (layer.display === undefined) config.extendsChain.push(absolute);
    config.rules = mergeRules(config.rules, readRules(layer, display, ['rules'], data.rules, registry, lenient));
    const directory = path.dirname(absolute);
    const relativeToRoot = (glob: string) => {
      // Globs are written relative to the file that declares them.
      const rebased = path.relative(config.directory, path.join(directory, glob));
      return rebased.split(path.sep).join('/');
    };
    if (Array.isArray(data.overrides)) {
      data.overrides.forEach((entry: unknown, index) => {
        if (!isRecord(entry)) return;
        const list = (value: unknown) => (typeof value === 'string' ? [value] : Array.isArray(value) ? (value as string[]) : []);
        config.overrides.push({
          files: list(entry.files).map(relativeToRoot),
          excludedFiles: list(entry.excludedFiles).map(relativeToRoot),
          rules: readRules(layer, display, ['overrides', index, 'rules'], entry.rules, registry, lenient),
        });
      });
    }
    if (Array.isArray(data.ignore)) config.ignore.push(...(data.ignore as string[]).map(relativeToRoot));
    if (isRecord(data.channels)) {
      for (const [name, traits] of Object.entries(data.channels)) {
        const earlier = Object.hasOwn(config.settings.channels, name) ? config.settings.channels[name] : undefined;
        config.settings.channels = withoutPrototype({ ...config.settings.channels, [name]: { ...earlier, ...(traits as ChannelTraits | null) } });
      }
    }
    if (Array.isArray(data.departments)) config.settings.departments = [...(config.settings.departments ?? []), ...(data.departments as string[])];
    if (isRecord(data.systems)) config.settings.systems = withoutPrototype({ ...config.settings.systems, ...(data.systems as JourneySettings['systems']) });
    if (Array.isArray(data.pii)) config.settings.pii = [...config.settings.pii, ...(data.pii as string[])];
    if (Array.isArray(data.sensitive)) config.settings.sensitive = [...(config.settings.sensitive ?? builtinSensitive), ...(data.sensitive as string[])];
    if (typeof data.holdBackOnErrors === 'boolean') config.settings.holdBackOnErrors = data.holdBackOnErrors;
    if (isRecord(data.limits)) config.limits = { ...config.limits, ...(data.limits as Partial<Limits>) };
    if (Array.isArray(data.plugins) && isRoot) config.plugins = (data.plugins as string[]).map((entry) => path.resolve(directory, entry));
    visiting.pop();
  };

  apply(file ? path.resolve(file) : path.join(presetDirectory, 'recommended.yaml'), Boolean(file));
  return config;
}

/** Adds `--rule id:severity` settings, last wins. Throws ConfigError for unknown rules or severities. */
export function parseRuleFlags(flags: readonly string[], registry: readonly Rule[]): Record<string, RuleSetting> {
  const rules: Record<string, RuleSetting> = {};
  for (const flag of flags) {
    const match = /^([^:]+):(error|warning|info|off)$/.exec(flag.trim());
    if (!match) throw new ConfigError(`--rule '${flag}': expected RULE:SEVERITY with severity error, warning, info or off`, '--rule');
    const id = match[1]!;
    if (!registry.some((rule) => rule.meta.id === id)) {
      throw new ConfigError(`--rule '${flag}': unknown rule '${id}'${didYouMean(id, registry.map((rule) => rule.meta.id))}`, '--rule');
    }
    rules[id] = { severity: match[2] as SeveritySetting, options: {} };
  }
  return rules;
}

/** Path of `file` relative to the config folder, with forward slashes, for glob matching. */
function relativeForGlobs(config: LoadedConfig, file: string): string {
  return path.relative(config.directory, path.resolve(file)).split(path.sep).join('/');
}

export function isIgnored(config: LoadedConfig, file: string): boolean {
  if (config.ignore.length === 0) return false;
  return picomatch(config.ignore, { dot: true })(relativeForGlobs(config, file));
}

/** The configuration in force for one file: base rules, matching overrides in order, then `--rule` flags. */
export function configForFile(config: LoadedConfig, file: string, cliRules: Record<string, RuleSetting> = {}): EffectiveConfig {
  let rules = config.rules;
  const relative = relativeForGlobs(config, file);
  for (const override of config.overrides) {
    const matches = picomatch(override.files, { dot: true, matchBase: !override.files.some((glob) => glob.includes('/')) })(relative);
    const excluded = override.excludedFiles.length > 0 && picomatch(override.excludedFiles, { dot: true })(relative);
    if (matches && !excluded) rules = mergeRules(rules, override.rules);
  }
  rules = mergeRules(rules, cliRules);
  return { rules, settings: config.settings, limits: config.limits };
}

/**
 * Parses the text of a config or rule file under the default limits (a config cannot set limits for itself);
 * every problem is a positioned ConfigError. `subject` names the file in the message about recursive aliases.
 */
export function parseSettingsText(text: string, display: string, subject: string): ParsedYaml {
  const structureProblem = findLongLine(text, defaultLimits.maxLineLength);
  if (structureProblem) {
    const { message, line, column } = structureProblem;
    throw new ConfigError(message, display, { line, column, endLine: line, endColumn: column + 1 });
  }
  const { maxAliasCount, maxDepth, maxNodes, maxKeys } = defaultLimits;
  const parsed = parseYaml(text, { maxAliasCount, maxDepth, maxNodes, maxKeys });
  const problem = parsed.problems[0];
  if (problem) throw new ConfigError(problem.message, display, problem);
  const cycle = findCycle(parsed.data);
  if (cycle) throw new ConfigError(`an alias refers to a collection that contains it; ${subject} cannot be recursive`, display, parsed.locate(cycle));
  return parsed;
}
