import { builtinSensitive, sensitiveItems, traitsOf } from '../model/channels.js';
import { defineRule } from './define.js';

export default defineRule({
  meta: {
    id: 'sensitive-data-channel',
    category: 'privacy',
    defaultSeverity: 'warning',
    description: 'A sensitive item (card number, password, national id, health data, ...) is collected in an insecure channel.',
    rationale:
      'A card number in an e-mail, a passport scan sent by SMS or a diagnosis in a social-media thread stays in inboxes, ' +
      'phones and backups nobody controls, and is the raw material of fraud and identity theft; card schemes (PCI DSS) and ' +
      'data-protection law (GDPR article 9 and 32) forbid it or demand protection these channels cannot give. Flagged: a ' +
      'step in a channel with the `insecure` trait (email, sms and social by default) that collects a sensitive item. The ' +
      `sensitive items built in: ${builtinSensitive.join(', ')}; the config's \`sensitive\` list adds more, and \`channels\` ` +
      'can mark other channels `insecure: true` (or a built-in one `insecure: false`).',
    fix:
      'Collect the item in a secure channel instead: a signed-in web page or the app, a payment page or terminal, the phone ' +
      'with an agent, or a secure upload link sent by e-mail (the link, not the data, travels by e-mail).',
    priority: { fixScope: 'structural', effort: 1 },
    messages: {
      insecure: "step '{{step}}' collects {{item}} by {{channel}}, which is no place for sensitive data: ask for it in a secure channel",
    },
    reads: 'step',
  },
  check({ journey, settings, report }) {
    const sensitive = new Set(sensitiveItems(settings));
    for (const step of journey.steps) {
      if (step.collects.length === 0 || traitsOf(settings, step.channel).insecure !== true) continue;
      for (const collected of step.collects) {
        if (!sensitive.has(collected.item)) continue;
        report({ path: collected.path, step, messageId: 'insecure', data: { step: step.id, item: `'${collected.item}'`, channel: step.channel ?? '' } });
      }
    }
  },
});
