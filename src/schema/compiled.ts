import { createRequire } from 'node:module';
import type { Options, ValidateFunction } from 'ajv';

const require = createRequire(import.meta.url);

const journeyOptions: Options = { allErrors: true, strict: true, allowUnionTypes: true };

/**
 * The validators the build precompiles (scripts/build-validators.js), with the ajv options they are compiled with.
 * A journey is validated in parts: the header with the `steps` items unchecked, then each step on its own. One
 * validation of a whole document is quadratic in its number of errors (ajv concatenates error arrays after every
 * failed $ref), which a file with 100,000 broken steps turns into minutes.
 */
export const precompiled = {
  journeyHeader: { schema: '../schema/journey.schema.json', part: 'header', options: journeyOptions },
  journeyStep: { schema: '../schema/journey.schema.json', part: 'step', options: journeyOptions },
  config: { schema: '../config/config.schema.json', part: 'whole', options: { allErrors: true, strict: false } },
} as const satisfies Record<string, { schema: string; part: SchemaPart; options: Options }>;

export type SchemaPart = 'whole' | 'header' | 'step';

/** The part of a schema a validator checks: all of it, the journey without its steps' contents, or one step. */
export function schemaPart(schema: object, part: SchemaPart): object {
  if (part === 'whole') return schema;
  const { $id: _id, ...rest } = schema as { $id?: string; properties: Record<string, Record<string, unknown>>; definitions: unknown };
  void _id;
  if (part === 'step') return { $ref: '#/definitions/step', definitions: rest.definitions };
  return { ...rest, properties: { ...rest.properties, steps: { ...rest.properties.steps, items: true } } };
}

type AjvClass = new (options: Options) => { compile(schema: object): ValidateFunction };

/** ajv is loaded only when a schema must be compiled at run time: rule options, or running from the sources. */
export function compileSchema(schema: object, options: Options): ValidateFunction {
  const { Ajv } = require('ajv') as { Ajv: AjvClass };
  return new Ajv(options).compile(schema);
}

/**
 * The validator for `name`: the standalone code generated at build time when present (no ajv
 * compile at startup), otherwise compiled now from the same schema and options.
 */
export function loadValidator(name: keyof typeof precompiled, schema: object): ValidateFunction {
  try {
    return require(`./${name}.validate.cjs`) as ValidateFunction;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    return compileSchema(schemaPart(schema, precompiled[name].part), precompiled[name].options);
  }
}
