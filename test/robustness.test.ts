import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/load.js';
import { defaultLimits, type EffectiveConfig, type Limits } from '../src/config/types.js';
import { auditText } from '../src/engine/engine.js';
import { discoverJourneyFiles } from '../src/files/discover.js';
import { readJourneyFile } from '../src/files/read.js';
import { auditFiles } from '../src/index.js';
import { defaultSettings } from '../src/model/channels.js';
import { builtinRules } from '../src/rules/index.js';
import { hostileFixtures } from './support/hostile.js';
import { readFileSync } from 'node:fs';

const scratch = mkdtempSync(path.join(tmpdir(), 'journey-audit-robustness-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function configWith(limits: Partial<Limits> = {}): EffectiveConfig {
  const rules = Object.fromEntries(builtinRules.map((rule) => [rule.meta.id, { severity: rule.meta.defaultSeverity, options: {} }]));
  return { rules, settings: defaultSettings, limits: { ...defaultLimits, ...limits } };
}

function firstFinding(text: string, limits: Partial<Limits> = {}): string {
  const result = auditText(text, { file: 'x.journey.yaml', config: configWith(limits), rules: builtinRules });
  const finding = result.findings[0];
  return finding ? `${finding.line}:${finding.column} ${finding.ruleId} ${finding.message}` : 'none';
}

const small = 'journey: small\nsteps:\n  - id: start\n    next: [middle]\n  - id: middle\n    next: done\n  - id: done\n    kind: end\n';

describe('limits', () => {
  it('maxFileSize: refused from the size alone', () => {
    const file = path.join(scratch, 'size.journey.yaml');
    writeFileSync(file, small);
    expect(readJourneyFile(file, 20)).toEqual({ ok: false, message: `is ${small.length} bytes, larger than the limit of 20 bytes (limits.maxFileSize)` });
    expect(readJourneyFile(file, small.length)).toEqual({ ok: true, text: small });
  });

  it('maxAliasCount', () => {
    const text = 'journey: aliases\nowner: &o care\ntitle: &t x\nsteps:\n  - id: a\n    owner: *o\n    name: *t\n    kind: end\n';
    expect(firstFinding(text, { maxAliasCount: 2 })).toBe('none');
    expect(firstFinding(text, { maxAliasCount: 1 })).toBe(
      '1:1 parse aliases expand too far (more than 1 alias nodes, limits.maxAliasCount): Excessive alias count indicates a resource exhaustion attack',
    );
  });

  it('maxDepth: block and flow nesting', () => {
    // The journey map, the steps list, a step map and its `next: [...]` list: 4 levels.
    expect(firstFinding(small, { maxDepth: 4 })).toBe('none');
    expect(firstFinding(small, { maxDepth: 3 })).toBe('4:11 parse the document nests deeper than 3 levels (limits.maxDepth)');
    expect(firstFinding(small, { maxDepth: 2 })).toBe('3:5 parse the document nests deeper than 2 levels (limits.maxDepth)');
    expect(firstFinding('journey: x\nsteps: [[[1]]]\n', { maxDepth: 3 })).toBe('2:10 parse the document nests deeper than 3 levels (limits.maxDepth)');
  });

  it('maxDepth ignores brackets in quoted, plain and block scalars and in comments', () => {
    const text = [
      'journey: brackets',
      'description: |',
      '  [[[[[[ not { a flow',
      'title: "[[[[[["',
      'steps:  # [[[[[[',
      "  - id: start",
      "    name: Fix [[[[[[ it's { fine",
      '    kind: end',
      '',
    ].join('\n');
    expect(firstFinding(text, { maxDepth: 4 })).toBe('none');
  });

  it('maxSteps', () => {
    expect(firstFinding(small, { maxSteps: 3 })).toBe('none');
    expect(firstFinding(small, { maxSteps: 2 })).toBe('2:1 schema the journey has 3 steps, more than the limit of 2 (limits.maxSteps)');
  });

  it('maxLineLength', () => {
    expect(firstFinding(`journey: x\ndescription: ${'a'.repeat(100)}\nsteps: [{id: a, kind: end}]\n`, { maxLineLength: 80 })).toBe(
      '2:81 parse line 2 is 113 characters long, more than the limit of 80 (limits.maxLineLength)',
    );
  });

  it('maxNodes: counted for files the full YAML parser reads', () => {
    // 15 scalars, 3 sequence items and one flow list, counted token by token as `yaml` reads them; an anchor makes
    // the file one for the full parser. The entry past the limit is the last scalar.
    const anchored = small.replace('  - id: done', '  - id: &last done');
    expect(firstFinding(anchored, { maxNodes: 19 })).toBe('none');
    expect(firstFinding(anchored, { maxNodes: 18 })).toBe('8:11 parse the document has more than 18 entries (limits.maxNodes); split it into smaller journeys');
    // Plain journey YAML goes through the fast reader, linear in time and memory: not counted.
    expect(firstFinding(small, { maxNodes: 8 })).toBe('none');
  });

  it('maxKeys: block and flow mappings', () => {
    expect(firstFinding(small, { maxKeys: 10 })).toBe('none');
    const keys = (count: number) => Array.from({ length: count }, (_, index) => `    k${index}: v`).join('\n');
    expect(firstFinding(`journey: x\nsteps:\n  - id: a\n${keys(10)}\n`, { maxKeys: 10 })).toBe('13:5 parse a mapping has more than 10 keys (limits.maxKeys)');
    expect(firstFinding('journey: x\nsystems: {a: {}, b: {}, c: {}}\nsteps: [{id: a, kind: end}]\n', { maxKeys: 2 })).toBe('2:25 parse a mapping has more than 2 keys (limits.maxKeys)');
    // Long lists are not mappings: 20 steps under a limit of 10 keys.
    expect(firstFinding(`journey: x\nsteps:\n${Array.from({ length: 20 }, (_, index) => `  - id: s${index}\n    kind: end`).join('\n')}\n`, { maxKeys: 10 })).toMatch(/unreachable-step/);
  });

  it('every limit is documented with its default and its message', () => {
    const doc = readFileSync(path.join(import.meta.dirname, '..', 'docs', 'limits.md'), 'utf8');
    for (const [key, value] of Object.entries(defaultLimits)) {
      const row = doc.split('\n').find((line) => line.startsWith(`| \`${key}\``));
      expect(row, key).toBeDefined();
      expect(row!.replace(/[ ,_]/g, ''), key).toContain(String(value));
      expect(row, key).toContain(`limits.${key})`);
    }
  });
});

describe('prototype pollution', () => {
  it('keys named __proto__, constructor and prototype are data, never prototypes', () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const text = readFileSync(path.join(hostileFixtures, 'prototype-keys.journey.yaml'), 'utf8');
    const result = auditText(text, { file: 'p.journey.yaml', config: configWith(), rules: builtinRules });
    const configFile = path.join(scratch, 'proto.config.yaml');
    writeFileSync(configFile, 'channels:\n  __proto__: {automated: true}\n  constructor: {async: true}\nsystems:\n  __proto__: {shared: true}\n  prototype: {shared: false}\n');
    const config = loadConfig(configFile, builtinRules, scratch);

    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).automated).toBeUndefined();
    expect(({} as Record<string, unknown>).shared).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(Object.getPrototypeOf(config.settings.channels)).toBeNull();
    expect(Object.keys(config.settings.channels)).toEqual(expect.arrayContaining(['__proto__', 'constructor', 'web']));
    expect(config.settings.channels.constructor).toEqual({ async: true });
    // `constructor` is not a channel merely because every object has one.
    expect(result.findings.map((finding) => `${finding.line}:${finding.column} ${finding.ruleId} ${finding.message}`)).toContain(
      "14:14 schema step 'start' uses unknown channel 'constructor' (declare custom channels under 'channels' in the config)",
    );
  });
});

describe('files that change or hide', () => {
  it('a file removed between discovery and reading is reported; the others are still audited', async () => {
    const folder = path.join(scratch, 'removed');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'gone.journey.yaml'), small);
    writeFileSync(path.join(folder, 'kept.journey.yaml'), small.replace('small', 'kept'));
    const { files } = await discoverJourneyFiles([folder]);
    rmSync(path.join(folder, 'gone.journey.yaml'));
    const results = auditFiles(files, { config: loadConfig(undefined, builtinRules, scratch) });
    const shown = (text: string) => text.replaceAll(`${folder}${path.sep}`, '');
    expect(results.map((result) => shown(`${result.file}: ${result.inputError} ${result.findings.map((finding) => finding.message).join('; ')}`))).toEqual([
      'gone.journey.yaml: true gone.journey.yaml cannot be read: it does not exist (was it removed or renamed?)',
      'kept.journey.yaml: false ',
    ]);
  });

  it.skipIf(process.getuid?.() === 0)('a file without read permission is reported (skipped as root, where permissions do not apply)', () => {
    const file = path.join(scratch, 'locked.journey.yaml');
    writeFileSync(file, small);
    chmodSync(file, 0o000);
    expect(readJourneyFile(file, defaultLimits.maxFileSize)).toEqual({ ok: false, message: 'cannot be read: permission denied' });
  });

  it('a named pipe is refused without blocking on it', () => {
    const file = path.join(scratch, 'pipe.journey.yaml');
    execFileSync('mkfifo', [file]);
    expect(readJourneyFile(file, defaultLimits.maxFileSize)).toEqual({ ok: false, message: 'is not a regular file (a device, pipe or socket)' });
  });
});

describe('numbers and strings at the edges', () => {
  it('100,000 steps are audited, and a problem on the last one is found at its line', () => {
    const lines = ['journey: very-long', 'steps:'];
    for (let index = 0; index < 100_000; index++) lines.push(`  - {id: s${index}, next: s${index + 1}}`);
    lines.push('  - {id: s100000, next: nowhere}');
    const result = auditText(`${lines.join('\n')}\n`, { file: 'long.journey.yaml', config: configWith(), rules: builtinRules });
    // The broken `next` on the last step also leaves the chain without an end; missing-end, which only follows from it,
    // is held back until it is fixed (one mistake, one message).
    expect(result.findings.map((finding) => `${finding.line}:${finding.column} ${finding.ruleId}`)).toEqual(['100003:25 unknown-step']);
    expect(result.heldBack).toContain('missing-end');
  }, 60_000);

  it('branch probabilities may round to 1 within the tolerance', () => {
    const branches = (values: string[]) =>
      `journey: odds\nsteps:\n  - id: start\n    kind: decision\n    next:\n${values.map((value, index) => `      - {to: done-${index}, when: case ${index}, probability: ${value}}`).join('\n')}\n${values.map((_, index) => `  - id: done-${index}\n    kind: end\n`).join('')}`;
    expect(firstFinding(branches(['0.333', '0.333', '0.333']))).toBe('none');
    expect(firstFinding(branches(['0.5', '0.5']))).toBe('none');
    expect(firstFinding(branches(['0.5', '0.48']))).toBe("5:5 schema step 'start': the branch probabilities add up to 0.98; they must add up to 1");
  });
});

describe('hostile configs', () => {
  const configError = (text: string | undefined, setup?: (file: string) => void): string => {
    const file = path.join(scratch, `c${Math.random().toString(36).slice(2)}.config.yaml`);
    if (text !== undefined) writeFileSync(file, text);
    setup?.(file);
    try {
      loadConfig(file, builtinRules, scratch);
      return 'loaded';
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return `${error.range.line}:${error.range.column} ${error.message}`;
    }
  };

  it('reports each problem with its position', () => {
    expect(configError('rules:\n  dead-end: error\nrulez: {}\n')).toBe("3:1 unknown config key 'rulez' — did you mean 'rules'?");
    expect(configError('limits:\n  maxDepth: deep\n')).toBe('2:13 limits.maxDepth must be integer');
    expect(configError('limits:\n  __proto__: {maxDepth: 1}\n')).toBe("2:3 unknown config key '__proto__'");
    expect(configError('extends: recomended\n')).toBe("1:10 extends 'recomended': unknown preset — did you mean 'recommended'?; use one of recommended, strict, omnichannel or a relative path like ./base.config.yaml");
    expect(configError('extends: ./missing.yaml\n')).toMatch(/^1:10 extends '\.\/missing\.yaml': no such file/);
    expect(configError('rules: &r\n  dead-end: *r\n')).toBe('2:13 an alias refers to a collection that contains it; the config cannot be recursive');
    expect(configError(`rules: ${'['.repeat(500)}${']'.repeat(500)}\n`)).toBe('1:207 the document nests deeper than 200 levels (limits.maxDepth)');
    expect(configError('rules: !!js/function "x"\n')).toMatch(/^1:8 Unresolved tag: .*never executed$/);
    expect(configError(undefined, (file) => mkdirSync(file))).toBe('1:1 the config file is a folder, not a file');
    expect(configError(undefined, (file) => execFileSync('mkfifo', [file]))).toBe('1:1 the config file is not a regular file (a device, pipe or socket)');
  });

  it('reports an extends cycle', () => {
    writeFileSync(path.join(scratch, 'a.config.yaml'), 'extends: ./b.config.yaml\n');
    writeFileSync(path.join(scratch, 'b.config.yaml'), 'extends: ./a.config.yaml\n');
    expect(() => loadConfig(path.join(scratch, 'a.config.yaml'), builtinRules, scratch)).toThrow('extends cycle: a.config.yaml -> b.config.yaml -> a.config.yaml');
  });
});

describe('limits cannot be escaped by the layout of a file', () => {
  const deepItem = (levels: number) => `${'      - '.repeat(1)}${'['.repeat(levels)}x${']'.repeat(levels)}`;

  it('a block scalar as the first key of a sequence item does not hide the rest of the item', () => {
    const text = `journey: x\nsteps:\n  - name: |\n      text\n    id: a\n    tags:\n${deepItem(50_000)}\n`;
    expect(firstFinding(text, { maxLineLength: 10_000_000 })).toMatch(/^7:\d+ parse the document nests deeper than 200 levels \(limits\.maxDepth\)$/);
  });

  it('an apostrophe that looks like a quote opener does not hide what follows', () => {
    const text = `journey: x\nnote: it's\nsteps: [{id: a, kind: end}]\nother: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`;
    expect(firstFinding(text, { maxLineLength: 10_000_000 })).toBe('4:207 parse the document nests deeper than 200 levels (limits.maxDepth)');
  });

  it('50,000 nested brackets give the depth message, not a stack overflow', () => {
    const text = `journey: x\nsteps: [{id: a, kind: end}]\nother:\n${'  ['.repeat(50_000).split('[').join('[\n')}x${']'.repeat(50_000)}\n`;
    expect(firstFinding(text, { maxLineLength: 10_000_000 })).toMatch(/^\d+:\d+ parse the document nests deeper than 200 levels \(limits\.maxDepth\)$/);
    expect(firstFinding(`journey: x\nother: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`, { maxLineLength: 10_000_000 })).toBe('2:207 parse the document nests deeper than 200 levels (limits.maxDepth)');
  });

  it('150,000 keys in one mapping are refused at the first key past the limit, by either reader', () => {
    const keys = Array.from({ length: 150_000 }, (_, index) => `  k${index}: 1`).join('\n');
    expect(firstFinding(`journey: x\nsteps: [{id: a, kind: end}]\nextra:\n${keys}\n`)).toBe('1004:3 parse a mapping has more than 1000 keys (limits.maxKeys)');
    // An anchor sends the file to the full parser: the same message at the same place.
    expect(firstFinding(`journey: &j x\nsteps: [{id: a, kind: end}]\nextra:\n${keys}\n`)).toBe('1004:3 parse a mapping has more than 1000 keys (limits.maxKeys)');
  });

  it('config limits are finite integers within their documented bounds, refused with a position', () => {
    const folder = path.join(scratch, 'infinite-limits');
    mkdirSync(folder);
    for (const [value, message] of [
      ['.inf', 'limits.maxAliasCount must be <= 10000'],
      ['1e309', 'limits.maxAliasCount must be <= 10000'],
      ['99999999999', 'limits.maxAliasCount must be <= 10000'],
      ['1.5', 'limits.maxAliasCount must be integer'],
      ['.nan', 'limits.maxAliasCount must be'],
    ] as const) {
      const file = path.join(folder, 'journey-audit.config.yaml');
      writeFileSync(file, `limits:\n  maxAliasCount: ${value}\n`);
      let caught: unknown;
      try {
        loadConfig(file, builtinRules, folder);
      } catch (error) {
        caught = error;
      }
      expect(caught, value).toBeInstanceOf(ConfigError);
      expect(`${(caught as ConfigError).range.line}:${(caught as ConfigError).range.column} ${(caught as ConfigError).message}`).toContain(`2:18 ${message}`);
    }
  });
});
