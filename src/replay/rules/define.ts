import type { JourneySettings } from '../../model/channels.js';
import type { Journey, Step } from '../../model/journey.js';
import type { RuleMeta, RuleReport } from '../../rules/define.js';
import { formatDuration } from '../../util/text.js';
import type { LivedJourney } from '../replay.js';

/**
 * A replay rule has the same meta as a built-in rule (docs, `explain`, severities, options schema) but reads what was
 * lived rather than only what is declared, so it runs in `journey-audit replay`, never in the static audit.
 */
interface ReplayRuleContext<Options extends object> {
  journey: Journey;
  lived: LivedJourney;
  options: Options;
  settings: JourneySettings;
  report(report: RuleReport): void;
}

// The registry holds replay rules of every options type, as the built-in registry does.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface ReplayRule<Options extends object = any> {
  meta: RuleMeta<Options> & { category: 'replay' };
  check(context: ReplayRuleContext<Options>): void;
}

export function defineReplayRule<Options extends object>(rule: ReplayRule<Options>): ReplayRule<Options> {
  return rule;
}

/** 0.2345 -> '23.5%'. */
export function percent(share: number): string {
  return `${Number((share * 100).toFixed(1))}%`;
}

/** Seconds as the journey's duration notation ('2.5h', '3d'). */
export function seconds(value: number | undefined): string {
  if (value === undefined) return 'unknown';
  return value < 60 ? `${Math.round(value)}s` : formatDuration(value / 60);
}

/** The path of a step's field (the engine points at its value). */
export function fieldPath(step: Step, field: string): RuleReport['path'] {
  return [...step.path, field];
}

/** '1 case', '12 cases'. */
export function cases(count: number): string {
  return count === 1 ? '1 case' : `${count} cases`;
}
