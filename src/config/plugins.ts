import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileSchema } from '../schema/compiled.js';
import { inputRuleIds, unusedDirectiveRuleId } from '../engine/engine.js';
import type { Rule } from '../rules/define.js';
import type { Range } from '../types.js';
import { isRecord } from '../util/text.js';
import { ConfigError, loadConfig, presetDirectory, readLayer, resolveExtends, type LayerCache, type LoadedConfig } from './load.js';

/** A `plugins:` entry and where it is written, for error positions. */
export interface PluginEntry {
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

/** The `plugins:` entries of a config file and of every config file it extends, in order. */
export function readPluginEntries(file: string | undefined, cwd = process.cwd(), cache?: LayerCache): PluginEntry[] {
  const entries: PluginEntry[] = [];
  if (!file) return entries;
  const visited = new Set<string>();
  const visit = (absolute: string) => {
    // Presets are data shipped with the tool and name no plugins; cycles are reported by loadConfig.
    if (visited.has(absolute) || absolute.startsWith(presetDirectory)) return;
    visited.add(absolute);
    const display = path.relative(cwd, absolute) || absolute;
    const layer = readLayer(absolute, display, cache);
    const { data } = layer;
    const parents = typeof data.extends === 'string' ? [data.extends] : Array.isArray(data.extends) ? (data.extends as string[]) : [];
    parents.forEach((parent, index) => visit(resolveExtends(parent, absolute, display, layer.locate, typeof data.extends === 'string' ? ['extends'] : ['extends', index])));
    if (Array.isArray(data.plugins)) {
      (data.plugins as string[]).forEach((specifier, index) => {
        entries.push({ specifier, resolved: path.resolve(path.dirname(absolute), specifier), file: display, range: layer.locate(['plugins', index]) });
      });
    }
  };
  visit(path.resolve(cwd, file));
  return entries;
}

/**
 * Imports plugin modules — only those a config names, never by discovery — and checks their rules:
 * each module default-exports a rule made with defineRule, or an array of them. Throws ConfigError,
 * positioned at the `plugins:` entry, for a missing module, one that throws on import, a malformed
 * rule, or a rule id that is already taken.
 */
export async function loadPlugins(entries: readonly PluginEntry[], builtins: readonly Rule[]): Promise<Rule[]> {
  const rules: Rule[] = [];
  const owner = new Map<string, string>(builtins.map((rule) => [rule.meta.id, 'a built-in rule']));
  for (const entry of entries) {
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
    if (exported === undefined) fail('has no default export; export a rule made with defineRule, or an array of rules');
    for (const [index, candidate] of (Array.isArray(exported) ? exported : [exported]).entries()) {
      const rule = checkPluginRule(candidate, (problem) => fail(`${Array.isArray(exported) ? `rule #${index + 1} ` : ''}${problem}`));
      const id = rule.meta.id;
      if (reservedIds.has(id)) fail(`defines rule '${id}', a name journey-audit reserves for its own findings; rename it`);
      const taken = owner.get(id);
      if (taken) fail(`defines rule '${id}', which is already ${taken}; rename it`);
      owner.set(id, `defined by plugin '${entry.specifier}'`);
      rules.push(rule);
    }
  }
  return rules;
}

function checkPluginRule(candidate: unknown, fail: (problem: string) => never): Rule {
  if (!isRecord(candidate) || !isRecord(candidate.meta)) return fail('does not export a rule: expected { meta, check } made with defineRule');
  const meta = candidate.meta;
  const id = typeof meta.id === 'string' ? meta.id : '';
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) fail(`has a rule whose meta.id ${JSON.stringify(meta.id)} is not a kebab-case id`);
  const problem =
    typeof candidate.check !== 'function' ? 'has no check function'
    : !categories.includes(String(meta.category)) ? `has category ${JSON.stringify(meta.category)}; use one of ${categories.join(', ')}`
    : !severities.includes(String(meta.defaultSeverity)) ? `has defaultSeverity ${JSON.stringify(meta.defaultSeverity)}; use one of ${severities.join(', ')}`
    : typeof meta.description !== 'string' ? 'has no description'
    : !isRecord(meta.messages) || !Object.values(meta.messages).every((message) => typeof message === 'string') ? 'has no messages (an object of message templates)'
    : meta.optionsSchema !== undefined && !isRecord(meta.optionsSchema) ? 'has an optionsSchema that is not a JSON Schema object'
    : undefined;
  if (problem) fail(`rule '${id}' ${problem}`);
  if (meta.optionsSchema !== undefined) {
    try {
      compileSchema(meta.optionsSchema as Record<string, unknown>, { strict: false });
    } catch (error) {
      fail(`rule '${id}' has an invalid optionsSchema: ${error instanceof Error ? error.message : String(error)}`);
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
 * Loads a config with its plugins: the plugin rules join the registry that validates `rules:`
 * entries and that audits. Throws ConfigError for every problem.
 */
export async function loadConfigWithPlugins(file: string | undefined, builtins: readonly Rule[], cwd = process.cwd()): Promise<{ config: LoadedConfig; rules: Rule[] }> {
  const layers: LayerCache = new Map();
  const entries = readPluginEntries(file, cwd, layers);
  const pluginRules = await loadPlugins(entries, builtins);
  const rules = [...builtins, ...pluginRules];
  const config = loadConfig(file, rules, cwd, layers);
  config.plugins = entries.map((entry) => entry.resolved);
  return { config, rules };
}
