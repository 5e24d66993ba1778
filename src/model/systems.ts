import type { JourneyAnalysis } from './analysis.js';
import type { JourneySettings } from './channels.js';
import type { Journey, Step } from './journey.js';
import { isRecord } from '../util/text.js';

/** What the audit knows about one system a step `uses`. */
export interface SystemInfo {
  /** Every channel reads the same data from this system. */
  shared: boolean;
  /**
   * The data items the system stores, or undefined when neither the journey nor the config lists them:
   * an unlisted system is taken to store whatever the steps that use it collect.
   */
  stores?: ReadonlySet<string>;
}

/**
 * Resolves a system by name: the journey's own `systems` entry wins over the config catalog
 * (`settings.systems`). Undefined when neither declares it. The analysis keeps each answer (JourneyAnalysis.system).
 */
export function readSystemInfo(journey: Journey, settings: JourneySettings, name: string): SystemInfo | undefined {
  let info: SystemInfo | undefined;
  const ownSystems = isRecord(journey.data.systems) ? journey.data.systems : undefined;
  const own = ownSystems && Object.hasOwn(ownSystems, name) ? ownSystems[name] : undefined;
  const catalog = Object.hasOwn(settings.systems, name) ? settings.systems[name] : undefined;
  if (own !== undefined || catalog !== undefined) {
    const ownFields = isRecord(own) ? own : undefined;
    const declared = ownFields ?? catalog ?? {};
    const storesList = Array.isArray(declared.stores) ? declared.stores.filter((item): item is string => typeof item === 'string') : undefined;
    info = { shared: declared.shared === true };
    if (storesList) info.stores = new Set(storesList);
  }
  return info;
}

/** True when the system keeps `item`: it lists it in `stores`, or it lists nothing (unknown contents). */
export function systemStores(info: SystemInfo | undefined, item: string): boolean {
  return info?.stores === undefined || info.stores.has(item);
}

/** True when the step writes `item` to a system marked `shared: true` that stores it. */
export function capturedInSharedSystem(analysis: JourneyAnalysis, step: Step, item: string): boolean {
  for (const name of step.uses) {
    const info = analysis.system(name);
    if (info?.shared && systemStores(info, item)) return true;
  }
  return false;
}
