import type { Step } from '../model/journey.js';
import { defineRule } from './define.js';
import { listSteps } from './messages.js';

interface Options {
  asyncChannels?: string[];
  formChannels: string[];
}

export default defineRule<Options, 'noSla' | 'noHandler'>({
  meta: {
    id: 'unanswered-contact',
    category: 'broken',
    defaultSeverity: 'warning',
    description: 'A customer writes through an async channel and no step promises when they get an answer.',
    rationale:
      'An e-mail, a web form, a letter or a social post is a question the customer cannot follow up on: they do not know whether ' +
      'anyone read it or when to expect a reply, so they write again or call, doubling the work. A promised response time ' +
      '(`sla`) on the contact or on the step that handles it is what turns "we will get back to you" into a commitment someone owns. ' +
      'A contact is a customer step in an async channel, or a customer `kind: wait` step in a form channel (web). The steps ' +
      "that handle it are the steps reached from it before the customer's next step (any step whose actor is not the customer, " +
      'including steps without an actor, but not `end` steps); the contact is answered when it or one of them carries an `sla`. ' +
      'A contact right after a company message that collects nothing and is taken up only by system steps (a click on the ' +
      'verification link the message sent) is answered at once.',
    fix:
      'Add an `sla` (for example `sla: 1d`) to the customer step or to the company step that picks the contact up, and make ' +
      'sure a company step follows the contact.',
    messages: {
      noSla:
        "customer contact '{{step}}' by {{channel}} has no promised response time: neither it nor the company steps that handle it (from {{handlers}}) carry an `sla`",
      noHandler:
        "customer contact '{{step}}' by {{channel}} has no promised response time, and no company step follows it to handle it",
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        asyncChannels: {
          type: 'array',
          items: { type: 'string' },
          uniqueItems: true,
          description: 'Channels where a customer step is an async contact, replacing the channels whose traits say async.',
        },
        formChannels: {
          type: 'array',
          items: { type: 'string' },
          uniqueItems: true,
          description: 'Channels where a customer step is an async contact only when it is marked `kind: wait` (a web form).',
        },
      },
    },
    defaultOptions: { formChannels: ['web'] },
    priority: { fixScope: 'quick', effort: 2 },
    optionDocs: {
      asyncChannels:
        'Channels where every customer step is an async contact. Default: the channels whose traits say `async` (email, sms, social, mail, plus config channels).',
      formChannels: 'Channels where a customer step is an async contact only when it is marked `kind: wait`: a form sent and waited on.',
    },
  },
  check({ journey, analysis, options, settings, report }) {
    const asyncChannels = new Set(
      options.asyncChannels ?? Object.entries(settings.channels).filter(([, traits]) => traits?.async).map(([name]) => name),
    );
    const formChannels = new Set(options.formChannels);
    const isContact = (step: Step): boolean =>
      step.actor === 'customer' &&
      step.channel !== undefined &&
      (asyncChannels.has(step.channel) || (step.kind === 'wait' && formChannels.has(step.channel)));
    const contacts = journey.steps.filter(isContact);
    if (contacts.length === 0) return;

    // The steps that handle a contact are the non-customer steps reached from it before the customer's next step.
    // Instead of one search per contact, one reverse search from every non-customer step with an `sla`, through
    // non-customer steps only, marks each step from which such a promise is reached: linear in steps + edges.
    // An `end` step handles nothing: the journey stops there.
    const isCompany = (step: Step): boolean => step.actor !== 'customer' && step.kind !== 'end';
    const leadsToPromise = analysis.canReachThrough(
      journey.steps.filter((step) => isCompany(step) && step.sla !== undefined),
      isCompany,
    );

    for (const contact of contacts) {
      if (contact.sla !== undefined) continue;
      const handlers = analysis.successorsOf(contact).filter(isCompany);
      if (handlers.some((handler) => leadsToPromise[handler.index])) continue;
      // The customer following a company message's link (a verification click) carrying nothing, taken up at once by a
      // system, asks no question that waits for an answer.
      const answersCompanyMessage = analysis.predecessorsOf(contact).some((before) => before.actor !== 'customer' && before.message !== undefined);
      if (answersCompanyMessage && contact.collects.length === 0 && handlers.length > 0 && handlers.every((handler) => handler.actor === 'system')) continue;
      // A form contact is named as such: "by web form" reads better than "by web".
      const channel = contact.channel !== undefined && asyncChannels.has(contact.channel) ? contact.channel : `${contact.channel} form`;
      report(
        handlers.length === 0
          ? { path: contact.path, messageId: 'noHandler', data: { step: contact.id, channel } }
          : { path: contact.path, messageId: 'noSla', data: { step: contact.id, channel, handlers: listSteps([...new Set(handlers)], 5, { count: false }) } },
      );
    }
  },
});
