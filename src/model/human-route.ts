import type { JourneyAnalysis } from './analysis.js';
import type { JourneySettings } from './channels.js';
import { reachableFrom } from './graph.js';
import type { Step } from './journey.js';
import { listAt } from './lists.js';

export interface HumanRouteOptions {
  /** Actors that count as a person the customer can talk to. */
  humanActors: readonly string[];
  /** Channels treated as automated; default: the channels whose traits say `automated`. */
  automatedChannels?: readonly string[];
}

export const defaultHumanRouteOptions: HumanRouteOptions = { humanActors: ['agent'] };

export interface HumanRoutes {
  /** Steps in automated channels (reachable from the start) from which no human step can be reached, in file order. */
  stuck: Step[];
  /**
   * Where the customer enters a stuck stretch (the start, or a stuck step with a reachable predecessor that is not
   * stuck), in file order, each with the other steps of its stretch (stuck steps connected by edges either way) in flow order.
   */
  entries: Array<{ step: Step; others: Step[] }>;
}

function automatedChannelsOf(settings: JourneySettings, options: HumanRouteOptions): Set<string> {
  if (options.automatedChannels) return new Set(options.automatedChannels);
  return new Set(Object.entries(settings.channels).filter(([, traits]) => traits?.automated).map(([name]) => name));
}

/** True for a step where a person can help: a human actor outside the automated channels. */
function isHumanStep(step: Step, automated: ReadonlySet<string>, options: HumanRouteOptions): boolean {
  return step.actor !== undefined && options.humanActors.includes(step.actor) && !(step.channel !== undefined && automated.has(step.channel));
}

/**
 * The automated steps with no way to a person, and where customers enter them. One reverse breadth-first search from
 * every human step, then one search grouping the stuck steps: linear in steps + edges. Read it as
 * `JourneyAnalysis.humanRoutes(options)`.
 */
export function findHumanRoutes(analysis: JourneyAnalysis, options: HumanRouteOptions = defaultHumanRouteOptions): HumanRoutes {
  const { journey } = analysis;
  const automated = automatedChannelsOf(analysis.settings, options);
  if (automated.size === 0) return { stuck: [], entries: [] };
  const humans = journey.steps.filter((step) => isHumanStep(step, automated, options)).map((step) => step.index);
  const canReachHuman = reachableFrom(humans, analysis.adjacency.predecessors);
  const stuck = journey.steps.filter(
    (step) => step.channel !== undefined && automated.has(step.channel) && analysis.reachable[step.index] && !canReachHuman[step.index],
  );
  if (stuck.length === 0) return { stuck, entries: [] };

  const isStuck = new Uint8Array(journey.steps.length);
  for (const step of stuck) isStuck[step.index] = 1;
  const stretchOf = new Map<Step, Step[]>();
  for (const stretch of analysis.connectedGroups(stuck)) for (const member of stretch) stretchOf.set(member, stretch);
  const entries: HumanRoutes['entries'] = [];
  for (const step of stuck) {
    const isEntry = step.index === journey.start || listAt(analysis.adjacency.predecessors, step.index).some((before) => analysis.reachable[before] && !isStuck[before]);
    // Every stuck step is in one of the groups.
    if (isEntry) entries.push({ step, others: (stretchOf.get(step) ?? []).filter((member) => member !== step) });
  }
  return { stuck, entries };
}
