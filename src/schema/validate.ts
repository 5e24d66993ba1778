import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { DocPath } from '../types.js';
import { loadValidator } from './compiled.js';
import { didYouMean } from '../util/suggest.js';
import { isRecord } from '../util/text.js';

const require = createRequire(import.meta.url);
/** The one schema: the validator, the `schema` command and the docs all read this file. */
export const journeySchema = require('./journey.schema.json') as Record<string, unknown>;

export interface SchemaProblem {
  path: DocPath;
  /** Point at the key (unknown field) rather than the value. */
  target: 'key' | 'value';
  message: string;
}

let compiled: { header: ValidateFunction; step: ValidateFunction } | undefined;
function validators(): { header: ValidateFunction; step: ValidateFunction } {
  compiled ??= { header: loadValidator('journeyHeader', journeySchema), step: loadValidator('journeyStep', journeySchema) };
  return compiled;
}

/** Schema problems reported per file; a journey broken everywhere is summarised after these. */
const maxSchemaProblems = 1000;

const stepSchema = (journeySchema.definitions as Record<string, { properties: Record<string, unknown> }>).step!;
const stepFields = Object.keys(stepSchema.properties);
const journeyFields = Object.keys(journeySchema.properties as Record<string, unknown>);
const branchFields = ['to', 'when', 'probability', 'failure'];

function pathOf(instancePath: string): (string | number)[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

/** "step 'refund'", "step 'refund' next[1]", "the journey" — how a process owner names the place. */
function describePlace(data: unknown, path: DocPath): string {
  if (path[0] === 'steps' && typeof path[1] === 'number') {
    const steps = isRecord(data) && Array.isArray(data.steps) ? data.steps : [];
    const step: unknown = steps[path[1]];
    const id = isRecord(step) && typeof step.id === 'string' ? `'${step.id}'` : `#${path[1] + 1}`;
    const rest = path.slice(2);
    const detail = rest.length ? ` ${formatPath(rest)}` : '';
    return `step ${id}${detail}`;
  }
  return path.length === 0 ? 'the journey' : `'${formatPath(path)}'`;
}

function formatPath(path: DocPath): string {
  return path.reduce<string>((text, segment) => (typeof segment === 'number' ? `${text}[${segment}]` : text ? `${text}.${segment}` : segment), '');
}

function fieldsFor(path: DocPath): string[] {
  if (path.length === 0) return journeyFields;
  if (path[0] === 'steps' && path.length === 2) return stepFields;
  if (path.includes('next')) return branchFields;
  return [];
}

const oneOfHints: Record<string, string> = {
  next: 'must be a step id, a list of step ids, or a list of branches like {to: step-id, when: "condition"}',
  collects: "must be a data item name (like 'order-number') or {item: order-number, purpose: \"why it is needed\"}",
};

function describeValue(value: unknown): string {
  // JSON has no NaN or Infinity: JSON.stringify would print them as null.
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** A schema error in words a process owner uses, at a path into the document (also used for custom rule files). */
export function explain(error: ErrorObject, data: unknown): SchemaProblem {
  const path = pathOf(error.instancePath);
  const place = describePlace(data, path);
  const field = path[path.length - 1];
  const value = valueAt(data, path);
  switch (error.keyword) {
    case 'additionalProperties': {
      const extra = String((error.params as { additionalProperty: string }).additionalProperty);
      return { path: [...path, extra], target: 'key', message: `${place} has unknown field '${extra}'${didYouMean(extra, fieldsFor(path))}` };
    }
    case 'required': {
      const missing = String((error.params as { missingProperty: string }).missingProperty);
      return { path, target: 'value', message: `${place} is missing the required field '${missing}'` };
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map(String);
      return {
        path,
        target: 'value',
        message: `${place}: ${describeValue(value)} is not allowed; use one of ${allowed.join(', ')}${typeof value === 'string' ? didYouMean(value, allowed) : ''}`,
      };
    }
    case 'pattern': {
      const pattern = String((error.params as { pattern: string }).pattern);
      const expectation = pattern.includes('(s|m|h|d|w)')
        ? 'a duration like 5m, 4h or 2d'
        : 'lowercase kebab-case, like verify-identity';
      return { path, target: 'value', message: `${place}: ${describeValue(value)} must be ${expectation}` };
    }
    case 'type':
      if (isNonFiniteNumber(value)) return { path, target: 'value', message: `${place} must be a finite number, not ${describeValue(value)}` };
      return { path, target: 'value', message: `${place} must be ${(error.params as { type: string }).type.replace(',', ' or ')}, not ${describeValue(value)}` };
    case 'minItems':
      return { path, target: 'value', message: `${place} must not be empty` };
    case 'uniqueItems':
      return { path, target: 'value', message: `${place} lists the same entry twice` };
    case 'minimum':
    case 'maximum':
      return { path, target: 'value', message: `${place}: ${describeValue(value)} ${error.message ?? 'is out of range'}` };
    case 'maxLength':
      return { path, target: 'value', message: `${place} is too long (${error.message ?? ''})` };
    case 'oneOf':
      return {
        path,
        target: 'value',
        message: `${place} ${oneOfHints[String(typeof field === 'number' ? path[path.length - 2] : field)] ?? 'does not have a valid form'}`,
      };
    default:
      return { path, target: 'value', message: `${place} ${error.message ?? 'is invalid'}` };
  }
}

function isNonFiniteNumber(value: unknown): boolean {
  return typeof value === 'number' && !Number.isFinite(value);
}

function valueAt(data: unknown, path: DocPath): unknown {
  return path.reduce<unknown>((node, segment) => (isRecord(node) || Array.isArray(node) ? (node as Record<string | number, unknown>)[segment] : undefined), data);
}

/**
 * Validates plain journey data against the schema: the header, then each step (see `precompiled`).
 * At most `maxSchemaProblems` are reported, then one problem counting the rest.
 */
export function validateJourneyData(data: unknown): SchemaProblem[] {
  const { header, step } = validators();
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  let omitted = 0;
  const add = (errors: readonly ErrorObject[]) => {
    for (const problem of explainErrors(errors, data)) {
      const key = `${problem.path.join('/')}|${problem.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (problems.length < maxSchemaProblems) problems.push(problem);
      else omitted++;
    }
  };
  if (!header(data)) add(header.errors ?? []);
  const steps = isRecord(data) && Array.isArray(data.steps) ? data.steps : [];
  for (let index = 0; index < steps.length; index++) {
    if (step(steps[index])) continue;
    add((step.errors ?? []).map((error) => ({ ...error, instancePath: `/steps/${index}${error.instancePath}` })));
  }
  if (omitted > 0) {
    problems.push({ path: ['steps'], target: 'key', message: `${omitted} more schema problem${omitted === 1 ? '' : 's'} not shown; fix the ones above first` });
  }
  return problems;
}

/**
 * Turns one validation's errors into problems. A failed `oneOf` reports every alternative; when one
 * alternative had the right type, its errors are the useful ones, otherwise the `oneOf` itself is
 * explained with a hint about the accepted forms.
 */
function explainErrors(errors: readonly ErrorObject[], data: unknown): SchemaProblem[] {
  const dropped = new Set<ErrorObject>();
  const within = (error: ErrorObject, path: string) => error.instancePath === path || error.instancePath.startsWith(`${path}/`);
  for (const alternative of errors.filter((error) => error.keyword === 'oneOf')) {
    const below = errors.filter((error) => error !== alternative && within(error, alternative.instancePath));
    // A NaN or infinite number fails only `type`; that error is the informative one.
    const informative = below.filter((error) => (error.keyword !== 'type' || isNonFiniteNumber(valueAt(data, pathOf(error.instancePath)))) && error.keyword !== 'oneOf');
    if (informative.length > 0) {
      dropped.add(alternative);
      for (const error of below) if (error.keyword === 'type' && !informative.includes(error)) dropped.add(error);
    } else {
      for (const error of below) dropped.add(error);
    }
  }
  // A oneOf whose deeper oneOf already explains the problem adds nothing.
  const kept = errors.filter((error) => !dropped.has(error));
  const problems: SchemaProblem[] = [];
  for (const error of kept) {
    if (error.keyword === 'oneOf' && kept.some((other) => other !== error && other.keyword === 'oneOf' && other.instancePath.startsWith(`${error.instancePath}/`))) continue;
    problems.push(explain(error, data));
  }
  return problems;
}
