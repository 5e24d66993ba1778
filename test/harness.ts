import { defaultLimits, type EffectiveConfig } from '../src/config/types.js';
import { defaultSettings, type JourneySettings } from '../src/model/channels.js';
import type { Rule } from '../src/rules/define.js';

/**
 * The fixture harness is the package's RuleTester (src/testing/rule-tester.ts): the built-in rules are tested with
 * the same tool rule-pack authors use. Only this config helper is left here, for tests that call auditText directly.
 */

export function configWith(rule: Rule, options: Record<string, unknown>, settings: Partial<JourneySettings> = {}): EffectiveConfig {
  return {
    rules: { [rule.meta.id]: { severity: rule.meta.defaultSeverity, options } },
    settings: { ...defaultSettings, ...settings, channels: { ...defaultSettings.channels, ...settings.channels } },
    limits: defaultLimits,
  };
}
