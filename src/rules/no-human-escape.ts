import { actors, type Actor } from '../model/journey.js';
import { defineRule } from './define.js';
import { stepsClause } from './messages.js';

interface Options {
  humanActors: Actor[];
  automatedChannels?: string[];
}

export default defineRule<Options, 'noEscape'>({
  meta: {
    id: 'no-human-escape',
    category: 'broken',
    defaultSeverity: 'error',
    description: 'An automated channel (IVR, chatbot, kiosk) the customer cannot leave for a person.',
    rationale:
      'Phone menus and chatbots with no way to a person are the most common complaint customers make about service: the bot ' +
      'handles the simple cases and traps everyone else. A customer whose problem does not fit the menu must always be able ' +
      'to reach someone who can help, or the automation turns a question into a complaint. The rule reports once where the ' +
      'customer enters an automated stretch with no way to a person (the start, or a step reached from outside the stretch), ' +
      'not at every menu node, and lists the other stuck steps. A person is a step of a human actor (`agent` by default) ' +
      'outside the automated channels: an `agent` step delivered by the chatbot is still the bot. Parts of the journey no ' +
      'path reaches are left to unreachable-step.',
    fix:
      'Add a branch from the automated steps (for example "speak to an agent", "none of these") to a step with `actor: agent` ' +
      'in a staffed channel such as phone, chat or store.',
    messages: {
      noEscape:
        "customers who enter the {{channel}} at step '{{step}}' have no way to a person (no {{humans}} step in a staffed channel follows){{others}}",
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        humanActors: {
          type: 'array',
          items: { type: 'string', enum: actors },
          uniqueItems: true,
          description: 'Actors that count as a person the customer can talk to.',
        },
        automatedChannels: {
          type: 'array',
          items: { type: 'string' },
          uniqueItems: true,
          description: 'Channels treated as automated, replacing the channels whose traits say automated.',
        },
      },
    },
    defaultOptions: { humanActors: ['agent'] },
    priority: { fixScope: 'structural', effort: 3 },
    optionDocs: {
      humanActors: 'Actors that count as a person; a step of one of them outside an automated channel is a human route.',
      automatedChannels:
        'Channels treated as automated. Default: the channels whose traits say `automated` (ivr, chatbot, kiosk, plus config channels).',
    },
  },
  check({ analysis, options, report }) {
    const routeOptions = { humanActors: options.humanActors, ...(options.automatedChannels ? { automatedChannels: options.automatedChannels } : {}) };
    // Reported where the customer enters an automated stretch, not at every menu node inside it.
    for (const { step, others } of analysis.humanRoutes(routeOptions).entries) {
      report({
        path: step.path,
        messageId: 'noEscape',
        data: {
          step: step.id,
          channel: step.channel ?? 'automated channel',
          humans: options.humanActors.length === 0 ? 'human' : options.humanActors.join(' or '),
          others: others.length === 0 ? '' : `; ${stepsClause(others, 7)} stuck too`,
        },
        relatedSteps: others,
      });
    }
  },
});
