import type { Step } from './journey.js';

/** A `resolved` end. */
export const isResolvedEnd = (step: Step): boolean => step.kind === 'end' && step.outcome === 'resolved';

/** A person the customer can turn to: a front-line agent step. */
export const isPerson = (step: Step): boolean => step.actor === 'agent';

/** A step that tells the customer something: it shows a `message`, or is a `kind: message` step. */
export const tellsTheCustomer = (step: Step): boolean => step.message !== undefined || step.kind === 'message';
