import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadRuleFile, ruleFilesIn } from '../custom-rules/load.js';
import { compileSchema } from '../schema/compiled.js';
import { inputRuleIds, unusedDirectiveRuleId } from '../engine/engine.js';
import type { Rule } from '../rules/define.js';
import type { Range } from '../types.js';
import { isRecord } from '../util/text.js';
import { ConfigError, isPackPresetName, loadConfig, mergeRules, packPresetKey, presetDirectory, readLayer, resolveExtends, type LayerCache, type LoadedConfig } from './load.js';
import type { RuleSetting } from './types.js';

/** A `plugins:` entry and where it is written, for error positions. */
interface PluginEntry {
  /** As written in the config. */
  specifier: string;
  /** Absolute path, resolved against the config file that names it. */
  resolved: string;
  /** The config file naming it, as shown to the user. */
  file: string;
  range: Range;
}

const categories = ['broken', 'redundant', 'channel', 'ownership', 'privacy'];
const severities = ['error', 'warning', 'info'];
const reservedIds = new Set<string>([...inputRuleIds, unusedDirectiveRuleId]);

/** The `plugins:` and `ruleDirs:` entries of a config file and of every config file it extends, in order. */
function readConfigEntries(file: string | undefined, cwd = process.cwd(), cache?: LayerCache): { plugins: PluginEntry[]; ruleDirs: PluginEntry[] } {
  const entries: PluginEntry[] = [];
  const ruleDirs: PluginEntry[] = [];
  if (!file) return { plugins: entries, ruleDirs };
  const visited = new Set<string>();
  const visit = (absolute: string) => {
    // Presets are data shipped with the tool and name no plugins; cycles are reported by loadConfig.
    if (visited.has(absolute) || absolute.startsWith(presetDirectory)) return;
    visited.add(absolute);
    const display = path.relative(cwd, absolute) || absolute;
    const layer = readLayer(absolute, display, cache);
    const { data } = layer;
    const parents = typeof data.extends === 'string' ? [data.extends] : Array.isArray(data.extends) ? (data.extends as string[]) : [];
    parents.forEach((parent, index) => {
      // A rule pack's preset is known once the packs are loaded; loadConfig resolves it.
      if (isPackPresetName(parent)) return;
      visit(resolveExtends(parent, absolute, display, layer.locate, typeof data.extends === 'string' ? ['extends'] : ['extends', index]));
    });
    if (Array.isArray(data.plugins)) {
      (data.plugins as string[]).forEach((specifier, index) => {
        entries.push({ specifier, resolved: resolvePlugin(specifier, absolute), file: display, range: layer.locate(['plugins', index]) });
      });
    }
    if (Array.isArray(data.ruleDirs)) {
      (data.ruleDirs as string[]).forEach((specifier, index) => {
        ruleDirs.push({ specifier, resolved: path.resolve(path.dirname(absolute), specifier), file: display, range: layer.locate(['ruleDirs', index]) });
      });
    }
  };
  visit(path.resolve(cwd, file));
  return { plugins: entries, ruleDirs };
}

/** A path relative to the config file, or the name of a package installed where the config file is. */
function resolvePlugin(specifier: string, configFile: string): string {
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) return path.resolve(path.dirname(configFile), specifier);
  try {
    return createRequire(configFile).resolve(specifier);
  } catch {
    // Reported as "not found" where the entry is written.
    return path.resolve(path.dirname(configFile), 'node_modules', specifier);
  }
}

/** A rule pack's data, as loadPlugins found it: its name and its presets (plain config layers). */
interface LoadedPack {
  name: string;
  version: string;
  presets: Record<string, Record<string, unknown>>;
  entry: PluginEntry;
}

/**
 * Imports plugin modules — only those a config names, never by discovery — and checks their rules. A module
 * default-exports a rule made with defineRule, an array of them, or a rule pack `{ meta: { name, version }, rules,
 * presets }` whose rule ids become `name/rule-id`. Throws ConfigError, positioned at the `plugins:` entry, for a
 * missing module, one that throws on import, a malformed rule or pack, or a rule id that is already taken.
 */
async function loadPluginsAndPacks(
  entries: readonly PluginEntry[],
  builtins: readonly Rule[],
  options: { tolerant?: boolean } = {},
): Promise<{ rules: Rule[]; packs: LoadedPack[]; problems: ConfigError[] }> {
  const rules: Rule[] = [];
  const packs: LoadedPack[] = [];
  const problems: ConfigError[] = [];
  const owner = new Map<string, string>(builtins.map((rule) => [rule.meta.id, 'a built-in rule']));
  for (const entry of entries) {
    try {
      const loaded = await loadPlugin(entry, owner);
      rules.push(...loaded.rules);
      if (loaded.pack) packs.push(loaded.pack);
    } catch (error) {
      // A plugin that fails to load is one error at its entry; with `tolerant`, the rest of the run goes on without it.
      if (!(error instanceof ConfigError) || !options.tolerant) throw error;
      problems.push(error);
    }
  }
  return { rules, packs, problems };
}

async function loadPlugin(entry: PluginEntry, owner: Map<string, string>): Promise<{ rules: Rule[]; pack?: LoadedPack }> {
  const rules: Rule[] = [];
  // Ids are claimed only when the whole module loads: a half-loaded plugin leaves nothing behind.
  const claimed = new Map<string, string>();
  const fail = (message: string): never => {
    throw new ConfigError(`plugin '${entry.specifier}' ${message}`, entry.file, entry.range);
  };
  if (!existsSync(entry.resolved)) fail(`not found: no file at ${entry.resolved}`);
  let namespace: Record<string, unknown>;
  try {
    namespace = (await import(pathToFileURL(entry.resolved).href)) as Record<string, unknown>;
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return fail(`failed to load: ${message.split('\n')[0]}`);
  }
  const exported = namespace.default;
  if (exported === undefined) fail('has no default export; export a rule made with defineRule, an array of rules, or a rule pack { meta, rules, presets }');
  const add = (rule: Rule) => {
    const id = rule.meta.id;
    if (reservedIds.has(id)) fail(`defines rule '${id}', a name journey-audit reserves for its own findings; rename it`);
    const taken = owner.get(id) ?? claimed.get(id);
    if (taken) fail(`defines rule '${id}', which is already ${taken}; rename it`);
    claimed.set(id, `defined by plugin '${entry.specifier}'`);
    rules.push(rule);
  };
  let pack: LoadedPack | undefined;
  if (isRecord(exported) && !('check' in exported) && ('rules' in exported || 'presets' in exported)) {
    pack = readPack(exported, entry, fail, add);
  } else {
    for (const [index, candidate] of (Array.isArray(exported) ? exported : [exported]).entries()) {
      add(checkPluginRule(candidate, (problem) => fail(`${Array.isArray(exported) ? `rule #${index + 1} ` : ''}${problem}`)));
    }
  }
  for (const [id, description] of claimed) owner.set(id, description);
  return pack ? { rules, pack } : { rules };
}

/** `journey-audit-plugin-acme` and `@company/journey-audit-plugin-acme` are the pack `acme`, as ESLint names plugins. */
function packNameOf(name: string): string {
  return name.replace(/^@[^/]+\//, '').replace(/^journey-audit-plugin-/, '');
}

function readPack(pack: Record<string, unknown>, entry: PluginEntry, fail: (message: string) => never, add: (rule: Rule) => void): LoadedPack {
  const meta = isRecord(pack.meta) ? pack.meta : fail('is a rule pack without meta: export { meta: { name, version }, rules, presets }');
  const name = typeof meta.name === 'string' ? packNameOf(meta.name) : '';
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) fail(`is a rule pack whose meta.name ${JSON.stringify(meta.name)} is not a kebab-case name`);
  const version = typeof meta.version === 'string' ? meta.version : fail(`is rule pack '${name}' without a meta.version string`);
  const rawRules = pack.rules ?? {};
  const listed: Array<[string | undefined, unknown]> = Array.isArray(rawRules)
    ? rawRules.map((rule) => [undefined, rule])
    : isRecord(rawRules) ? Object.entries(rawRules) : fail(`is rule pack '${name}' whose rules are neither an object by rule id nor an array`);
  for (const [key, candidate] of listed) {
    const rule = checkPluginRule(candidate, (problem) => fail(`rule pack '${name}'${key ? ` rule '${key}'` : ''} ${problem}`), true);
    const shortId = key ?? rule.meta.id.replace(`${name}/`, '');
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(shortId)) fail(`rule pack '${name}' has a rule id ${JSON.stringify(shortId)} that is not kebab-case`);
    // The pack's own objects stay untouched: its RuleTester tests see the ids they were written with.
    add({ meta: { ...rule.meta, id: `${name}/${shortId}` }, check: rule.check });
  }
  const presets: Record<string, Record<string, unknown>> = {};
  if (pack.presets !== undefined) {
    if (!isRecord(pack.presets)) fail(`is rule pack '${name}' whose presets are not an object by preset name`);
    for (const [presetName, preset] of Object.entries(pack.presets as Record<string, unknown>)) {
      if (!isRecord(preset)) fail(`rule pack '${name}' preset '${presetName}' is not a config object like { rules: { '${name}/rule-id': 'error' } }`);
      const unknownKey = Object.keys(preset as object).find((key) => !presetKeys.includes(key));
      if (unknownKey) fail(`rule pack '${name}' preset '${presetName}' has '${unknownKey}'; a preset may set ${presetKeys.join(', ')}`);
      presets[presetName] = preset as Record<string, unknown>;
    }
  }
  return { name, version, presets, entry };
}

/** What a pack's preset may set: rules and catalogs. Files, globs and plugins belong to the user's config. */
const presetKeys = ['rules', 'channels', 'departments', 'systems', 'pii'];

function checkPluginRule(candidate: unknown, fail: (problem: string) => never, inPack = false): Rule {
  if (!isRecord(candidate) || !isRecord(candidate.meta)) return fail('does not export a rule: expected { meta, check } made with defineRule');
  const meta = candidate.meta;
  const id = typeof meta.id === 'string' ? meta.id : '';
  // In a pack, the id may carry the pack's namespace or be given by the key the rule is listed under.
  if (!(inPack && id === '') && !/^([a-z0-9]+(-[a-z0-9]+)*\/)?[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) fail(`has a rule whose meta.id ${JSON.stringify(meta.id)} is not a kebab-case id`);
  const problem =
    typeof candidate.check !== 'function' ? 'has no check function'
    : !categories.includes(String(meta.category)) ? `has category ${JSON.stringify(meta.category)}; use one of ${categories.join(', ')}`
    : !severities.includes(String(meta.defaultSeverity)) ? `has defaultSeverity ${JSON.stringify(meta.defaultSeverity)}; use one of ${severities.join(', ')}`
    : typeof meta.description !== 'string' ? 'has no description'
    : !isRecord(meta.messages) || !Object.values(meta.messages).every((message) => typeof message === 'string') ? 'has no messages (an object of message templates)'
    : meta.optionsSchema !== undefined && !isRecord(meta.optionsSchema) ? 'has an optionsSchema that is not a JSON Schema object'
    : undefined;
  const named = id ? `rule '${id}' ` : '';
  if (problem) fail(`${named}${problem}`);
  if (meta.optionsSchema !== undefined) {
    try {
      compileSchema(meta.optionsSchema as Record<string, unknown>, { strict: false });
    } catch (error) {
      fail(`${named}has an invalid optionsSchema: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return {
    // Checked above; what a plain-JavaScript plugin may leave out gets the defaults defineRule's type requires.
    meta: {
      rationale: '',
      fix: '',
      optionsSchema: { type: 'object' },
      defaultOptions: {},
      ...(meta as Partial<Rule['meta']>),
    } as Rule['meta'],
    check: candidate.check as Rule['check'],
  };
}

/**
 * Loads a config with its plugins and declarative rules. With `tolerant`, a plugin that fails to load is returned in
 * `problems` (positioned at its entry) instead of thrown, and the config loads without it: the other rules still run.
 *: their rules join the registry that validates `rules:`
 * entries and that audits, and rule packs' presets can be extended (`extends: [acme/recommended]`). Declarative rules
 * from `ruleDirs` run at the severity they declare unless the config says otherwise. Throws ConfigError for every
 * problem.
 */
export async function loadConfigWithPlugins(
  file: string | undefined,
  builtins: readonly Rule[],
  cwd = process.cwd(),
  options: { tolerant?: boolean } = {},
): Promise<{ config: LoadedConfig; rules: Rule[]; problems: ConfigError[]; packPresets: LayerCache }> {
  const layers: LayerCache = new Map();
  const entries = readConfigEntries(file, cwd, layers);
  const { rules: pluginRules, packs, problems } = await loadPluginsAndPacks(entries.plugins, builtins, options);
  const declarative = loadRuleDirs(entries.ruleDirs, [...builtins, ...pluginRules], cwd);
  // Presets are data from the packs: loadConfig reads them like config layers under their `pack/preset` names.
  const packPresets: LayerCache = new Map();
  for (const pack of packs) {
    for (const [presetName, data] of Object.entries(pack.presets)) {
      const key = packPresetKey(`${pack.name}/${presetName}`);
      packPresets.set(key, { file: key, data, locate: () => pack.entry.range, display: pack.entry.file });
    }
  }
  for (const [key, layer] of packPresets) layers.set(key, layer);
  const rules = [...builtins, ...pluginRules, ...declarative];
  const config = withDeclarativeRulesOn(loadConfig(file, rules, cwd, layers, { pluginsFailed: problems.length > 0 }), declarative);
  // Every module and rule file the run loads, so that no output of the run can replace one.
  config.plugins = [...entries.plugins.map((entry) => entry.resolved), ...entries.ruleDirs.flatMap((entry) => ruleFilesIn(entry.resolved))];
  return { config, rules, problems, packPresets };
}

const declarativeRules = new WeakSet<Rule>();

/**
 * Declarative rules run at the severity their file declares unless the config sets one: naming their folder is the
 * opt-in. Used again when watch mode reloads a changed config against the rules it already has.
 */
export function withDeclarativeRulesOn(config: LoadedConfig, rules: readonly Rule[]): LoadedConfig {
  const enabled: Record<string, RuleSetting> = {};
  for (const rule of rules) if (declarativeRules.has(rule)) enabled[rule.meta.id] = { severity: rule.meta.defaultSeverity, options: {} };
  config.rules = mergeRules(enabled, config.rules);
  return config;
}

/** Compiles the rule files of every `ruleDirs` folder; a rule id already taken is an error at the rule file. */
function loadRuleDirs(entries: readonly PluginEntry[], registry: readonly Rule[], cwd: string): Rule[] {
  const rules: Rule[] = [];
  const owner = new Map<string, string>(registry.map((rule) => [rule.meta.id, rule.meta.id.includes('/') ? 'a rule of a rule pack' : 'a built-in or plugin rule']));
  for (const id of reservedIds) owner.set(id, 'a name journey-audit reserves for its own findings');
  const seenFolders = new Set<string>();
  for (const entry of entries) {
    if (!existsSync(entry.resolved) || !statSync(entry.resolved).isDirectory()) {
      throw new ConfigError(`ruleDirs '${entry.specifier}': no such folder (${entry.resolved})`, entry.file, entry.range);
    }
    if (seenFolders.has(entry.resolved)) continue;
    seenFolders.add(entry.resolved);
    for (const ruleFile of ruleFilesIn(entry.resolved)) {
      const display = path.relative(cwd, ruleFile) || ruleFile;
      const rule = loadRuleFile(ruleFile, display, (id) => owner.get(id));
      declarativeRules.add(rule);
      owner.set(rule.meta.id, `defined in ${display}`);
      rules.push(rule);
    }
  }
  return rules;
}
