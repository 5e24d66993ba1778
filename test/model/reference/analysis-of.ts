import { JourneyAnalysis } from '../../../src/model/analysis.js';
import { defaultSettings, type JourneySettings } from '../../../src/model/channels.js';
import type { Journey } from '../../../src/model/journey.js';

/**
 * One analysis per journey and settings for the reference implementations, which take a journey where the product's
 * code takes its analysis: they read the graph basics (adjacency, reachability, flow order) from the product.
 */
const analyses = new WeakMap<Journey, Map<JourneySettings, JourneyAnalysis>>();

export function analyse(journey: Journey, settings: JourneySettings = defaultSettings): JourneyAnalysis {
  let bySettings = analyses.get(journey);
  if (!bySettings) analyses.set(journey, (bySettings = new Map()));
  let analysis = bySettings.get(settings);
  if (!analysis) bySettings.set(settings, (analysis = new JourneyAnalysis(journey, settings)));
  return analysis;
}

export function flowRanks(journey: Journey): Uint32Array {
  return analyse(journey).flowRanks;
}
