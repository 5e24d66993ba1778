import type { JourneySettings } from './channels.js';
import { analyse, reachableFrom } from './graph.js';
import type { Journey, Step } from './journey.js';

export interface HumanRouteOptions {
  /** Actors that count as a person the customer can talk to. */
  humanActors: readonly string[];
  /** Channels treated as automated; default: the channels whose traits say `automated`. */
  automatedChannels?: readonly string[];
}

export const defaultHumanRouteOptions: HumanRouteOptions = { humanActors: ['agent'] };

export function automatedChannelsOf(settings: JourneySettings, options: HumanRouteOptions): Set<string> {
  if (options.automatedChannels) return new Set(options.automatedChannels);
  return new Set(Object.entries(settings.channels).filter(([, traits]) => traits?.automated).map(([name]) => name));
}

/** True for a step where a person can help: a human actor outside the automated channels. */
export function isHumanStep(step: Step, automated: ReadonlySet<string>, options: HumanRouteOptions): boolean {
  return step.actor !== undefined && options.humanActors.includes(step.actor) && !(step.channel !== undefined && automated.has(step.channel));
}

/**
 * Steps in automated channels (reachable from the start) from which no human step can be reached.
 * One reverse breadth-first search from every human step: linear in steps + edges.
 */
export function automatedStepsWithoutHumanRoute(journey: Journey, settings: JourneySettings, options: HumanRouteOptions = defaultHumanRouteOptions): Step[] {
  const automated = automatedChannelsOf(settings, options);
  if (automated.size === 0) return [];
  const analysis = analyse(journey);
  const humans = journey.steps.filter((step) => isHumanStep(step, automated, options)).map((step) => step.index);
  const canReachHuman = reachableFrom(humans, analysis.adjacency.predecessors);
  return journey.steps.filter(
    (step) => step.channel !== undefined && automated.has(step.channel) && analysis.reachable[step.index] && !canReachHuman[step.index],
  );
}
