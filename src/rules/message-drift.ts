import type { CapabilityService } from '../model/capabilities.js';
import type { Step } from '../model/journey.js';
import { messageIdentity } from '../model/messages.js';
import { defineRule } from './define.js';
import { channelsPhrase, quote } from './messages.js';

/** The messages one channel shows for a capability: message key -> value -> [message as written, first step showing it]. */
interface ChannelMessages {
  service: CapabilityService;
  byKey: Map<string, Map<string, [string, Step]>>;
}

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
      const shown: ChannelMessages[] = services.map((service) => {
        const byKey = new Map<string, Map<string, [string, Step]>>();
        for (const [message, step] of service.messages) {
          if (ignored.has(message)) continue;
          const { key, value } = messageIdentity(message);
          let values = byKey.get(key);
          if (!values) byKey.set(key, (values = new Map()));
          if (!values.has(value)) values.set(value, [message, step]);
        }
        return { service, byKey };
      });
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
      const keys = [...new Set(shown.flatMap(({ byKey }) => [...byKey.keys()]))].sort();
      for (const key of keys) {
        const showing = shown.flatMap(({ service, byKey }) => {
          const values = byKey.get(key);
          return values ? [{ service, values }] : [];
        });
        if (showing.length < 2) continue;
        // Non-empty lists by type: each group holds at least the channel that opened it.
        const groups = new Map<string, [(typeof showing)[number], ...typeof showing]>();
        for (const channel of showing) {
          const versions = [...channel.values.keys()].sort().join('\u0000');
          const group = groups.get(versions);
          if (group) group.push(channel);
          else groups.set(versions, [channel]);
        }
        const [firstGroup, ...otherGroups] = groups.values();
        if (!firstGroup || otherGroups.length === 0) continue;
        const reference = otherGroups.reduce((best, group) => (group.length > best.length ? group : best), firstGroup);
        const referenceServices = reference.map((channel) => channel.service);
        const [{ values: referenceValues }] = reference;
        const referenceMessages = [...referenceValues.values()].map(([message]) => message).sort();
        for (const { service, values } of showing) {
          if (referenceServices.includes(service) || reported.has(service)) continue;
          const extra = [...values.entries()].find(([value]) => !referenceValues.has(value));
          const [firstShown] = values.values();
          const step = extra ? extra[1][1] : firstShown?.[1];
          if (step) reportDrift(service, step, [...values.values()].map(([message]) => message).sort(), referenceServices, referenceMessages);
        }
      }
      if (!options.compareSilence) continue;
      // Silence compared too: a channel showing nothing where the others show something.
      const allMessages = (byKey: ChannelMessages['byKey']) => [...byKey.values()].flatMap((values) => [...values.values()].map(([message]) => message)).sort();
      const bySet = new Map<string, [ChannelMessages, ...ChannelMessages[]]>();
      for (const channel of shown) {
        if (channel.byKey.size === 0) continue;
        const set = allMessages(channel.byKey).join('\u0000');
        const group = bySet.get(set);
        if (group) group.push(channel);
        else bySet.set(set, [channel]);
      }
      const [firstSet, ...otherSets] = bySet.values();
      if (!firstSet) continue;
      const reference = otherSets.reduce((best, group) => (group.length > best.length ? group : best), firstSet);
      const referenceServices = reference.map((channel) => channel.service);
      const [{ byKey: referenceByKey }] = reference;
      const referenceMessages = allMessages(referenceByKey);
      for (const { service, byKey } of shown) {
        const [entry] = service.entries;
        if (byKey.size > 0 || reported.has(service) || !entry) continue;
        reportDrift(service, entry, [], referenceServices, referenceMessages);
      }
    }
  },
});
