import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, presetDirectory } from '../src/config/load.js';
import { builtinRules } from '../src/rules/index.js';

const channelRules = ['capability-gap', 'forced-channel-switch', 'message-drift', 'policy-drift', 'sla-drift', 'data-silo', 'outcome-mismatch'];

function severities(preset: string): Record<string, string | undefined> {
  const config = loadConfig(path.join(presetDirectory, `${preset}.yaml`), builtinRules);
  return Object.fromEntries(channelRules.map((id) => [id, config.rules[id]?.severity]));
}

describe('presets for the channel rules', () => {
  it('recommended: capability-gap is an error, the other channel rules warnings', () => {
    expect(severities('recommended')).toEqual({
      'capability-gap': 'error',
      'forced-channel-switch': 'warning',
      'message-drift': 'warning',
      'policy-drift': 'warning',
      'sla-drift': 'warning',
      'data-silo': 'warning',
      'outcome-mismatch': 'warning',
    });
  });

  it('the default config (no file) is recommended', () => {
    expect(loadConfig(undefined, builtinRules).rules['message-drift']?.severity).toBe('warning');
  });

  for (const preset of ['omnichannel', 'strict']) {
    it(`${preset}: every channel rule is an error`, () => {
      expect(Object.values(severities(preset))).toEqual(channelRules.map(() => 'error'));
    });
  }

  it('strict tightens the thresholds', () => {
    const config = loadConfig(path.join(presetDirectory, 'strict.yaml'), builtinRules);
    expect(config.rules['sla-drift']?.options).toEqual({ maxRatio: 1.5 });
    expect(config.rules['data-silo']?.options).toEqual({ undeclaredSystems: 'silo' });
    expect(['unknown-step', 'unreachable-step', 'dead-end'].map((id) => config.rules[id]?.severity)).toEqual(['error', 'error', 'error']);
  });

  it('omnichannel keeps the recommended options', () => {
    const config = loadConfig(path.join(presetDirectory, 'omnichannel.yaml'), builtinRules);
    expect(config.rules['sla-drift']?.options).toEqual({});
  });
});
