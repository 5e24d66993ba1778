import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Validates a SARIF log against the official SARIF 2.1.0 schema (draft-04); returns ajv's errors. */
export function sarifSchemaErrors(log: unknown): unknown[] {
  const Ajv = require('ajv-draft-04') as typeof import('ajv-draft-04').default;
  const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;
  const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object;
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return validate(log) ? [] : (validate.errors ?? [{ message: 'invalid' }]);
}
