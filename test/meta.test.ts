import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { expectedDocs } from '../src/docs/write-docs.js';
import { actors } from '../src/model/journey.js';
import { builtinRules } from '../src/rules/index.js';
import { replayRules } from '../src/replay/rules/index.js';

const root = path.resolve(import.meta.dirname, '..');
const recommended = parse(readFileSync(path.join(root, 'rules', 'recommended.yaml'), 'utf8')) as { rules: Record<string, string> };

describe('the one list of actors', () => {
  it('is the schema\'s enum', () => {
    const schema = JSON.parse(readFileSync(path.join(root, 'src', 'schema', 'journey.schema.json'), 'utf8')) as unknown;
    const enums: unknown[] = [];
    const visit = (node: unknown, key?: string): void => {
      if (Array.isArray(node)) node.forEach((child) => visit(child));
      else if (node !== null && typeof node === 'object') {
        if (key === 'actor') enums.push((node as { enum?: unknown }).enum);
        for (const [name, child] of Object.entries(node)) visit(child, name);
      }
    };
    visit(schema);
    expect(enums).toEqual([[...actors]]);
  });
});

describe('every registered rule', () => {
  it('has a unique id', () => {
    const ids = builtinRules.map((rule) => rule.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  for (const rule of builtinRules) {
    const { meta } = rule;
    describe(meta.id, () => {
      it('lives in a file named by its id', () => {
        expect(existsSync(path.join(root, 'src', 'rules', `${meta.id}.ts`))).toBe(true);
      });

      it('has complete metadata', () => {
        expect(meta.description.length).toBeGreaterThan(10);
        expect(meta.rationale.length).toBeGreaterThan(40);
        expect(meta.fix.length).toBeGreaterThan(10);
        expect(Object.keys(meta.messages).length).toBeGreaterThan(0);
        expect(['broken', 'redundant', 'channel', 'ownership', 'privacy']).toContain(meta.category);
        // The workshop ranks findings by these; only channel rules mark drift in its matrix.
        expect(meta.priority, 'priority: { fixScope, effort }').toBeDefined();
        if (meta.drift !== undefined) expect(meta.category).toBe('channel');
      });

      it('has default options that satisfy its options schema', () => {
        const validate = new Ajv({ strict: false }).compile(meta.optionsSchema);
        expect(validate(meta.defaultOptions), JSON.stringify(validate.errors)).toBe(true);
      });

      it('has at least three invalid and three valid fixtures', () => {
        const directory = path.join(root, 'test', 'fixtures', 'rules', meta.id);
        const names = existsSync(directory) ? readdirSync(directory) : [];
        expect(names.filter((name) => name.startsWith('invalid-')).length).toBeGreaterThanOrEqual(3);
        expect(names.filter((name) => name.startsWith('valid-')).length).toBeGreaterThanOrEqual(3);
      });

      it('is enabled by the recommended preset at error or warning', () => {
        expect(['error', 'warning']).toContain(recommended.rules[meta.id]);
      });
    });
  }
});

describe('generated documentation', () => {
  it('matches rule meta and fixtures (run `npm run docs` to update)', () => {
    for (const [file, content] of expectedDocs(root)) {
      const relative = path.relative(root, file);
      expect(existsSync(file), `${relative} is missing`).toBe(true);
      expect(readFileSync(file, 'utf8'), `${relative} is out of date`).toBe(content);
    }
  });

  it('has no page for a rule that does not exist', () => {
    const ids = new Set([...builtinRules, ...replayRules].map((rule) => rule.meta.id));
    const pages = readdirSync(path.join(root, 'docs', 'rules')).map((name) => name.replace(/\.md$/, ''));
    expect(pages.filter((page) => !ids.has(page))).toEqual([]);
  });
});
