import { existsSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it, vi } from 'vitest';
import { builtinRules } from '../../src/rules/index.js';
import { replayRules } from '../../src/replay/rules/index.js';

const root = path.resolve(import.meta.dirname, '..', '..');

describe('every replay rule', () => {
  it('has an id of its own, shared with no built-in rule', () => {
    const ids = [...builtinRules, ...replayRules].map((rule) => rule.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  for (const { meta } of replayRules) {
    describe(meta.id, () => {
      it('lives in a file named by its id and has complete metadata', () => {
        expect(existsSync(path.join(root, 'src', 'replay', 'rules', `${meta.id}.ts`))).toBe(true);
        expect(meta.category).toBe('replay');
        expect(meta.description.length).toBeGreaterThan(10);
        expect(meta.rationale.length).toBeGreaterThan(40);
        expect(meta.fix.length).toBeGreaterThan(10);
        expect(Object.keys(meta.messages).length).toBeGreaterThan(0);
      });

      it('has default options that satisfy its options schema', () => {
        const validate = new Ajv({ strict: false }).compile(meta.optionsSchema);
        expect(validate(meta.defaultOptions), JSON.stringify(validate.errors)).toBe(true);
      });
    });
  }
});

describe('DuckDB is optional', () => {
  it('without it, replay says what to install instead of failing', async () => {
    vi.resetModules();
    vi.doMock('@duckdb/node-api', () => {
      throw new Error("Cannot find package '@duckdb/node-api'");
    });
    const { openDatabase, ReplayInputError } = await import('../../src/replay/duckdb.js');
    const failure = await openDatabase().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ReplayInputError);
    expect((failure as Error).message).toBe("'replay' and 'metrics --log' need DuckDB: run 'npm install @duckdb/node-api' next to journey-audit (it is an optional dependency)");
    vi.doUnmock('@duckdb/node-api');
  });
});
