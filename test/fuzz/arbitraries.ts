import fc from 'fast-check';
import { stringify } from 'yaml';

const channels = ['web', 'app', 'email', 'sms', 'phone', 'ivr', 'chat', 'chatbot', 'social', 'store', 'mail', 'kiosk', 'field', 'partner'] as const;
const kinds = ['action', 'decision', 'wait', 'approval', 'handoff', 'message', 'end'] as const;
const actors = ['customer', 'agent', 'backstage', 'system', 'partner'] as const;
const departments = ['care', 'retail-ops', 'finance', 'it', 'sales'] as const;
const dataItems = ['email', 'order-number', 'date-of-birth', 'phone', 'address', 'iban', 'photo', 'receipt'] as const;
const systems = ['crm', 'pos', 'erp', 'ticketing'] as const;
const capabilities = ['refund', 'replace-item', 'change-address', 'cancel'] as const;
const outcomes = ['resolved', 'unresolved', 'abandoned', 'escalated'] as const;
const durations = ['30s', '5m', '4h', '2d', '1w', '999999999d', '1.5h'] as const;

/** A schema-valid journey as plain data, with a random graph (cycles, dead ends and unknown targets included). */
export interface GeneratedJourney {
  header: Record<string, unknown>;
  steps: Record<string, unknown>[];
}

const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 2 });

function stepArbitrary(count: number): fc.Arbitrary<Omit<Record<string, unknown>, 'id'>> {
  const target = fc.oneof({ weight: 9, arbitrary: fc.nat(count - 1).map((index) => ({ index })) }, { weight: 1, arbitrary: fc.constant({ unknown: 'no-such-step' }) });
  const branch = fc.record({
    to: target,
    when: optional(fc.constantFrom('payment fails', 'approved', 'timeout', 'customer agrees', 'otherwise')),
    probability: optional(fc.double({ min: 0, max: 1, noNaN: true })),
    failure: optional(fc.boolean()),
  });
  return fc.record({
    name: optional(fc.constantFrom('Verify identity', 'Send a reminder', 'Check the policy', 'verify identity.', 'Refund the order')),
    kind: optional(fc.constantFrom(...kinds)),
    channel: optional(fc.constantFrom(...channels)),
    actor: optional(fc.constantFrom(...actors)),
    owner: optional(fc.constantFrom(...departments)),
    next: optional(fc.oneof(target, fc.array(target, { minLength: 1, maxLength: 3 }), fc.array(branch, { minLength: 1, maxLength: 4 }))),
    collects: optional(fc.uniqueArray(fc.oneof(fc.constantFrom(...dataItems), fc.record({ item: fc.constantFrom(...dataItems), purpose: fc.constant('to send the refund') })), { maxLength: 3, selector: (entry) => (typeof entry === 'string' ? entry : entry.item) })),
    requires: optional(fc.uniqueArray(fc.constantFrom(...dataItems), { maxLength: 2 })),
    uses: optional(fc.uniqueArray(fc.constantFrom(...systems), { maxLength: 2 })),
    message: optional(fc.constantFrom('refund-policy-v3', 'welcome', 'apology')),
    capability: optional(fc.constantFrom(...capabilities)),
    sla: optional(fc.constantFrom(...durations)),
    duration: optional(fc.constantFrom(...durations)),
    'can-fail': optional(fc.boolean()),
    outcome: optional(fc.constantFrom(...outcomes)),
    purpose: optional(fc.constant('to contact the customer')),
    fee: optional(fc.constant('5 EUR')),
    tags: optional(fc.uniqueArray(fc.constantFrom('goodwill', 'high-value', 'vip'), { maxLength: 2 })),
  });
}

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

export const journeyArbitrary: fc.Arbitrary<GeneratedJourney> = fc.integer({ min: 1, max: 25 }).chain((count) =>
  fc
    .record({
      suffix: fc.uniqueArray(fc.stringMatching(/^[a-z0-9]{1,8}$/), { minLength: count, maxLength: count }),
      steps: fc.array(stepArbitrary(count), { minLength: count, maxLength: count }),
      header: fc.record({
        journey: fc.stringMatching(/^[a-z][a-z0-9]{0,10}(-[a-z0-9]{1,6}){0,3}$/),
        title: optional(fc.constant('A journey')),
        owner: optional(fc.constantFrom(...departments)),
        persona: optional(fc.constant('family-visitor')),
        channels: optional(fc.uniqueArray(fc.constantFrom(...channels), { maxLength: 4 })),
        capabilities: optional(fc.uniqueArray(fc.constantFrom(...capabilities), { maxLength: 2 })),
        systems: optional(fc.dictionary(fc.constantFrom(...systems), fc.record({ shared: fc.boolean() }), { maxKeys: 3 })),
      }),
    })
    .map(({ suffix, steps, header }) => {
      const ids = suffix.map((text, index) => `s${index}-${text}`);
      const resolve = (target: { index: number } | { unknown: string }) => ('index' in target ? ids[target.index]! : target.unknown);
      const built = steps.map((raw, index) => {
        const step: Record<string, unknown> = { id: ids[index], ...withoutUndefined(raw) };
        const next = raw.next as unknown;
        if (Array.isArray(next)) {
          step.next = next.map((entry) => ('to' in entry ? withoutUndefined({ ...entry, to: resolve(entry.to) }) : resolve(entry)));
        } else if (next !== undefined) {
          step.next = resolve(next as { index: number });
        }
        return step;
      });
      // An explicit start keeps the journey the same when its steps are listed in another order.
      return { header: { ...withoutUndefined(header), start: ids[0] }, steps: built };
    }),
);

export function journeyText(journey: GeneratedJourney, order?: readonly number[]): string {
  const steps = order ? order.map((index) => journey.steps[index]!) : journey.steps;
  return stringify({ ...journey.header, steps }, { lineWidth: 0 });
}

/** Bytes that YAML, UTF-8 and terminals treat specially. */
const interestingBytes = [0x5b, 0x5d, 0x7b, 0x7d, 0x3a, 0x2d, 0x20, 0x0a, 0x0d, 0x09, 0x26, 0x2a, 0x21, 0x22, 0x27, 0x23, 0x7c, 0x3e, 0x25, 0x3f, 0x2c, 0x00, 0xff, 0xfe, 0xc3, 0x1b, 0x9b];

export type Mutation = { at: number; op: 'set' | 'insert' | 'delete' | 'repeat'; byte: number; length: number };

export const mutationsArbitrary: fc.Arbitrary<Mutation[]> = fc.array(
  fc.record({
    at: fc.nat(),
    op: fc.constantFrom('set', 'insert', 'delete', 'repeat'),
    byte: fc.oneof(fc.constantFrom(...interestingBytes), fc.integer({ min: 0, max: 255 })),
    length: fc.integer({ min: 1, max: 40 }),
  }),
  { minLength: 1, maxLength: 8 },
);

export function mutate(source: Buffer, mutations: readonly Mutation[]): Buffer {
  let bytes = Buffer.from(source);
  for (const { at, op, byte, length } of mutations) {
    const position = bytes.length === 0 ? 0 : at % (bytes.length + 1);
    if (op === 'set' && position < bytes.length) bytes[position] = byte;
    else if (op === 'insert') bytes = Buffer.concat([bytes.subarray(0, position), Buffer.alloc(Math.min(length, 8), byte), bytes.subarray(position)]);
    else if (op === 'delete') bytes = Buffer.concat([bytes.subarray(0, position), bytes.subarray(position + length)]);
    else if (op === 'repeat') {
      const chunk = bytes.subarray(position, position + length);
      bytes = Buffer.concat([bytes.subarray(0, position), chunk, chunk, chunk, bytes.subarray(position)]);
    }
  }
  return bytes;
}
