import { analyse, reachableFrom } from './graph.js';
import type { Journey, Step } from './journey.js';

/**
 * Steps from which a step matching `isTarget` can be reached (the target itself included): one breadth-first search
 * backwards from all targets at once, linear in steps and edges, shared per `key` through the journey analysis.
 */
export function canReach(journey: Journey, key: string, isTarget: (step: Step) => boolean): Uint8Array {
  const analysis = analyse(journey);
  return analysis.shared(`can-reach\u0000${key}`, () => {
    const targets: number[] = [];
    for (const step of journey.steps) if (isTarget(step)) targets.push(step.index);
    return reachableFrom(targets, analysis.adjacency.predecessors);
  });
}

/** A `resolved` end. */
export const isResolvedEnd = (step: Step): boolean => step.kind === 'end' && step.outcome === 'resolved';

/** A person the customer can turn to: a front-line agent step. */
export const isPerson = (step: Step): boolean => step.actor === 'agent';

/** A step that tells the customer something: it shows a `message`, or is a `kind: message` step. */
export const tellsTheCustomer = (step: Step): boolean => step.message !== undefined || step.kind === 'message';
