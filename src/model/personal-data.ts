import type { JourneySettings } from './channels.js';
import type { JourneyAnalysis } from './analysis.js';
import { reachableFrom } from './graph.js';
import type { CollectedItem, Step } from './journey.js';
import { listAt } from './lists.js';
import { systemStores } from './systems.js';

/** Personal data: the built-in list plus the config's `pii` catalog (both in settings.pii). */
export function isPersonal(settings: JourneySettings, item: string): boolean {
  return settings.pii.includes(item);
}

export interface UnusedPersonalData {
  step: Step;
  entry: CollectedItem;
}

export interface PersonalDataUseOptions {
  /** Only systems whose `stores` list names the item count; systems that list nothing do not. */
  requireStores: boolean;
}

/**
 * Personal items collected and never used. An item collected at step C is used when C or a step
 * reachable from C `uses` a system that stores it (a system whose `stores` is not given, in the
 * journey or the config, is taken to store what its users collect, unless `requireStores`), or when
 * a step reachable from C by at least one edge lists the item in `requires`.
 *
 * Per distinct personal item: one backward breadth-first search from the steps that store it and
 * one from the steps that require it, so O(items x (steps + edges)); systems with unknown contents
 * are searched once for all items. Read it as `JourneyAnalysis.unusedPersonalData(options)`.
 */
export function findUnusedPersonalData(analysis: JourneyAnalysis, options: PersonalDataUseOptions): UnusedPersonalData[] {
  const { journey, settings } = analysis;
  const { successors, predecessors } = analysis.adjacency;
  const collected = new Map<string, UnusedPersonalData[]>();
  for (const step of journey.steps) {
    for (const entry of step.collects) {
      if (!isPersonal(settings, entry.item)) continue;
      const list = collected.get(entry.item);
      if (list) list.push({ step, entry });
      else collected.set(entry.item, [{ step, entry }]);
    }
  }
  if (collected.size === 0) return [];

  const storesAnything = (name: string) => {
    const info = analysis.system(name);
    return !options.requireStores && info?.stores === undefined;
  };
  const canReachOpenSystem = reachableFrom(
    journey.steps.filter((step) => step.uses.some(storesAnything)).map((step) => step.index),
    predecessors,
  );

  const unused: UnusedPersonalData[] = [];
  for (const [item, collections] of collected) {
    const storing = journey.steps.filter((step) =>
      step.uses.some((name) => {
        const info = analysis.system(name);
        return info?.stores !== undefined && systemStores(info, item);
      }),
    );
    const canReachStore = reachableFrom(storing.map((step) => step.index), predecessors);
    const canReachRequire = reachableFrom(journey.steps.filter((step) => step.requires.includes(item)).map((step) => step.index), predecessors);
    for (const collection of collections) {
      const at = collection.step.index;
      if (canReachOpenSystem[at] || canReachStore[at]) continue;
      if (listAt(successors, at).some((next) => canReachRequire[next])) continue;
      unused.push(collection);
    }
  }
  unused.sort((a, b) => a.step.index - b.step.index || compareCollected(a.entry, b.entry));
  return unused;
}

function compareCollected(a: CollectedItem, b: CollectedItem): number {
  return Number(a.path[3]) - Number(b.path[3]);
}
