import { analyseCapabilities, listChannels } from '../model/capabilities.js';
import { defineRule } from './define.js';

interface Options {
  ignore: string[];
}

export default defineRule<Options>({
  meta: {
    id: 'message-drift',
    category: 'channel',
    defaultSeverity: 'warning',
    description: 'The same capability shows different messages in different channels.',
    rationale:
      'One relationship, many channels: customers compare what they were told on the phone with what the website says. ' +
      'When the store quotes refund-policy-v2 and the web refund-policy-v3, somebody gets the wrong answer, and the ' +
      'customer stops trusting both. Customers expect the same answer everywhere.',
    fix:
      'Show the same `message` id for the capability in every channel (one source of content), or align the versions; ' +
      'if a message is deliberately channel-specific (an IVR menu prompt), list it under the `ignore` option.',
    messages: {
      drift:
        "step '{{step}}' shows '{{message}}' for {{capability}} in the {{channel}} channel, but it is never shown in the {{others}}",
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { ignore: { type: 'array', items: { type: 'string' }, uniqueItems: true } },
    },
    defaultOptions: { ignore: [] },
    optionDocs: { ignore: 'Message ids that are channel-specific by design and are not compared (for example an IVR menu prompt).' },
  },
  check({ journey, options, report }) {
    const capabilities = analyseCapabilities(journey);
    const ignored = new Set(options.ignore);
    // One finding per capability, channel and message that some other channel of the capability never shows,
    // at the first step (breadth-first from the channel's entry steps) that shows it.
    for (const capability of capabilities.capabilities) {
      const services = capabilities.compared(capability);
      if (services.length < 2) continue;
      for (const service of services) {
        for (const [message, step] of service.messages) {
          if (ignored.has(message)) continue;
          const without = services.filter((other) => other !== service && !other.messages.has(message)).map((other) => other.channel);
          if (without.length === 0) continue;
          report({
            path: step.path,
            messageId: 'drift',
            data: {
              step: step.id,
              message,
              capability,
              channel: service.channel,
              others: `${listChannels(without)} ${without.length === 1 ? 'channel' : 'channels'}`,
            },
          });
        }
      }
    }
  },
});
