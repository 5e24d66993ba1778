import { traitsOf } from '../model/channels.js';
import { isCyclic } from '../model/graph.js';
import { tellsTheCustomer } from '../model/step-facts.js';
import { stepLabel } from './messages.js';
import { defineRule } from './define.js';

export default defineRule({
  meta: {
    id: 'chase-loop',
    category: 'redundant',
    defaultSeverity: 'warning',
    description: 'The customer has to chase: a loop through a customer contact in which nobody gives news or a promise.',
    rationale:
      '"Where is my order?" answered with nothing until the customer calls again is the most expensive contact a company has: ' +
      'it exists only because the customer was not told. Every round of the loop is another call, e-mail or visit, and ' +
      'another chance to give up. Flagged: a loop the start can reach, with a way out to an end, that passes a customer step ' +
      'in a contact channel (a channel with the `contact` trait, where the customer addresses the company: phone, email, ' +
      'chat, sms, social, mail and store by default) while no step of the loop shows a `message` (or is a `kind: message` ' +
      'step) or promises a response time (`sla`). Loops with no way out are trap-loop\'s.',
    fix:
      'Break the chase: tell the customer in the loop (a status `message`, a proactive update) or promise when they will hear ' +
      'back (an `sla` on the step that takes the contact), so they have no reason to ask again.',
    priority: { fixScope: 'quick', effort: 3 },
    messages: {
      chase:
        "customers who contact you at step '{{step}}' ({{channel}}) go round {{loop}} with no news and no promise: no step of the loop shows a `message` or carries an `sla`",
    },
  },
  check({ analysis, settings, report }) {
    const { components, reachable, canReachEnd } = analysis;
    const { successors } = analysis.adjacency;
    components.members.forEach((members, component) => {
      if (!isCyclic(components, component, successors)) return;
      const steps = members.map((index) => analysis.step(index));
      // All steps of a component reach the same steps, so any member answers for the whole component.
      if (!steps.some((step) => reachable[step.index] && canReachEnd[step.index])) return;
      // News or a promise anywhere in the loop answers the chase.
      if (steps.some((step) => tellsTheCustomer(step) || step.sla !== undefined)) return;
      // The contact the customer makes first in the flow.
      const contacts = steps.filter((step) => step.actor === 'customer' && traitsOf(settings, step.channel).contact === true);
      const step = analysis.firstInFlow(contacts.map((contact) => contact.index));
      if (step === undefined) return;
      const loop = analysis.shortestLoopThrough(step);
      report({
        path: step.path,
        messageId: 'chase',
        data: { step: step.id, channel: step.channel ?? '', loop: describeLoop(loop.map(stepLabel)) },
        relatedSteps: analysis.inFlowOrder(members),
      });
    });
  },
});

/** Longest loop spelled out step by step; longer loops show their first three and last two steps and their length. */
function describeLoop(names: readonly string[]): string {
  if (names.length <= 8) return names.join(' -> ');
  return `${names.slice(0, 3).join(' -> ')} -> ... -> ${names.slice(-2).join(' -> ')} (${names.length - 1} steps)`;
}
