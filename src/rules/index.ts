import type { Rule } from './define.js';
import capabilityGap from './capability-gap.js';
import dataSilo from './data-silo.js';
import forcedChannelSwitch from './forced-channel-switch.js';
import messageDrift from './message-drift.js';
import outcomeMismatch from './outcome-mismatch.js';
import policyDrift from './policy-drift.js';
import slaDrift from './sla-drift.js';
import deadEnd from './dead-end.js';
import decisionWithoutBranches from './decision-without-branches.js';
import failPointUnhandled from './fail-point-unhandled.js';
import missingEnd from './missing-end.js';
import noHumanEscape from './no-human-escape.js';
import silentWait from './silent-wait.js';
import trapLoop from './trap-loop.js';
import unansweredContact from './unanswered-contact.js';
import unknownStep from './unknown-step.js';
import unownedStep from './unowned-step.js';
import unreachableStep from './unreachable-step.js';

/** The explicit registry of built-in rules, in catalog order. */
export const builtinRules: readonly Rule[] = [
  // Broken
  unknownStep,
  unreachableStep,
  deadEnd,
  trapLoop,
  missingEnd,
  decisionWithoutBranches,
  noHumanEscape,
  unansweredContact,
  failPointUnhandled,
  unownedStep,
  silentWait,
  // Redundant
  // Channel-inconsistent
  capabilityGap,
  forcedChannelSwitch,
  messageDrift,
  policyDrift,
  slaDrift,
  dataSilo,
  outcomeMismatch,
  // Privacy
];

export function findRule(rules: readonly Rule[], id: string): Rule | undefined {
  return rules.find((rule) => rule.meta.id === id);
}
