// @ts-check
// A custom rule for journey-audit: customers should never be asked to send a fax.
// Loaded only because journey-audit.config.yaml names it under `plugins:`.
import { defineRule } from 'journey-audit';

export default defineRule({
  meta: {
    id: 'no-fax',
    category: 'channel',
    defaultSeverity: 'warning',
    description: 'A customer step must not require a fax',
    rationale:
      'Few customers own a fax machine any more. A step that asks for a fax sends them to a copy shop or makes them give up, ' +
      'and the documents arrive as unreadable scans that someone re-types.',
    fix: 'Offer an upload in the web or app channel, or an e-mail address, for the same documents.',
    messages: {
      faxRequired: "step {{step}} asks the customer to send a fax; offer {{alternative}} instead",
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        channels: { type: 'array', items: { type: 'string' }, minItems: 1 },
        alternative: { type: 'string', minLength: 1 },
      },
    },
    defaultOptions: { channels: ['fax'], alternative: 'an upload on the web' },
    optionDocs: {
      channels: 'Channels that count as fax.',
      alternative: 'What the message suggests instead.',
    },
  },
  check({ journey, options, report }) {
    for (const step of journey.steps) {
      // Company-side steps may still receive faxes from partners; only the customer is spared.
      const customerStep = step.actor === undefined || step.actor === 'customer';
      if (customerStep && step.channel !== undefined && options.channels.includes(step.channel)) {
        report({ path: step.path, messageId: 'faxRequired', data: { step: `'${step.id}'`, alternative: options.alternative } });
      }
    }
  },
});
