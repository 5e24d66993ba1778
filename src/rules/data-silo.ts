import type { Step } from '../model/journey.js';
import { defineRule } from './define.js';

interface Options {
  undeclaredSystems: 'ignore' | 'silo';
}

/** Captures of one channel into one system that is not shared. */
interface CaptureGroup {
  system: string;
  channel: string;
  steps: Step[];
  items: Set<string>;
}

export default defineRule<Options, 'silo'>({
  meta: {
    id: 'data-silo',
    category: 'channel',
    defaultSeverity: 'warning',
    description: 'A step reads data captured in another channel from a system that is not shared across channels.',
    rationale:
      'The customer gave their details once, to the company. If the store wrote them into a point-of-sale system the call ' +
      'centre cannot see, the agent asks again, or acts on nothing. One relationship, many channels: customer data locked ' +
      "in one channel's system breaks the promise that every channel knows the customer.",
    fix:
      'Store the data in a system every channel reads (mark it `shared: true` under `systems` once it is), or have the step ' +
      'in the other channel read it from a shared system; as a last resort, make the hand-over explicit (a handoff step that ' +
      'copies the data) instead of assuming it.',
    messages: {
      silo:
        "step '{{step}}' in the {{channel}} channel reads {{system}}, which is not shared across channels, for data captured in the {{sourceChannel}} channel (step '{{source}}' collects {{items}})",
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { undeclaredSystems: { enum: ['ignore', 'silo'] } },
    },
    defaultOptions: { undeclaredSystems: 'ignore' },
    priority: { fixScope: 'structural', effort: 1 },
    optionDocs: {
      undeclaredSystems:
        'How to treat a system that neither the journey (`systems`) nor the config declares: `ignore` it (no evidence of a silo), ' +
        'or treat it as a `silo` (not shared).',
    },
  },
  check({ journey, analysis, options, settings, report }) {
    /** A system is a silo when its declaration (the journey's first, then the config's) does not say `shared: true`. */
    const declaration = (system: string): { shared?: boolean; stores?: readonly string[] } | undefined =>
      journey.systems[system] ?? settings.systems[system];
    const isSilo = (system: string): boolean => {
      const declared = declaration(system);
      return declared ? declared.shared !== true : options.undeclaredSystems === 'silo';
    };

    // Group the captures: a step with a channel that collects data and uses a silo system. When the system lists what it
    // `stores`, only those collected items are captured in it.
    const groups = new Map<string, CaptureGroup>();
    for (const step of journey.steps) {
      if (step.channel === undefined || step.collects.length === 0) continue;
      for (const system of new Set(step.uses)) {
        if (!isSilo(system)) continue;
        const stores = declaration(system)?.stores ?? [];
        const items = step.collects.map((collected) => collected.item).filter((item) => stores.length === 0 || stores.includes(item));
        if (items.length === 0) continue;
        const key = `${system}\u0000${step.channel}`;
        let group = groups.get(key);
        if (!group) groups.set(key, (group = { system, channel: step.channel, steps: [], items: new Set() }));
        group.steps.push(step);
        for (const item of items) group.items.add(item);
      }
    }

    // Each step reached from a capture remembers the capture it was first reached from (model/walks.ts). A later step in
    // another channel that uses the same system reads the captured data, unless it lists `requires` and none of them was
    // captured there.
    for (const group of groups.values()) {
      for (const { step, source } of analysis.reachedFrom(group.steps)) {
        if (step.channel === undefined || step.channel === group.channel || !step.uses.includes(group.system)) continue;
        if (step.requires.length > 0 && !step.requires.some((item) => group.items.has(item))) continue;
        report({
          path: step.path,
          messageId: 'silo',
          data: {
            step: step.id,
            channel: step.channel,
            system: group.system,
            sourceChannel: group.channel,
            source: source.id,
            items: source.collects.map((collected) => collected.item).filter((item) => group.items.has(item)).join(', '),
          },
          relatedSteps: [source],
        });
      }
    }
  },
});
