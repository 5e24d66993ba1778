import type { Step } from './journey.js';

/** Every owner change, back office included. */
export const anyOwner = (step: Step): string | undefined => step.owner;

/**
 * The department the customer meets at a step: the owner of the customer's own steps, of front-line (agent) steps and of
 * steps that show the customer a `message`. Back-office role changes the customer never sees keep the previous owner.
 */
export const ownerTheCustomerMeets = (step: Step): string | undefined =>
  step.actor === 'customer' || step.actor === 'agent' || step.message !== undefined ? step.owner : undefined;
