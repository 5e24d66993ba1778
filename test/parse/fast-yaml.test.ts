// The fast reader's fixed cases. Its agreement with yaml on fixtures, generated journeys, random documents and random
// edits (property tests, seconds each) is in fast-yaml-agreement.test.ts, in the `slow` project.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseSimpleYaml, resolvePlain } from '../../src/parse/fast-yaml.js';

describe('fast YAML reader', () => {
  it('resolves plain scalars exactly as yaml does under the core schema', () => {
    const samples = ['~', 'null', 'Null', 'NULL', 'nULL', 'true', 'True', 'TRUE', 'tRUE', 'false', 'False', 'FALSE', 'yes', 'no', 'on', '0', '-0', '+0', '007', '+5', '-12',
      '123456789012345678901234', '0o17', '0o8', '0x1F', '0xg', '0b101', '1_000', '1.5', '-1.', '.5', '+.5', '1.50', '1e3', '1E-3', '-.5e+2', '1.2.3', '.inf', '-.Inf', '+.INF',
      '.nan', '.NaN', '.NAN', 'nan', 'inf', '+', '.', '2024-01-01', '12:30', 'v1', 'n/a', 'tilde~', 'f', 'T'];
    for (const sample of samples) expect([sample, resolvePlain(sample)]).toStrictEqual([sample, parse(`a: ${sample}`).a]);
  });

  it('leaves errors, anchors, tags, block scalars and several documents to yaml', () => {
    for (const text of [
      'journey: a\njourney: b\n',
      'journey: a\nsteps:\n\t- id: x\n',
      'a: &x 1\nb: *x\n',
      'a: !!js/function "f"\n',
      'a: |\n  text\n',
      'journey: a\n---\njourney: b\n',
      'a: "unterminated\n',
      'a:\n  b: 1\n c: 2\n',
      'a: b: c\n',
      'a: 1\r\nb: 2\r\n',
    ]) {
      expect(parseSimpleYaml(text, 200), JSON.stringify(text)).toBeUndefined();
    }
  });

  it('gives up beyond the depth limit so that yaml reports it', () => {
    let text = 'a:\n';
    for (let depth = 1; depth < 10; depth++) text += `${'  '.repeat(depth)}a:\n`;
    text += `${'  '.repeat(10)}b: 1\n`;
    expect(parseSimpleYaml(text, 5)).toBeUndefined();
    expect(parseSimpleYaml(text, 200)).toBeDefined();
  });
});
