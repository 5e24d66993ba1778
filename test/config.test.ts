import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, configForFile, isIgnored, loadConfig, parseRuleFlags } from '../src/config/load.js';
import { builtinRules } from '../src/rules/index.js';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'journey-audit-config-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(directory, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

function loadError(file: string): { message: string; line: number; column: number; file: string } {
  try {
    loadConfig(file, builtinRules, directory);
  } catch (error) {
    if (error instanceof ConfigError) return { message: error.message, line: error.range.line, column: error.range.column, file: error.file };
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies the recommended preset when there is no config file', () => {
    const config = loadConfig(undefined, builtinRules, directory);
    expect(config.rules['dead-end']).toEqual({ severity: 'error', options: {} });
  });

  it('merges extends in order, keeps options when only the severity changes, and applies overrides by glob', () => {
    write('base.config.yaml', 'rules:\n  dead-end: [warning, {}]\n  unknown-step: warning\n');
    const file = write(
      'journey-audit.config.yaml',
      'extends: [recommended, ./base.config.yaml]\nrules:\n  unknown-step: info\noverrides:\n  - files: ["legacy/**"]\n    rules:\n      unreachable-step: off\n',
    );
    const config = loadConfig(file, builtinRules, directory);
    expect(configForFile(config, path.join(directory, 'journeys/a.journey.yaml')).rules).toMatchObject({
      'dead-end': { severity: 'warning' },
      'unknown-step': { severity: 'info' },
      'unreachable-step': { severity: 'error' },
    });
    expect(configForFile(config, path.join(directory, 'legacy/old.journey.yaml')).rules['unreachable-step']?.severity).toBe('off');
    const cli = parseRuleFlags(['unreachable-step:warning'], builtinRules);
    expect(configForFile(config, path.join(directory, 'legacy/old.journey.yaml'), cli).rules['unreachable-step']?.severity).toBe('warning');
  });

  it('ignores files by glob relative to the config file', () => {
    const file = write('journey-audit.config.yaml', 'ignore: ["drafts/**"]\n');
    const config = loadConfig(file, builtinRules, directory);
    expect(isIgnored(config, path.join(directory, 'drafts/x.journey.yaml'))).toBe(true);
    expect(isIgnored(config, path.join(directory, 'journeys/x.journey.yaml'))).toBe(false);
  });

  it('adds channels and departments to the catalogs', () => {
    const file = write('journey-audit.config.yaml', 'channels:\n  video-call: {automated: false}\n  ivr: {automated: false}\ndepartments: [billing]\n');
    const config = loadConfig(file, builtinRules, directory);
    expect(config.settings.channels['video-call']).toEqual({ automated: false });
    expect(config.settings.channels.ivr).toEqual({ automated: false });
    expect(config.settings.channels.web).toEqual({});
    expect(config.settings.departments).toEqual(['billing']);
  });

  it('reports an extends cycle', () => {
    write('a.yaml', 'extends: ./b.yaml\n');
    write('b.yaml', 'extends: ./a.yaml\n');
    expect(loadError(path.join(directory, 'a.yaml')).message).toBe('extends cycle: a.yaml -> b.yaml -> a.yaml');
  });

  it('reports a missing preset and a missing file with the position of the entry', () => {
    expect(loadError(write('c1.yaml', 'extends: [recommended, strictest]\n'))).toMatchObject({
      message: "extends 'strictest': unknown preset — did you mean 'strict'?; use one of recommended, strict, omnichannel or a relative path like ./base.config.yaml",
      line: 1,
      column: 24,
    });
    expect(loadError(write('c2.yaml', 'extends: ./nope.yaml\n')).message).toMatch(/^extends '\.\/nope\.yaml': no such file/);
  });

  it('reports unknown keys, unknown rules, bad severities and bad options at their position', () => {
    expect(loadError(write('k.yaml', 'rules: {}\nignored: []\n'))).toMatchObject({ message: "unknown config key 'ignored' — did you mean 'ignore'?", line: 2, column: 1 });
    expect(loadError(write('r.yaml', 'rules:\n  dead-end: fatal\n'))).toMatchObject({ line: 2, column: 13 });
    expect(loadError(write('o.yaml', 'rules:\n  dead-end: [error, {max: 3}]\n'))).toMatchObject({
      message: "rule 'dead-end' has no option 'max'",
      line: 2,
      column: 22,
    });
  });

  it('reports YAML errors in the config with their position', () => {
    expect(loadError(write('y.yaml', 'rules:\n  dead-end: error\n  dead-end: warning\n'))).toMatchObject({
      message: "duplicate key 'dead-end': a key may appear only once in a mapping",
      line: 3,
      column: 3,
    });
  });
});

describe('channel traits and data catalogs', () => {
  it('gives the built-in channels their traits and lets the config change them and extend the catalogs', () => {
    const loaded = loadConfig(
      write('journey-audit.config.yaml', 'channels:\n  fax: { insecure: true, contact: true }\n  app: { authenticated: false }\n  field: { fulfilment: true }\nsensitive: [tax-id]\npii: [loyalty-number]\nholdBackOnErrors: false\n'),
      builtinRules,
      directory,
    );
    expect(loaded.settings.channels.fax).toEqual({ insecure: true, contact: true });
    expect(loaded.settings.channels.app).toEqual({ authenticated: false });
    expect(loaded.settings.channels.email).toEqual({ async: true, contact: true, insecure: true });
    expect(loaded.settings.sensitive).toContain('tax-id');
    expect(loaded.settings.sensitive).toContain('card-number');
    expect(loaded.settings.pii).toContain('loyalty-number');
    expect(loaded.settings.pii).toContain('id-document');
    expect(loaded.settings.holdBackOnErrors).toBe(false);
  });

  it('rejects a trait that is not a boolean, at its line', () => {
    expect(loadError(write('journey-audit.config.yaml', 'channels:\n  fax: { insecure: yes please }\n'))).toMatchObject({ line: 2 });
  });
});
