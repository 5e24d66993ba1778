import { channelsPhrase } from './messages.js';
import { defineRule } from './define.js';

interface Options {
  ignoreOutcomes: string[];
}

export default defineRule<Options, 'mismatch'>({
  meta: {
    id: 'outcome-mismatch',
    category: 'channel',
    defaultSeverity: 'warning',
    description: 'The set of possible outcomes of a capability differs between channels.',
    rationale:
      'Where a customer asks should not decide what they get. If a refund can end resolved on the web but only escalated in ' +
      'the store, the store customer gets a worse answer to the same question. One relationship, many channels: customers ' +
      'expect the same answer everywhere.',
    fix:
      'Give every channel the same ways to finish the capability: connect the missing outcome (often by sharing the same ' +
      'back-office steps and end steps), or remove an outcome one channel should not have.',
    messages: {
      mismatch:
        "{{capability}} can end '{{outcome}}' (step '{{step}}') when it starts in the {{channel}} channel, but never when it starts in the {{others}}",
    },
    priority: { fixScope: 'structural', effort: 1 },
    drift: 'outcome',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { ignoreOutcomes: { type: 'array', items: { type: 'string' }, uniqueItems: true } },
    },
    defaultOptions: { ignoreOutcomes: [] },
    optionDocs: {
      ignoreOutcomes: 'Outcomes that may differ between channels without a finding (for example `abandoned`, if only some channels model it).',
    },
  },
  check({ analysis, options, report }) {
    const { capabilities } = analysis;
    const ignored = new Set(options.ignoreOutcomes);
    // One finding per capability, channel and outcome that some other channel of the capability cannot reach,
    // at the first end step with that outcome (breadth-first from the channel's entry steps). End steps count
    // with or without a channel: ends are often shared by all channels.
    for (const capability of capabilities.capabilities) {
      const services = capabilities.compared(capability);
      if (services.length < 2) continue;
      for (const service of services) {
        for (const [outcome, end] of service.outcomes) {
          if (ignored.has(outcome)) continue;
          const without = services.filter((other) => other !== service && !other.outcomes.has(outcome)).map((other) => other.channel);
          if (without.length === 0) continue;
          report({
            path: end.path,
            messageId: 'mismatch',
            data: {
              capability,
              outcome,
              step: end.id,
              channel: service.channel,
              others: channelsPhrase(without),
            },
            relatedSteps: service.entries,
            capability: { name: capability, channels: [service.channel] },
          });
        }
      }
    }
  },
});
