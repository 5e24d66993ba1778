import { actors, type Step } from '../model/journey.js';
import { defineRule } from './define.js';

interface Options {
  equivalentChannels: string[][];
  customerFacingActors: string[];
}

export default defineRule<Options, 'forced'>({
  meta: {
    id: 'forced-channel-switch',
    category: 'channel',
    defaultSeverity: 'warning',
    description: 'A path that starts in one channel can only finish by moving the customer to another channel.',
    rationale:
      'Customers choose a channel because it suits them. When the web form ends with "please call us" or the app sends ' +
      'them to a store, they repeat themselves, wait again and lose trust: one relationship, many channels, and the ' +
      'company makes the customer do the switching. Customers expect to finish where they started.',
    fix:
      'Let the channel finish the capability on its own: add the missing steps in the starting channel, or let back-office ' +
      'steps (backstage, system, partner) complete the work without asking the customer to act in another channel. A front-line ' +
      'agent in another channel counts as a switch: a phone agent needs the customer on the phone.',
    messages: {
      forced:
        "customers who start to {{capability}} in the {{channel}} channel can only finish by acting in the {{other}} channel: step '{{step}}'",
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        equivalentChannels: {
          type: 'array',
          items: { type: 'array', items: { type: 'string' }, minItems: 2, uniqueItems: true },
        },
        customerFacingActors: {
          type: 'array',
          items: { enum: actors },
          uniqueItems: true,
        },
      },
    },
    defaultOptions: { equivalentChannels: [['ivr', 'phone'], ['chatbot', 'chat']], customerFacingActors: ['customer', 'agent'] },
    priority: { fixScope: 'structural', effort: 3 },
    optionDocs: {
      equivalentChannels:
        'Groups of channels that count as one for this rule: moving between them is not a switch for the customer ' +
        '(an IVR handing over to an agent on the same call, a chatbot handing over to a person in the same chat window).',
      customerFacingActors:
        'Actors whose steps need the customer in their channel. Default: the customer and front-line agents (a phone agent ' +
        'talks to the customer on the phone); backstage, system and partner steps may run in any channel.',
    },
  },
  check({ analysis, options, report }) {
    const { capabilities } = analysis;
    const groupOf = new Map<string, number>();
    options.equivalentChannels.forEach((group, index) => group.forEach((channel) => groupOf.set(channel, index)));
    const sameChannel = (a: string, b: string) => a === b || (groupOf.has(a) && groupOf.get(a) === groupOf.get(b));
    const customerFacing = new Set(options.customerFacingActors);

    for (const capability of capabilities.capabilities) {
      for (const service of capabilities.compared(capability)) {
        if (!service.resolvable) continue;
        const { channel } = service;
        // The customer may act in this channel (or an equivalent one) or in no channel; back-office staff may act anywhere.
        const stays = (step: Step) =>
          step.channel === undefined || sameChannel(step.channel, channel) || step.actor === undefined || !customerFacing.has(step.actor);
        const firstSwitch = analysis.firstExit(service, stays);
        if (firstSwitch === undefined) continue;
        report({
          path: firstSwitch.path,
          messageId: 'forced',
          data: { capability, channel, other: firstSwitch.channel ?? '', step: firstSwitch.id },
          relatedSteps: service.entries,
        });
      }
    }
  },
});
