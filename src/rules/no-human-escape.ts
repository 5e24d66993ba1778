import { flowRanks } from '../model/flow-order.js';
import { automatedStepsWithoutHumanRoute } from '../model/human-route.js';
import type { Actor, Step } from '../model/journey.js';
import { defineRule } from './define.js';

interface Options {
  humanActors: Actor[];
  automatedChannels?: string[];
}

const actorNames: Actor[] = ['customer', 'agent', 'backstage', 'system', 'partner'];

export default defineRule<Options>({
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
          items: { type: 'string', enum: actorNames },
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
    optionDocs: {
      humanActors: 'Actors that count as a person; a step of one of them outside an automated channel is a human route.',
      automatedChannels:
        'Channels treated as automated. Default: the channels whose traits say `automated` (ivr, chatbot, kiosk, plus config channels).',
    },
  },
  check({ journey, analysis, options, settings, report }) {
    const routeOptions = { humanActors: options.humanActors, ...(options.automatedChannels ? { automatedChannels: options.automatedChannels } : {}) };
    const stuck = automatedStepsWithoutHumanRoute(journey, settings, routeOptions);
    if (stuck.length === 0) return;
    const isStuck = new Uint8Array(journey.steps.length);
    for (const step of stuck) isStuck[step.index] = 1;
    const { successors, predecessors } = analysis.adjacency;

    // Group the stuck steps into connected stretches (edges in either direction), so each finding can list its stretch.
    const stretchOf = new Int32Array(journey.steps.length).fill(-1);
    // Each stretch lists its steps in flow order, whatever the order of the file.
    const ranks = flowRanks(journey);
    const stretches: Step[][] = [];
    for (const step of stuck) {
      if (stretchOf[step.index] !== -1) continue;
      const members: number[] = [step.index];
      stretchOf[step.index] = stretches.length;
      for (let head = 0; head < members.length; head++) {
        const node = members[head]!;
        for (const neighbour of [...successors[node]!, ...predecessors[node]!]) {
          if (isStuck[neighbour] && stretchOf[neighbour] === -1) {
            stretchOf[neighbour] = stretches.length;
            members.push(neighbour);
          }
        }
      }
      stretches.push(members.sort((a, b) => ranks[a]! - ranks[b]!).map((index) => journey.steps[index]!));
    }

    for (const step of stuck) {
      // Report where the customer enters the automated stretch, not at every menu node inside it.
      const isEntry =
        step.index === journey.start || predecessors[step.index]!.some((before) => analysis.reachable[before] && !isStuck[before]);
      if (!isEntry) continue;
      const others = stretches[stretchOf[step.index]!]!.filter((member) => member !== step);
      report({
        path: step.path,
        messageId: 'noEscape',
        data: {
          step: step.id,
          channel: step.channel ?? 'automated channel',
          humans: options.humanActors.length === 0 ? 'human' : options.humanActors.join(' or '),
          others: others.length === 0 ? '' : `; ${others.length === 1 ? 'step' : 'steps'} ${others.slice(0, 7).map((other) => `'${other.id}'`).join(', ')}${others.length > 7 ? ` and ${others.length - 7} more` : ''} ${others.length === 1 ? 'is' : 'are'} stuck too`,
        },
        relatedSteps: others,
      });
    }
  },
});
