import { edgeAt, type Journey } from '../model/journey.js';
import type { JourneySettings } from '../model/channels.js';
import type { SchemaProblem } from '../schema/validate.js';
import { didYouMean } from '../util/suggest.js';

/**
 * Checks the schema cannot express: unique step ids, a known start, channels and departments
 * from the catalogs. Reported with the schema problems (rule `schema`).
 */
export function checkReferences(journey: Journey, settings: JourneySettings): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const firstIndex = new Map<string, number>();
  for (const step of journey.steps) {
    const first = firstIndex.get(step.id);
    if (first === undefined) firstIndex.set(step.id, step.index);
    else problems.push({ path: ['steps', step.index, 'id'], target: 'value', message: `step id '${step.id}' is already used by step #${first + 1}; step ids must be unique` });
  }
  if (typeof journey.data.start === 'string' && journey.start < 0) {
    problems.push({ path: ['start'], target: 'value', message: `start names no step: '${journey.data.start}'${didYouMean(journey.data.start, journey.stepIndexById.keys())}` });
  }
  problems.push(...checkBranchProbabilities(journey));
  const knownChannels = Object.keys(settings.channels);
  const checkChannel = (channel: string, path: (string | number)[], where: string) => {
    if (!Object.hasOwn(settings.channels, channel)) {
      problems.push({ path, target: 'value', message: `${where} uses unknown channel '${channel}'${didYouMean(channel, knownChannels)} (declare custom channels under 'channels' in the config)` });
    }
  };
  journey.channels.forEach((channel, index) => checkChannel(channel, ['channels', index], 'the journey'));
  for (const step of journey.steps) {
    if (step.channel !== undefined) checkChannel(step.channel, ['steps', step.index, 'channel'], `step '${step.id}'`);
  }
  if (settings.departments && settings.departments.length > 0) {
    const departments = settings.departments;
    const checkOwner = (owner: string | undefined, path: (string | number)[], where: string) => {
      if (owner !== undefined && !departments.includes(owner)) {
        problems.push({ path, target: 'value', message: `${where} names unknown department '${owner}'${didYouMean(owner, departments)} (the config lists the departments)` });
      }
    };
    checkOwner(journey.owner, ['owner'], 'the journey');
    for (const step of journey.steps) checkOwner(step.owner, ['steps', step.index, 'owner'], `step '${step.id}'`);
  }
  return problems;
}

/** Branch probabilities are shares of the customers leaving a step; rounding within this is accepted. */
const probabilityTolerance = 0.01;

/**
 * The probabilities on a step's branches must add up to 1 when every branch has one, and may not
 * exceed 1 when only some have one (the others share the rest). Values outside 0..1 are left to the schema.
 */
function checkBranchProbabilities(journey: Journey): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  for (const step of journey.steps) {
    const branches = step.out.map((edgeIndex) => edgeAt(journey, edgeIndex));
    const given = branches.filter((edge) => edge.probability !== undefined).map((edge) => edge.probability ?? 0);
    if (given.length === 0 || given.some((probability) => probability < 0 || probability > 1)) continue;
    const sum = given.reduce((total, probability) => total + probability, 0);
    const shown = Number(sum.toFixed(4));
    if (given.length === branches.length && Math.abs(sum - 1) > probabilityTolerance) {
      problems.push({ path: ['steps', step.index, 'next'], target: 'key', message: `step '${step.id}': the branch probabilities add up to ${shown}; they must add up to 1` });
    } else if (given.length < branches.length && sum > 1 + probabilityTolerance) {
      problems.push({ path: ['steps', step.index, 'next'], target: 'key', message: `step '${step.id}': the branch probabilities add up to ${shown}, more than 1` });
    }
  }
  return problems;
}
