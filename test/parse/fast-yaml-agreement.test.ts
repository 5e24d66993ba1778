// The fast YAML reader agrees with yaml (data, errors, positions) wherever it takes a document: property tests over
// the fixtures, generated journeys, random documents and random edits. Seconds each: the `slow` project runs them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { journeyYaml, prng } from '../../bench/generate.js';
import { parseSimpleYaml } from '../../src/parse/fast-yaml.js';
import { parseYaml, parseYamlFully } from '../../src/parse/yaml-source.js';
import type { DocPath } from '../../src/types.js';

/** Every path to a node of `data`, plus paths that do not exist below each node. */
function pathsOf(data: unknown, prefix: DocPath = [], out: DocPath[] = []): DocPath[] {
  out.push(prefix, [...prefix, 'missing'], [...prefix, 0], [...prefix, 99]);
  if (Array.isArray(data)) data.forEach((item, index) => pathsOf(item, [...prefix, index], out));
  else if (typeof data === 'object' && data !== null) for (const [key, value] of Object.entries(data)) pathsOf(value, [...prefix, key], out);
  return out;
}

/**
 * The fast reader either declines or agrees with `yaml` exactly: same data, no problem in `yaml`,
 * the same range for every node and key. Returns whether it took the file.
 */
function expectSameAsYaml(text: string, label: string): boolean {
  const fast = parseSimpleYaml(text, 200);
  if (!fast) return false;
  const reference = parseYamlFully(text);
  const parsed = parseYaml(text);
  expect(reference.problems, `${label}: yaml reports problems the fast reader missed\n${text}`).toEqual([]);
  expect(parsed.data, `${label}: data\n${text}`).toStrictEqual(reference.data);
  const mismatches: string[] = [];
  for (const docPath of pathsOf(reference.data)) {
    for (const target of ['key', 'value'] as const) {
      const mine = JSON.stringify(parsed.locate(docPath, target));
      const theirs = JSON.stringify(reference.locate(docPath, target));
      if (mine !== theirs) mismatches.push(`locate(${JSON.stringify(docPath)}, ${target}): ${mine}, yaml ${theirs}`);
    }
  }
  expect(mismatches, `${label}\n${text}`).toEqual([]);
  return true;
}

function fixtureFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const file = path.join(folder, name);
    return statSync(file).isDirectory() ? fixtureFiles(file) : /\.ya?ml$/.test(name) ? [file] : [];
  });
}

/** Random YAML documents in the shapes journeys take, with comments, blank lines and odd spacing everywhere. */
function randomDocument(seed: number): string {
  const random = prng(seed);
  const lines: string[] = [];
  const scalars = ['web', 'a b c', 'x:y', 'http://x.y/z', '"quoted # not a comment"', "'it''s'", '"esc \\" \\\\ \\u00e9"', '12', '-3', '0x1F', '0o17', '1.5e3', '.inf', 'true', 'False', 'null', '~', 'yes', '2024-01-01', '"12"', 'a#b', '-x', 'é ü', '[a, b]', '[]', '{}', '{ k: v, n: 1 }', '[ "x", \'y\' , 3 ]', 'a, b', 'C++ [draft]'];
  const keys = ['id', 'name', 'next', 'channel', 'can-fail', 'to', 'when', 'a b', 'x.y', 'k_1'];
  const comment = () => (random.chance(0.5) ? '# note' : '#');
  const pad = (n: number) => ' '.repeat(n);
  const extras = (indent: number) => {
    while (random.chance(0.25)) {
      const roll = random.next();
      if (roll < 0.4) lines.push(random.chance(0.5) ? '' : pad(random.int(6)));
      else lines.push(`${pad(Math.max(0, indent + random.int(5) - 2))}${comment()}`);
    }
  };
  const trailing = () => (random.chance(0.2) ? `${pad(1 + random.int(2))}${comment()}` : random.chance(0.1) ? '  ' : '');
  const block = (indent: number, depth: number, asSeq: boolean): void => {
    const count = 1 + random.int(4);
    const step = 1 + random.int(4);
    const used = new Set<string>();
    for (let index = 0; index < count; index++) {
      extras(indent);
      let key = random.pick(keys);
      while (used.has(key)) key = `${key}x`;
      used.add(key);
      const head = asSeq ? `${pad(indent)}-${pad(1 + random.int(2))}` : `${pad(indent)}${key}:`;
      const roll = random.next();
      if (depth < 4 && roll < 0.3) {
        if (asSeq) {
          // - key: value (a mapping inside the item)
          const inner = head.length;
          lines.push(`${head}${random.pick(keys)}: ${random.pick(scalars)}${trailing()}`);
          if (random.chance(0.7)) {
            lines.push(`${pad(inner)}zz: ${random.pick(scalars)}${trailing()}`);
          }
          if (random.chance(0.3)) {
            lines.push(`${pad(inner)}nested:${trailing()}`);
            block(inner + step, depth + 1, random.chance(0.5));
          }
        } else {
          lines.push(`${head}${trailing()}`);
          const seq = random.chance(0.5);
          block(seq && random.chance(0.4) ? indent : indent + step, depth + 1, seq);
        }
      } else if (!asSeq && roll < 0.38) {
        lines.push(`${head}${random.chance(0.7) ? '' : pad(1 + random.int(3))}`); // empty value
      } else {
        lines.push(`${head}${asSeq ? '' : pad(1 + random.int(2))}${random.pick(scalars)}${trailing()}`);
      }
    }
  };
  if (random.chance(0.5)) lines.push('# yaml-language-server: $schema=journey.schema.json');
  block(0, 0, false);
  extras(random.int(4));
  return lines.join('\n') + (random.chance(0.8) ? '\n' : '');
}

describe('fast YAML reader', () => {
  it('agrees with yaml on every fixture it takes', () => {
    const files = fixtureFiles(path.join(import.meta.dirname, '..', 'fixtures'));
    expect(files.length).toBeGreaterThan(0);
    let taken = 0;
    for (const file of files) if (expectSameAsYaml(readFileSync(file, 'utf8'), file)) taken++;
    expect(taken).toBeGreaterThan(files.length / 2);
  });

  it('takes generated journeys and agrees with yaml on them', () => {
    for (const seed of [1, 2, 3]) {
      for (const steps of [1, 5, 40, 300]) {
        expect(expectSameAsYaml(journeyYaml({ seed, steps }), `journey seed ${seed} steps ${steps}`)).toBe(true);
      }
    }
  }, 60_000);

  it('agrees with yaml on random documents with comments, blank lines and odd spacing', () => {
    let taken = 0;
    for (let seed = 1; seed <= 2000; seed++) if (expectSameAsYaml(randomDocument(seed), `random document ${seed}`)) taken++;
    expect(taken).toBeGreaterThan(1000);
  }, 60_000);

  it('never takes a broken file: random edits of a journey are taken only when yaml agrees', () => {
    const base = journeyYaml({ seed: 9, steps: 12 });
    const inserts = [' ', '  ', '\n', ':', ': ', '-', '- ', '#', ' #', '"', "'", '[', ']', '{', '}', ',', 'a', '&a ', '*a', '!', '|', '>', '\t', '\r', '? ', '---\n', '%', '@', '`', '\\'];
    let taken = 0;
    for (let seed = 1; seed <= 1500; seed++) {
      const random = prng(seed);
      let text = base;
      for (let edit = 0; edit <= random.int(3); edit++) {
        const at = random.int(text.length);
        text = random.chance(0.3) ? text.slice(0, at) + text.slice(at + 1 + random.int(3)) : text.slice(0, at) + random.pick(inserts) + text.slice(at);
      }
      if (expectSameAsYaml(text, `edit ${seed}`)) taken++;
    }
    expect(taken).toBeGreaterThan(100);
  }, 60_000);
});
