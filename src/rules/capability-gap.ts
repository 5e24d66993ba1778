import { isCapabilityGap } from '../model/capabilities.js';
import { defineRule } from './define.js';

export default defineRule({
  meta: {
    id: 'capability-gap',
    category: 'channel',
    defaultSeverity: 'error',
    description: 'A declared capability cannot be completed in one of the journey\'s declared channels.',
    rationale:
      'A customer has one relationship with the company, not one per channel. When the journey promises a capability in a ' +
      'channel and that channel cannot deliver it, the customer who chose it is turned away or sent elsewhere: ' +
      'a refund possible online but not in the store. Customers expect the same answer everywhere.',
    fix:
      'Add steps in that channel tagged with the `capability` that lead to an `end` with `outcome: resolved`, or connect the ' +
      'existing ones to such an end; if the channel should not offer the capability, remove the channel from `channels`.',
    messages: {
      missing: "customers cannot {{capability}} in the {{channel}} channel: no step serves it (no {{channel}} step has `capability: {{capability}}`)",
      unresolved: 'customers cannot {{capability}} in the {{channel}} channel: the {{channel}} steps for {{capability}} never reach a resolved end',
    },
    priority: { fixScope: 'structural', effort: 2 },
  },
  check({ journey, analysis, report }) {
    // Reported at the channel's entry in `channels`: the channel is what the journey promises, and both fixes
    // (serve the capability there, or stop offering the channel) start from that promise.
    for (const service of analysis.capabilities.services) {
      if (!isCapabilityGap(service)) continue;
      report({
        path: ['channels', journey.channels.indexOf(service.channel)],
        messageId: service.entries.length === 0 ? 'missing' : 'unresolved',
        data: { capability: service.capability, channel: service.channel },
        relatedSteps: service.entries,
        capability: { name: service.capability, channels: [service.channel] },
      });
    }
  },
});
