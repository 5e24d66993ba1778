import type { Rule } from './define.js';
import deadEnd from './dead-end.js';
import duplicateStep from './duplicate-step.js';
import excessHandoffs from './excess-handoffs.js';
import needlessApproval from './needless-approval.js';
import passThroughStep from './pass-through-step.js';
import pathTooLong from './path-too-long.js';
import piiNotUsed from './pii-not-used.js';
import piiWithoutPurpose from './pii-without-purpose.js';
import repeatedDataRequest from './repeated-data-request.js';
import unknownStep from './unknown-step.js';
import unreachableStep from './unreachable-step.js';

/** The explicit registry of built-in rules, in catalog order. */
export const builtinRules: readonly Rule[] = [
  // Broken
  unknownStep,
  unreachableStep,
  deadEnd,
  // Redundant
  duplicateStep,
  repeatedDataRequest,
  excessHandoffs,
  needlessApproval,
  passThroughStep,
  pathTooLong,
  // Channel-inconsistent
  // Privacy
  piiWithoutPurpose,
  piiNotUsed,
];

export function findRule(rules: readonly Rule[], id: string): Rule | undefined {
  return rules.find((rule) => rule.meta.id === id);
}
