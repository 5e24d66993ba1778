import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { journeyYaml } from '../../bench/generate.js';
import { compileSchema, precompiled } from '../../src/schema/compiled.js';
import { parseYaml } from '../../src/parse/yaml-source.js';

const require = createRequire(import.meta.url);
type Validate = ((data: unknown) => boolean) & { errors?: unknown[] | null };

/** The build's standalone validators must accept and reject exactly what ajv compiling the schema at run time does. */
describe('precompiled validators', () => {
  const journey = require('../../dist/schema/journey.validate.cjs') as Validate;
  const reference = compileSchema(require('../../src/schema/journey.schema.json') as object, precompiled.journey.options) as Validate;
  const samples: unknown[] = [
    parseYaml(journeyYaml({ seed: 4, steps: 30 })).data,
    { journey: 'Bad Id', steps: [] },
    { journey: 'x', steps: [{ id: 'a', kind: 'teleport', next: [{ to: 'b', probability: 2 }, 3], collects: [{ purpose: '' }], tags: ['t', 't'] }], extra: true },
    { journey: 'x', steps: [{ id: 'a', sla: '4 hours', 'can-fail': 'yes', systems: {} }], systems: { crm: { shared: 'no' } } },
    'not a journey',
  ];

  it('give the same verdict and the same errors as ajv compiling the journey schema', () => {
    for (const sample of samples) {
      expect(journey(sample)).toBe(reference(sample));
      expect(journey.errors ?? null).toEqual(reference.errors ?? null);
    }
    expect(samples.filter((sample) => !reference(sample)).length).toBe(4);
  });

  it('validate configs like ajv compiling the config schema', () => {
    const config = require('../../dist/schema/config.validate.cjs') as Validate;
    const configReference = compileSchema(require('../../src/config/config.schema.json') as object, precompiled.config.options) as Validate;
    for (const sample of [{ extends: ['recommended'], rules: { 'dead-end': 'warning' } }, { rules: 3, bogus: true }, { limits: { maxSteps: -1 } }]) {
      expect(config(sample)).toBe(configReference(sample));
      expect(config.errors ?? null).toEqual(configReference.errors ?? null);
    }
  });
});
