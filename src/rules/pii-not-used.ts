import { defineRule } from './define.js';

interface PiiNotUsedOptions {
  requireStores: boolean;
}

export default defineRule<PiiNotUsedOptions, 'unused'>({
  meta: {
    id: 'pii-not-used',
    category: 'privacy',
    defaultSeverity: 'warning',
    description: 'Personal data collected that no later step requires and no system on the way stores.',
    rationale:
      'Every personal item asked for is effort for the customer and a liability for the company: data minimisation ' +
      '(GDPR Article 5(1)(c)) says collect only what is needed. Asking for information that is never used is the kind of ' +
      'effort customers resent most (Dixon, Freeman and Toman, HBR 2010). An item collected at a step is used when that ' +
      'step or a step reachable from it `uses` a system that stores the item (its `stores` list names it; a system with no ' +
      '`stores` list, in the journey or the config, is taken to store what its users collect), or when a later step ' +
      '(reachable from it) lists the item in `requires`.',
    fix: 'Stop asking for the item, or show where it goes: list it in `requires` on the step that needs it, or in the `stores` of the system the journey writes it to.',
    messages: {
      unused: "step '{{step}}' collects personal data '{{item}}' that no later step requires and no system on the way stores: stop asking for it, or show where it is used",
    },
    priority: { fixScope: 'quick', effort: 1 },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { requireStores: { type: 'boolean' } },
    },
    defaultOptions: { requireStores: false },
    optionDocs: {
      requireStores:
        'Count a system as using an item only when its `stores` list names the item. By default a system with no `stores` list is taken to store what its users collect.',
    },
  },
  check({ analysis, options, report }) {
    for (const { step, entry } of analysis.unusedPersonalData(options)) {
      report({ path: entry.path, step, messageId: 'unused', data: { step: step.id, item: entry.item } });
    }
  },
});
