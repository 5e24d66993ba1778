import type { Step } from '../model/journey.js';

/** Wording shared by the rules' messages: one helper for each way a message names things. */

/** A name, id or message as messages quote it: in single quotes. */
export function quote(text: string): string {
  return `'${text}'`;
}

/** A step as messages name it: its id in single quotes. */
export function stepLabel(step: Step): string {
  return quote(step.id);
}

/**
 * Names joined with commas, cut short when there are more than `atMost`: the first `keep` (default `atMost`) and
 * "and N more" (or just "and more" when `count` is false).
 */
function listWithMore(names: readonly string[], atMost: number, { keep = atMost, count = true }: { keep?: number; count?: boolean } = {}): string {
  if (names.length <= atMost) return names.join(', ');
  return `${names.slice(0, keep).join(', ')} and ${count ? `${names.length - keep} ` : ''}more`;
}

/** Steps' labels joined with commas, cut short as listWithMore() does. */
export function listSteps(steps: readonly Step[], atMost: number, options?: { keep?: number; count?: boolean }): string {
  return listWithMore(steps.map(stepLabel), atMost, options);
}

/** Names joined for reading: 'web', 'web and app', 'web, app and store'. */
export function listChannels(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The channels followed by the right noun: 'web channel', 'web and app channels'. */
export function channelsPhrase(names: readonly string[]): string {
  return `${listChannels(names)} ${names.length === 1 ? 'channel' : 'channels'}`;
}

/** "step 'a' is" or "steps 'a', 'b' are", for a clause about other steps: `${stepsClause(others, 7)} stuck too`. */
export function stepsClause(steps: readonly Step[], atMost: number, keep = atMost): string {
  return `${steps.length === 1 ? 'step' : 'steps'} ${listSteps(steps, atMost, { keep })} ${steps.length === 1 ? 'is' : 'are'}`;
}
