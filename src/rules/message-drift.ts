import { channelsPhrase, quote } from './messages.js';
import { defineRule } from './define.js';

interface Options {
  ignore: string[];
}

export default defineRule<Options, 'drift'>({
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
      'if a message is deliberately channel-specific (an IVR menu prompt), list it under the `ignore` option. The largest ' +
      'group of channels that show the same messages is the reference (on ties, the group with the channel listed first in ' +
      "the journey's `channels`; channels not listed there come after, alphabetically); each channel " +
      'that differs from it is reported once, at its first step showing a message the reference does not show.',
    messages: {
      drift:
        "step '{{step}}' shows {{shown}} for {{capability}} in the {{channel}} channel, while the {{others}} {{show}} {{reference}}",
    },
    priority: { fixScope: 'quick', effort: 1 },
    drift: 'message',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { ignore: { type: 'array', items: { type: 'string' }, uniqueItems: true } },
    },
    defaultOptions: { ignore: [] },
    optionDocs: { ignore: 'Message ids that are channel-specific by design and are not compared (for example an IVR menu prompt).' },
  },
  check({ analysis, options, report }) {
    const { capabilities } = analysis;
    const ignored = new Set(options.ignore);
    const quoted = (messages: readonly string[]) => (messages.length === 0 ? 'no message' : messages.map(quote).join(', '));
    // Channels that show the same set of messages agree. The largest group of agreeing channels (on ties, the one with
    // the channel listed first)
    // is the reference; every other channel is reported once, so one drifting channel is one finding.
    for (const capability of capabilities.capabilities) {
      // In the order of the journey's `channels` (then undeclared channels alphabetically), never the order of the steps.
      const services = capabilities.compared(capability);
      if (services.length < 2) continue;
      const shownBy = new Map<string, string[]>(
        services.map((service) => [service.channel, [...service.messages.keys()].filter((message) => !ignored.has(message)).sort()]),
      );
      const groups = new Map<string, typeof services>();
      for (const service of services) {
        const key = shownBy.get(service.channel)!.join('\u0000');
        groups.set(key, [...(groups.get(key) ?? []), service]);
      }
      if (groups.size < 2) continue;
      const reference = [...groups.values()].reduce((best, group) => (group.length > best.length ? group : best));
      const referenceMessages = shownBy.get(reference[0]!.channel)!;
      for (const service of services) {
        if (reference.includes(service)) continue;
        const shown = shownBy.get(service.channel)!;
        const extra = shown.find((message) => !referenceMessages.includes(message));
        const step = extra !== undefined ? service.messages.get(extra)! : service.entries[0]!;
        report({
          path: step.path,
          messageId: 'drift',
          data: {
            step: step.id,
            shown: quoted(shown),
            capability,
            channel: service.channel,
            others: channelsPhrase(reference.map((other) => other.channel)),
            show: reference.length === 1 ? 'shows' : 'show',
            reference: quoted(referenceMessages),
          },
          capability: { name: capability, channels: [service.channel] },
        });
      }
    }
  },
});
