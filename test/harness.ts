import { readFileSync } from 'node:fs';
import { defaultLimits, type EffectiveConfig } from '../src/config/types.js';
import { auditText, type AuditedFile } from '../src/engine/engine.js';
import { defaultSettings, type JourneySettings } from '../src/model/channels.js';
import type { Rule } from '../src/rules/define.js';
import { builtinRules } from '../src/rules/index.js';

export interface Expectation {
  ruleId: string;
  line: number;
  column?: number;
}

/**
 * Reads a fixture's own expectations: `# @expect RULE` (optionally `col=N`) at the end of the line
 * the finding must be on, `# @options {json}` for rule options, `# @settings {json}` for catalogs.
 */
export function readFixture(text: string): { expectations: Expectation[]; options: Record<string, unknown>; settings: Partial<JourneySettings> } {
  const expectations: Expectation[] = [];
  let options: Record<string, unknown> = {};
  let settings: Partial<JourneySettings> = {};
  text.split(/\r?\n/).forEach((line, index) => {
    const optionsMatch = /^\s*#\s*@options\s+(.*)$/.exec(line);
    if (optionsMatch) options = JSON.parse(optionsMatch[1]!) as Record<string, unknown>;
    const settingsMatch = /^\s*#\s*@settings\s+(.*)$/.exec(line);
    if (settingsMatch) settings = JSON.parse(settingsMatch[1]!) as Partial<JourneySettings>;
    for (const match of line.matchAll(/@expect\s+([a-z0-9-]+)(?:\s+col=(\d+))?/g)) {
      expectations.push(match[2] ? { ruleId: match[1]!, line: index + 1, column: Number(match[2]) } : { ruleId: match[1]!, line: index + 1 });
    }
  });
  return { expectations, options, settings };
}

export function configWith(rule: Rule, options: Record<string, unknown>, settings: Partial<JourneySettings> = {}): EffectiveConfig {
  return {
    rules: { [rule.meta.id]: { severity: rule.meta.defaultSeverity, options } },
    settings: { ...defaultSettings, ...settings, channels: { ...defaultSettings.channels, ...settings.channels } },
    limits: defaultLimits,
  };
}

/** Audits a fixture file with only `rule` enabled. */
export function auditFixture(file: string, rule: Rule): { result: AuditedFile; expectations: Expectation[] } {
  const text = readFileSync(file, 'utf8');
  const { expectations, options, settings } = readFixture(text);
  const result = auditText(text, { file, config: configWith(rule, options, settings), rules: builtinRules });
  return { result, expectations };
}
