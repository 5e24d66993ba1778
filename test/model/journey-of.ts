import { parse } from 'yaml';
import { buildJourney, type Journey } from '../../src/model/journey.js';

/** A journey model from YAML text, for model tests. */
export function journeyOf(text: string): Journey {
  return buildJourney(parse(text) as Record<string, unknown>);
}

export const ids = (journey: Journey, indices: Iterable<number>) => [...indices].map((index) => journey.steps[index]!.id);
