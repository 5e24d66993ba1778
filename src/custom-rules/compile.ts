import type { JourneySettings } from '../model/channels.js';
import type { JourneyAnalysis } from '../model/analysis.js';
import type { Journey, Step } from '../model/journey.js';
import { canEndAvoiding, mostMarkedUpTo, stepsAfter, stepsBefore } from '../model/relations.js';
import type { Rule, RuleReport } from '../rules/define.js';
import type { Category, DocPath, Severity } from '../types.js';
import { formatDuration, isRecord, parseDuration } from '../util/text.js';

/**
 * Declarative rules: a rule file (validated by rule.schema.json) compiled into a Rule the engine runs like a built-in
 * one. `given` selects steps, `then` asserts one thing about each selected step. Every graph question is answered by
 * model/relations.ts or the capability analysis, never by a search here.
 */

/** A mistake in a rule file, at a path into that file. */
export class RuleFileError extends Error {
  constructor(
    message: string,
    readonly path: DocPath,
    readonly target: 'key' | 'value' = 'value',
  ) {
    super(message);
    this.name = 'RuleFileError';
  }
}

type FieldName =
  | 'id' | 'name' | 'kind' | 'channel' | 'actor' | 'owner' | 'capability' | 'message' | 'sla' | 'duration'
  | 'can-fail' | 'outcome' | 'purpose' | 'fee' | 'collects' | 'requires' | 'uses' | 'tags';

const listFields = new Set<FieldName>(['collects', 'requires', 'uses', 'tags']);
const durationFields = new Set<FieldName>(['sla', 'duration']);
type Comparison = 'gt' | 'gte' | 'lt' | 'lte';
const comparisonWords: Record<Comparison, string> = { gt: 'more than', gte: 'at least', lt: 'less than', lte: 'at most' };

/** A field's value on a step: scalars as text or minutes, lists as lists, with the path of each value for positions. */
interface FieldValue {
  values: Array<string | number | boolean>;
  paths: DocPath[];
}

function fieldValue(step: Step, field: FieldName): FieldValue {
  const at = (key: string): DocPath => [...step.path, key];
  const one = (value: string | number | boolean | undefined, key: string = field): FieldValue =>
    value === undefined ? { values: [], paths: [] } : { values: [value], paths: [at(key)] };
  switch (field) {
    case 'collects':
      return { values: step.collects.map((entry) => entry.item), paths: step.collects.map((entry) => entry.path) };
    case 'requires':
    case 'uses':
    case 'tags': {
      const list = step[field];
      return { values: list, paths: list.map((_, position) => [...at(field), position]) };
    }
    case 'can-fail':
      return one(step.canFail ? true : undefined);
    case 'id':
      return one(step.id);
    default:
      return one(step[field]);
  }
}

function display(field: FieldName, value: string | number | boolean): string {
  return durationFields.has(field) && typeof value === 'number' ? formatDuration(value) : String(value);
}

/** "250 EUR" -> 250 EUR; "200" -> 200 with no currency. */
function parseAmount(text: string): { amount: number; currency: string } | undefined {
  const match = /^\s*(?:([€$£])\s*)?(-?\d+(?:\.\d+)?)\s*([A-Za-z]{3}|[€$£])?\s*$/.exec(text);
  if (!match) return undefined;
  return { amount: Number(match[2]), currency: (match[1] ?? match[3] ?? '').toUpperCase() };
}

/** One compiled field test: a predicate on a single value of the field, plus how it reads in a message. */
interface CompiledTest {
  field: FieldName;
  /** For `exists`: the test is about presence, not about values. */
  exists?: boolean;
  /** True for `notIn` / `notPattern`: every value must pass; otherwise some value must. */
  everyValue: boolean;
  accepts(value: string | number | boolean): boolean;
  /** "in (web, app)", "more than 200 EUR": what was expected, for messages. */
  expected: string;
}

function compileTest(raw: Record<string, unknown>, at: DocPath): CompiledTest {
  const field = raw.field as FieldName;
  const operators = Object.keys(raw).filter((key) => key !== 'field');
  if (operators.length !== 1) throw new RuleFileError(`a field test has exactly one operator besides 'field' (found ${operators.join(', ')})`, at);
  const operator = operators[0]!;
  const operand = raw[operator];
  const where = [...at, operator];
  const asText = (value: unknown) => String(value);
  switch (operator) {
    case 'exists':
      return { field, exists: operand === true, everyValue: false, accepts: () => true, expected: operand === true ? `a ${field}` : `no ${field}` };
    case 'equals':
      return { field, everyValue: false, accepts: (value) => asText(value) === asText(operand), expected: asText(operand) };
    case 'in':
    case 'notIn': {
      if (!Array.isArray(operand)) throw new RuleFileError(`'${operator}' needs a list`, where);
      const allowed = new Set(operand.map(asText));
      const listed = operand.map(asText).join(', ');
      return operator === 'in'
        ? { field, everyValue: false, accepts: (value) => allowed.has(asText(value)), expected: `one of ${listed}` }
        : { field, everyValue: true, accepts: (value) => !allowed.has(asText(value)), expected: `none of ${listed}` };
    }
    case 'pattern':
    case 'notPattern': {
      let pattern: RegExp;
      try {
        // Case-insensitive: process owners write 'talk to a person' and mean any capitalisation.
        pattern = new RegExp(asText(operand), 'iu');
      } catch (error) {
        throw new RuleFileError(`'${asText(operand)}' is not a valid pattern: ${(error as Error).message}`, where);
      }
      return operator === 'pattern'
        ? { field, everyValue: false, accepts: (value) => pattern.test(asText(value)), expected: `matching /${pattern.source}/` }
        : { field, everyValue: true, accepts: (value) => !pattern.test(asText(value)), expected: `not matching /${pattern.source}/` };
    }
    default: {
      const comparison = operator as Comparison;
      const compare = (a: number, b: number) => (comparison === 'gt' ? a > b : comparison === 'gte' ? a >= b : comparison === 'lt' ? a < b : a <= b);
      if (durationFields.has(field)) {
        const limit = parseDuration(asText(operand));
        if (limit === undefined) throw new RuleFileError(`field '${field}' is a duration: compare it with a duration like 2d or 4h, not ${JSON.stringify(operand)}`, where);
        return { field, everyValue: false, accepts: (value) => typeof value === 'number' && compare(value, limit), expected: `${comparisonWords[comparison]} ${formatDuration(limit)}` };
      }
      if (field === 'fee') {
        const limit = typeof operand === 'number' ? { amount: operand, currency: '' } : parseAmount(asText(operand));
        if (!limit) throw new RuleFileError(`field 'fee' is an amount: compare it with an amount like 200 EUR, not ${JSON.stringify(operand)}`, where);
        return {
          field,
          everyValue: false,
          // Amounts in another currency are not comparable: no exchange rates are assumed.
          accepts: (value) => {
            const fee = parseAmount(asText(value));
            return fee !== undefined && (limit.currency === '' || fee.currency === limit.currency) && compare(fee.amount, limit.amount);
          },
          expected: `${comparisonWords[comparison]} ${asText(operand)}`,
        };
      }
      throw new RuleFileError(`field '${field}' cannot be compared with '${operator}': only sla, duration (durations) and fee (amounts) can`, where);
    }
  }
}

/** Whether a step passes a test, and the first value (with its path) that decided a failure. */
function runTest(test: CompiledTest, step: Step): { pass: boolean; value?: string; path?: DocPath } {
  const { values, paths } = fieldValue(step, test.field);
  if (test.exists !== undefined) {
    const present = values.length > 0;
    return present === test.exists ? { pass: true } : present ? { pass: false, value: display(test.field, values[0]!), path: paths[0]! } : { pass: false };
  }
  if (test.everyValue) {
    const failing = values.findIndex((value) => !test.accepts(value));
    return failing < 0 ? { pass: true } : { pass: false, value: display(test.field, values[failing]!), path: paths[failing]! };
  }
  if (values.some((value) => test.accepts(value))) return { pass: true };
  return values.length > 0 ? { pass: false, value: values.map((value) => display(test.field, value)).join(', '), path: listFields.has(test.field) ? [...step.path, test.field] : paths[0]! } : { pass: false, value: `no ${test.field}` };
}

/** Everything a selector is evaluated against. */
interface Scope {
  journey: Journey;
  analysis: JourneyAnalysis;
  settings: JourneySettings;
}

type Selector = (scope: Scope) => Uint8Array;

const nameFields = ['kind', 'channel', 'actor', 'owner', 'capability'] as const;

function names(value: unknown): string[] {
  return typeof value === 'string' ? [value] : (value as string[]);
}

function stepFilter(journey: Journey, keep: (step: Step) => boolean): Uint8Array {
  const marks = new Uint8Array(journey.steps.length);
  for (const step of journey.steps) if (keep(step)) marks[step.index] = 1;
  return marks;
}

function and(a: Uint8Array<ArrayBuffer>, b: Uint8Array): Uint8Array<ArrayBuffer> {
  for (let index = 0; index < a.length; index++) a[index] = a[index]! & b[index]!;
  return a;
}

/** Compiles a selector; also returns its description ("approval steps by an agent"), for messages. */
function compileSelector(raw: Record<string, unknown>, at: DocPath, options: Record<string, unknown>): { select: Selector; text: string } {
  const parts: Selector[] = [];
  const words: string[] = [];
  for (const field of nameFields) {
    if (raw[field] === undefined) continue;
    const wanted = new Set(names(raw[field]));
    parts.push(({ journey }) => stepFilter(journey, (step) => step[field] !== undefined && wanted.has(step[field])));
    words.push(`${field} ${[...wanted].join(' or ')}`);
  }
  if (raw.tags !== undefined) {
    const wanted = names(raw.tags);
    parts.push(({ journey }) => stepFilter(journey, (step) => wanted.every((tag) => step.tags.includes(tag))));
    words.push(`tagged ${wanted.join(' and ')}`);
  }
  if (raw.channelIs !== undefined) {
    const trait = raw.channelIs as 'automated' | 'async' | 'staffed';
    parts.push(({ journey, settings }) =>
      stepFilter(journey, (step) => {
        if (step.channel === undefined) return false;
        const traits = Object.hasOwn(settings.channels, step.channel) ? settings.channels[step.channel]! : {};
        return trait === 'staffed' ? !traits.automated && !traits.async : traits[trait] === true;
      }),
    );
    words.push(`in ${trait === 'async' ? 'an async' : `a ${trait}`} channel`);
  }
  if (Array.isArray(raw.where)) {
    raw.where.forEach((entry, index) => {
      const test = compileTest(entry as Record<string, unknown>, [...at, 'where', index]);
      parts.push(({ journey }) => stepFilter(journey, (step) => runTest(test, step).pass));
      words.push(`${test.field} ${test.expected}`);
    });
  }
  if (isRecord(raw.reachableFrom)) {
    const from = compileSelector(raw.reachableFrom, [...at, 'reachableFrom'], options);
    parts.push((scope) => stepsAfter(scope.analysis, from.select(scope)));
    words.push(`after ${from.text}`);
  }
  if (isRecord(raw.before)) {
    const to = compileSelector(raw.before, [...at, 'before'], options);
    parts.push((scope) => stepsBefore(scope.analysis, to.select(scope)));
    words.push(`before ${to.text}`);
  }
  if (isRecord(raw.within)) {
    const within = raw.within;
    const of = compileSelector(within.of as Record<string, unknown>, [...at, 'within', 'of'], options);
    const steps = within.steps as number;
    const direction = (within.direction as string | undefined) ?? 'after';
    parts.push((scope) => {
      const marked = of.select(scope);
      if (direction === 'after') return stepsAfter(scope.analysis, marked, steps);
      if (direction === 'before') return stepsBefore(scope.analysis, marked, steps);
      const after = stepsAfter(scope.analysis, marked, steps);
      const before = stepsBefore(scope.analysis, marked, steps);
      for (let index = 0; index < after.length; index++) after[index] = after[index]! | before[index]!;
      return after;
    });
    words.push(`within ${steps} step${steps === 1 ? '' : 's'} ${direction === 'either' ? 'of' : direction} ${of.text}`);
  }
  if (raw.onEveryWayToResolution !== undefined) {
    const wanted = raw.onEveryWayToResolution === true ? 1 : 0;
    parts.push(({ journey, analysis }) => {
      const on = analysis.onEveryWayToResolution;
      return stepFilter(journey, (step) => on[step.index] === wanted);
    });
    words.push(wanted ? 'on every way to a resolution' : 'not on every way to a resolution');
  }
  if (isRecord(raw.not)) {
    const inner = compileSelector(raw.not, [...at, 'not'], options);
    parts.push((scope) => inner.select(scope).map((mark) => 1 - mark));
    words.push(`not (${inner.text})`);
  }
  if (Array.isArray(raw.anyOf)) {
    const alternatives = raw.anyOf.map((entry, index) => compileSelector(entry as Record<string, unknown>, [...at, 'anyOf', index], options));
    parts.push((scope) => {
      const marks = new Uint8Array(scope.journey.steps.length);
      for (const alternative of alternatives) {
        const chosen = alternative.select(scope);
        for (let index = 0; index < marks.length; index++) marks[index] = marks[index]! | chosen[index]!;
      }
      return marks;
    });
    words.push(alternatives.map((alternative) => `(${alternative.text})`).join(' or '));
  }
  const text = words.length === 0 ? 'step' : `step with ${words.join(', ')}`;
  return {
    text,
    select: (scope) => {
      let marks = new Uint8Array(scope.journey.steps.length).fill(1);
      for (const part of parts) marks = and(marks, part(scope));
      return marks;
    },
  };
}

/** The placeholders every message may use, and those each assertion adds. */
const stepPlaceholders = ['journey', 'step', 'name', 'kind', 'channel', 'actor', 'owner', 'capability'];
const assertionPlaceholders: Record<string, string[]> = {
  required: ['field'],
  forbidden: ['field', 'value'],
  field: ['field', 'value', 'expected'],
  reachable: ['expected'],
  onEveryWayToEnd: ['expected'],
  atMostOnAPath: ['count', 'limit', 'expected'],
  sameAcrossChannels: ['field', 'value', 'expected', 'others'],
};
const assertionKeys = ['required', 'forbidden', 'field', 'reachable', 'onEveryWayToEnd', 'atMostOnAPath', 'sameAcrossChannels'] as const;

export interface RuleFile {
  id: string;
  description: string;
  severity: Severity;
  category?: Exclude<Category, 'input' | 'suppression'>;
  message: string;
  rationale: string;
  fix: string;
  options?: Record<string, unknown>;
  given?: Record<string, unknown>;
  then: Record<string, unknown>;
}

const optionReference = /\$\{([A-Za-z][A-Za-z0-9_-]*)\}/g;

/** Replaces `${name}` by option values: a whole-string reference keeps the option's type (a list, a number). */
function withOptions(value: unknown, options: Record<string, unknown>, at: DocPath): unknown {
  if (typeof value === 'string') {
    const whole = /^\$\{([A-Za-z][A-Za-z0-9_-]*)\}$/.exec(value);
    const lookup = (name: string) => {
      if (!Object.hasOwn(options, name)) throw new RuleFileError(`\${${name}} names no option; declare it under 'options'`, at);
      return options[name];
    };
    if (whole) return lookup(whole[1]!);
    return value.replace(optionReference, (_, name: string) => String(lookup(name)));
  }
  if (Array.isArray(value)) return value.map((entry, index) => withOptions(entry, options, [...at, index]));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, withOptions(entry, options, [...at, key])]));
  return value;
}

type Check = (scope: Scope, report: (entry: RuleReport) => void) => void;

/** Compiles `given` and `then` with the options in force into one check. */
function compileCheck(file: RuleFile, options: Record<string, unknown>): Check {
  const given = compileSelector((withOptions(file.given ?? {}, options, ['given']) as Record<string, unknown>), ['given'], options);
  const then = withOptions(file.then, options, ['then']) as Record<string, unknown>;
  const kind = assertionKind(then);
  const base = (journey: Journey, step: Step): Record<string, string | number> => {
    const data: Record<string, string | number> = { journey: journey.id, step: step.id };
    for (const key of ['name', 'kind', 'channel', 'actor', 'owner', 'capability'] as const) if (step[key] !== undefined) data[key] = step[key]!;
    for (const [key, value] of Object.entries(options)) if (typeof value !== 'object') data[key] = value as string | number;
    return data;
  };
  const each = (scope: Scope, visit: (step: Step) => void) => {
    const selected = given.select(scope);
    for (const step of scope.journey.steps) if (selected[step.index]) visit(step);
  };
  switch (kind) {
    case 'required':
    case 'forbidden': {
      const fields = then[kind] as FieldName[];
      return (scope, report) =>
        each(scope, (step) => {
          for (const field of fields) {
            const { values, paths } = fieldValue(step, field);
            if (kind === 'required' && values.length === 0) {
              report({ path: step.path, messageId: 'policy', data: { ...base(scope.journey, step), field } });
              return;
            }
            if (kind === 'forbidden' && values.length > 0) {
              report({ path: paths[0]!, messageId: 'policy', data: { ...base(scope.journey, step), field, value: values.map((value) => display(field, value)).join(', ') }, step });
              return;
            }
          }
        });
    }
    case 'field': {
      const test = compileTest(then, ['then']);
      return (scope, report) =>
        each(scope, (step) => {
          const outcome = runTest(test, step);
          if (outcome.pass) return;
          report({ path: outcome.path ?? step.path, messageId: 'policy', data: { ...base(scope.journey, step), field: test.field, value: outcome.value ?? `no ${test.field}`, expected: test.expected }, step });
        });
    }
    case 'reachable': {
      const target = compileSelector(then.reachable as Record<string, unknown>, ['then', 'reachable'], options);
      const within = then.withinSteps === undefined ? Infinity : Number(then.withinSteps);
      if (!Number.isInteger(within) && within !== Infinity) throw new RuleFileError(`withinSteps must be a whole number, not ${JSON.stringify(then.withinSteps)}`, ['then', 'withinSteps']);
      return (scope, report) => {
        const leadsThere = stepsBefore(scope.analysis, target.select(scope), within);
        each(scope, (step) => {
          if (!leadsThere[step.index]) report({ path: step.path, messageId: 'policy', data: { ...base(scope.journey, step), expected: target.text } });
        });
      };
    }
    case 'onEveryWayToEnd': {
      const target = compileSelector(then.onEveryWayToEnd as Record<string, unknown>, ['then', 'onEveryWayToEnd'], options);
      return (scope, report) => {
        const escapes = canEndAvoiding(scope.analysis, target.select(scope));
        each(scope, (step) => {
          if (escapes[step.index]) report({ path: step.path, messageId: 'policy', data: { ...base(scope.journey, step), expected: target.text } });
        });
      };
    }
    case 'atMostOnAPath': {
      const limit = then.atMostOnAPath;
      if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0) throw new RuleFileError(`atMostOnAPath must be a whole number, not ${JSON.stringify(limit)}`, ['then', 'atMostOnAPath']);
      return (scope, report) => {
        const counted = given.select(scope);
        const { upTo, before } = mostMarkedUpTo(scope.analysis, counted);
        // Reported where the limit is first exceeded on some way: a counted step whose count passes it, coming from at most the limit.
        for (const step of scope.journey.steps) {
          if (!counted[step.index] || upTo[step.index]! <= limit || before[step.index]! > limit) continue;
          report({ path: step.path, messageId: 'policy', data: { ...base(scope.journey, step), count: upTo[step.index]!, limit, expected: given.text } });
        }
      };
    }
    case 'sameAcrossChannels': {
      const field = then.sameAcrossChannels as FieldName;
      const only = then.forCapability === undefined ? undefined : new Set(names(then.forCapability));
      return (scope, report) => {
        const selected = given.select(scope);
        const { capabilities } = scope.analysis;
        for (const capability of capabilities.capabilities) {
          if (only && !only.has(capability)) continue;
          // Per channel: the first selected step of that channel serving the capability that has the field.
          const shown: Array<{ channel: string; step: Step; value: string; path: DocPath }> = [];
          for (const service of capabilities.services) {
            if (service.capability !== capability || service.entries.length === 0) continue;
            for (const step of service.served) {
              if (step.channel !== service.channel || !selected[step.index]) continue;
              const { values, paths } = fieldValue(step, field);
              if (values.length === 0) continue;
              shown.push({ channel: service.channel, step, value: values.map((value) => display(field, value)).join(', '), path: paths[0]! });
              break;
            }
          }
          const groups = new Map<string, typeof shown>();
          for (const entry of shown) groups.set(entry.value, [...(groups.get(entry.value) ?? []), entry]);
          if (groups.size < 2) continue;
          // The largest group of agreeing channels is the reference; on ties the one whose channel comes first.
          const reference = [...groups.values()].reduce((best, group) => (group.length > best.length ? group : best));
          for (const entry of shown) {
            if (reference.includes(entry)) continue;
            report({
              path: entry.path,
              messageId: 'policy',
              step: entry.step,
              data: { ...base(scope.journey, entry.step), capability, channel: entry.channel, field, value: entry.value, expected: reference[0]!.value, others: reference.map((other) => other.channel).join(', ') },
            });
          }
        }
      };
    }
  }
}

function assertionKind(then: Record<string, unknown>): (typeof assertionKeys)[number] {
  const present = assertionKeys.filter((key) => then[key] !== undefined);
  if (present.length !== 1) {
    throw new RuleFileError(
      present.length === 0 ? `'then' needs one assertion: ${assertionKeys.join(', ')}` : `'then' has ${present.join(' and ')}; a rule asserts one thing (write two rules)`,
      ['then'],
    );
  }
  const kind = present[0]!;
  const modifiers: Record<string, string[]> = { reachable: ['withinSteps'], sameAcrossChannels: ['forCapability'] };
  const extra = Object.keys(then).filter((key) => key !== kind && !(modifiers[kind] ?? []).includes(key) && (kind !== 'field' || (assertionKeys as readonly string[]).includes(key)));
  if (extra.length > 0) throw new RuleFileError(`'${extra[0]}' does not go with '${kind}' in 'then'`, ['then', extra[0]!], 'key');
  return kind;
}

/** JSON Schema of the options a rule file declares, derived from their defaults. */
function optionsSchemaOf(defaults: Record<string, unknown>): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(defaults)) properties[name] = { type: Array.isArray(value) ? 'array' : typeof value };
  return { type: 'object', additionalProperties: false, properties };
}

/**
 * Compiles a validated rule file into a Rule. Throws RuleFileError for what the schema cannot see: an unknown
 * placeholder or option, a bad pattern, a comparison a field does not support, two assertions in one rule.
 */
export function compileRuleFile(file: RuleFile): Rule {
  const defaults = file.options ?? {};
  const kind = assertionKind(file.then);
  const known = new Set([...stepPlaceholders, ...assertionPlaceholders[kind]!, ...Object.keys(defaults)]);
  for (const match of file.message.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) {
    if (!known.has(match[1]!)) throw new RuleFileError(`the message uses {{${match[1]}}}, which a '${kind}' rule does not fill; use ${[...known].map((name) => `{{${name}}}`).join(', ')}`, ['message']);
  }
  // Compiling with the defaults finds every mistake in given/then now, not on the first journey.
  const checks = new Map<string, Check>([[JSON.stringify(defaults), compileCheck(file, defaults)]]);
  const checkFor = (options: Record<string, unknown>): Check => {
    const key = JSON.stringify(options);
    let check = checks.get(key);
    if (!check) checks.set(key, (check = compileCheck(file, options)));
    return check;
  };
  return {
    meta: {
      id: file.id,
      category: file.category ?? 'broken',
      defaultSeverity: file.severity,
      description: file.description,
      rationale: file.rationale,
      fix: file.fix,
      messages: { policy: file.message },
      optionsSchema: optionsSchemaOf(defaults),
      defaultOptions: defaults,
    },
    check(context) {
      const options = context.options as Record<string, unknown>;
      let check: Check;
      try {
        check = checkFor(options);
      } catch (error) {
        // Options from a config can make a rule unusable (a pattern that is not one): say so in words, once per journey.
        throw new Error(error instanceof RuleFileError ? `with the configured options, ${error.message}` : String(error));
      }
      check({ journey: context.journey, analysis: context.analysis, settings: context.settings }, context.report);
    },
  };
}
