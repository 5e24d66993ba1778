import type { CapabilityService } from '../model/capabilities.js';
import type { Step } from '../model/journey.js';
import { messageIdentity } from '../model/messages.js';
import { defineRule } from './define.js';
import { channelsPhrase, quote } from './messages.js';

interface Options {
  ignore: string[];
  compareSilence: boolean;
}

export default defineRule<Options, 'drift'>({
  meta: {
    id: 'message-drift',
    category: 'channel',
    defaultSeverity: 'warning',
    description: 'The same message is shown in different versions or wordings in different channels for one capability.',
    rationale:
      'One relationship, many channels: customers compare what they were told on the phone with what the website says. ' +
      'When the store quotes refund-policy-v2 and the web refund-policy-v3, somebody gets the wrong answer, and the ' +
      'customer stops trusting both. Customers expect the same answer everywhere.',
    fix:
      'Show the same version of the message in every channel (one source of content). Like is compared with like: a ' +
      '`message` is an id (`refund-policy-v3`) or the text itself; two channels show versions of the same message when the ' +
      'ids match without their version suffix (`-v2`, `_v3`, `-2`) or the texts match once normalised (case, spaces) with ' +
      'their figures left out ("refund within 14 days" and "refund within 30 days"). A channel that shows no message is ' +
      'silent, not different (option `compareSilence`), and each channel\'s own notices (a photo-check result, a counter ' +
      'receipt) are not compared. The largest group of channels showing the same versions is the reference (on ties, the ' +
      "group with the channel listed first in the journey's `channels`); each channel that differs is reported once, at its " +
      'first step showing a version the reference does not show.',
    messages: {
      drift:
        "step '{{step}}' shows {{shown}} for {{capability}} in the {{channel}} channel, while the {{others}} {{show}} {{reference}}",
    },
    priority: { fixScope: 'quick', effort: 1 },
    drift: 'message',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { ignore: { type: 'array', items: { type: 'string' }, uniqueItems: true }, compareSilence: { type: 'boolean' } },
    },
    defaultOptions: { ignore: [], compareSilence: false },
    optionDocs: {
      ignore: 'Messages that are channel-specific by design and are not compared (for example an IVR menu prompt).',
      compareSilence: 'Also report a channel that shows no message at all for the capability while other channels show one.',
    },
  },
  check({ analysis, options, report }) {
    const { capabilities } = analysis;
    const ignored = new Set(options.ignore);
    const quoted = (messages: readonly string[]) => (messages.length === 0 ? 'no message' : messages.map(quote).join(', '));
    for (const capability of capabilities.capabilities) {
      // In the order of the journey's `channels` (then undeclared channels alphabetically), never the order of the steps.
      const services = capabilities.compared(capability);
      if (services.length < 2) continue;
      // Per channel: message key -> value -> [message as written, first step showing it].
      const shown = new Map<CapabilityService, Map<string, Map<string, [string, Step]>>>();
      for (const service of services) {
        const byKey = new Map<string, Map<string, [string, Step]>>();
        for (const [message, step] of service.messages) {
          if (ignored.has(message)) continue;
          const { key, value } = messageIdentity(message);
          let values = byKey.get(key);
          if (!values) byKey.set(key, (values = new Map()));
          if (!values.has(value)) values.set(value, [message, step]);
        }
        shown.set(service, byKey);
      }
      const reported = new Set<CapabilityService>();
      const reportDrift = (service: CapabilityService, step: Step, messages: string[], reference: CapabilityService[], referenceMessages: string[]) => {
        reported.add(service);
        report({
          path: step.path,
          messageId: 'drift',
          data: {
            step: step.id,
            shown: quoted(messages),
            capability,
            channel: service.channel,
            others: channelsPhrase(reference.map((other) => other.channel)),
            show: reference.length === 1 ? 'shows' : 'show',
            reference: quoted(referenceMessages),
          },
          capability: { name: capability, channels: [service.channel] },
        });
      };
      // Like with like: for each message shown by two or more channels, the channels showing other versions of it drift
      // from the largest group showing the same versions (on ties, the group with the channel listed first).
      const keys = [...new Set(services.flatMap((service) => [...shown.get(service)!.keys()]))].sort();
      for (const key of keys) {
        const showing = services.filter((service) => shown.get(service)!.has(key));
        if (showing.length < 2) continue;
        const versionsOf = (service: CapabilityService) => [...shown.get(service)!.get(key)!.keys()].sort().join('\u0000');
        const groups = new Map<string, CapabilityService[]>();
        for (const service of showing) groups.set(versionsOf(service), [...(groups.get(versionsOf(service)) ?? []), service]);
        if (groups.size < 2) continue;
        const reference = [...groups.values()].reduce((best, group) => (group.length > best.length ? group : best));
        const referenceValues = shown.get(reference[0]!)!.get(key)!;
        const referenceMessages = [...referenceValues.values()].map(([message]) => message).sort();
        for (const service of showing) {
          if (reference.includes(service) || reported.has(service)) continue;
          const values = shown.get(service)!.get(key)!;
          const extra = [...values.entries()].find(([value]) => !referenceValues.has(value));
          const step = extra ? extra[1][1] : [...values.values()][0]![1];
          reportDrift(service, step, [...values.values()].map(([message]) => message).sort(), reference, referenceMessages);
        }
      }
      if (!options.compareSilence) continue;
      // Silence compared too: a channel showing nothing where the others show something.
      const speaking = services.filter((service) => shown.get(service)!.size > 0);
      if (speaking.length === 0) continue;
      const allMessages = (service: CapabilityService) => [...shown.get(service)!.values()].flatMap((values) => [...values.values()].map(([message]) => message)).sort();
      const bySet = new Map<string, CapabilityService[]>();
      for (const service of speaking) bySet.set(allMessages(service).join('\u0000'), [...(bySet.get(allMessages(service).join('\u0000')) ?? []), service]);
      const reference = [...bySet.values()].reduce((best, group) => (group.length > best.length ? group : best));
      for (const service of services) {
        if (shown.get(service)!.size > 0 || reported.has(service)) continue;
        reportDrift(service, service.entries[0]!, [], reference, allMessages(reference[0]!));
      }
    }
  },
});
