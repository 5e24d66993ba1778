import { createRequire } from 'node:module';
import type { Options, ValidateFunction } from 'ajv';

const require = createRequire(import.meta.url);

/** The validators the build precompiles (scripts/build-validators.js), with the ajv options they are compiled with. */
export const precompiled = {
  journey: { schema: '../schema/journey.schema.json', options: { allErrors: true, strict: true, allowUnionTypes: true } },
  config: { schema: '../config/config.schema.json', options: { allErrors: true, strict: false } },
} as const satisfies Record<string, { schema: string; options: Options }>;

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
    return compileSchema(schema, precompiled[name].options);
  }
}
