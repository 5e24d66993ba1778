import type { Journey } from '../model/journey.js';
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
  const knownChannels = Object.keys(settings.channels);
  const checkChannel = (channel: string, path: (string | number)[], where: string) => {
    if (!(channel in settings.channels)) {
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
