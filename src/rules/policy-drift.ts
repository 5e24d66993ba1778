import type { CapabilityService } from '../model/capabilities.js';
import { channelsPhrase } from './messages.js';
import type { Step } from '../model/journey.js';
import { defineRule } from './define.js';

type Policy = 'approval' | 'identity' | 'fee';

interface Options {
  identityItems: string[];
  policies: Policy[];
}

const defaultIdentityItems = ['date-of-birth', 'national-id', 'passport-number', 'security-answer', 'one-time-code', 'account-pin'];

export default defineRule<Options, 'approval' | 'identity' | 'fee'>({
  meta: {
    id: 'policy-drift',
    category: 'channel',
    defaultSeverity: 'warning',
    description: 'An approval, identity check or fee applies to a capability in one channel but not in another.',
    rationale:
      'Customers talk to each other and try other channels. If the store needs a manager\'s approval for what the app grants ' +
      'at once, or the phone charges a fee the web does not, the rules look arbitrary and customers shop for the channel ' +
      'that says yes. One relationship, many channels: customers expect the same answer everywhere, and so does the regulator ' +
      'when the difference is an identity check.',
    fix:
      'Apply the same policy in every channel that offers the capability: add the approval, identity check or fee where it is ' +
      'missing, or remove it where it is not needed (often the better fix for approvals: empower the front line).',
    messages: {
      approval: "step '{{step}}' requires an approval for {{capability}} in the {{channel}} channel, but there is none in the {{others}}",
      identity:
        "step '{{step}}' checks the customer's identity ({{item}}) for {{capability}} in the {{channel}} channel, but there is no identity check in the {{others}}",
      fee: "step '{{step}}' charges a fee ({{fee}}) for {{capability}} in the {{channel}} channel, but there is none in the {{others}}",
    },
    priority: { fixScope: 'structural', effort: 1 },
    drift: 'policy',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        identityItems: { type: 'array', items: { type: 'string' }, uniqueItems: true },
        policies: { type: 'array', items: { enum: ['approval', 'identity', 'fee'] }, uniqueItems: true },
      },
    },
    defaultOptions: { identityItems: defaultIdentityItems, policies: ['approval', 'identity', 'fee'] },
    optionDocs: {
      identityItems: 'Collected data items that count as an identity check.',
      policies: 'Which policies are compared: `approval` (a `kind: approval` step), `identity` (collecting an identity item), `fee` (a step with `fee`).',
    },
  },
  check({ analysis, options, report }) {
    const { capabilities } = analysis;
    const identityItems = new Set(options.identityItems);

    /** The first served step (breadth-first, with a channel) applying the policy, and the identity item it collects. */
    const policyStep = (service: CapabilityService, policy: Policy): { step: Step; item?: string } | undefined => {
      if (policy === 'approval') return service.approvals[0] && { step: service.approvals[0] };
      if (policy === 'fee') return service.fees[0] && { step: service.fees[0] };
      for (const step of service.served) {
        if (step.channel === undefined) continue;
        const check = step.collects.find((collected) => identityItems.has(collected.item));
        if (check) return { step, item: check.item };
      }
      return undefined;
    };

    // One finding per capability, channel and policy that some other channel of the capability lacks,
    // at the first step applying it.
    for (const capability of capabilities.capabilities) {
      const services = capabilities.compared(capability);
      if (services.length < 2) continue;
      for (const policy of options.policies) {
        const found = services.map((service) => policyStep(service, policy));
        const without = services.filter((_, index) => found[index] === undefined).map((service) => service.channel);
        if (without.length === 0) continue;
        services.forEach((service, index) => {
          const applied = found[index];
          if (!applied) return;
          report({
            path: applied.step.path,
            messageId: policy,
            data: {
              step: applied.step.id,
              capability,
              channel: service.channel,
              others: channelsPhrase(without),
              ...(policy === 'identity' ? { item: applied.item ?? '' } : {}),
              ...(policy === 'fee' ? { fee: applied.step.fee ?? '' } : {}),
            },
            capability: { name: capability, channels: [service.channel] },
          });
        });
      }
    }
  },
});
