import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { journeyYaml } from '../../bench/generate.js';
import { compileSchema, precompiled, schemaPart } from '../../src/schema/compiled.js';
import { parseYaml } from '../../src/parse/yaml-source.js';

const require = createRequire(import.meta.url);
type Validate = ((data: unknown) => boolean) & { errors?: unknown[] | null };

/** The build's standalone validators must accept and reject exactly what ajv compiling the schema at run time does. */
describe('precompiled validators', () => {
  const journeySchema = require('../../src/schema/journey.schema.json') as object;
  const header = require('../../dist/schema/journeyHeader.validate.cjs') as Validate;
  const headerReference = compileSchema(schemaPart(journeySchema, 'header'), precompiled.journeyHeader.options) as Validate;
  const step = require('../../dist/schema/journeyStep.validate.cjs') as Validate;
  const stepReference = compileSchema(schemaPart(journeySchema, 'step'), precompiled.journeyStep.options) as Validate;
  const samples: unknown[] = [
    parseYaml(journeyYaml({ seed: 4, steps: 30 })).data,
    { journey: 'Bad Id', steps: [] },
    { journey: 'x', steps: [{ id: 'a', kind: 'teleport', next: [{ to: 'b', probability: 2 }, 3], collects: [{ purpose: '' }], tags: ['t', 't'] }], extra: true },
    { journey: 'x', steps: [{ id: 'a', sla: '4 hours', 'can-fail': 'yes', systems: {} }], systems: { crm: { shared: 'no' } } },
    'not a journey',
  ];

  it('give the same verdict and the same errors as ajv compiling the journey schema', () => {
    for (const sample of samples) {
      expect(header(sample)).toBe(headerReference(sample));
      expect(header.errors ?? null).toEqual(headerReference.errors ?? null);
      const steps = sample !== null && typeof sample === 'object' && Array.isArray((sample as { steps?: unknown }).steps) ? (sample as { steps: unknown[] }).steps : [];
      for (const entry of steps) {
        expect(step(entry)).toBe(stepReference(entry));
        expect(step.errors ?? null).toEqual(stepReference.errors ?? null);
      }
    }
    expect(samples.filter((sample) => !headerReference(sample)).length).toBe(4);
  });

  it('together give the verdict of the whole journey schema', () => {
    const whole = compileSchema(journeySchema, precompiled.journeyHeader.options) as Validate;
    for (const sample of samples) {
      const steps = sample !== null && typeof sample === 'object' && Array.isArray((sample as { steps?: unknown }).steps) ? (sample as { steps: unknown[] }).steps : [];
      expect(header(sample) && steps.every((entry) => step(entry))).toBe(whole(sample));
    }
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
