import type { Rule } from './define.js';
import capabilityGap from './capability-gap.js';
import chaseLoop from './chase-loop.js';
import dataSilo from './data-silo.js';
import deadEnd from './dead-end.js';
import decisionWithoutBranches from './decision-without-branches.js';
import duplicateStep from './duplicate-step.js';
import excessHandoffs from './excess-handoffs.js';
import failPointUnhandled from './fail-point-unhandled.js';
import failureWithoutRecovery from './failure-without-recovery.js';
import forcedChannelSwitch from './forced-channel-switch.js';
import messageDrift from './message-drift.js';
import missingEnd from './missing-end.js';
import needlessApproval from './needless-approval.js';
import noHumanEscape from './no-human-escape.js';
import outcomeMismatch from './outcome-mismatch.js';
import passThroughStep from './pass-through-step.js';
import pathTooLong from './path-too-long.js';
import piiNotUsed from './pii-not-used.js';
import piiWithoutPurpose from './pii-without-purpose.js';
import policyDrift from './policy-drift.js';
import repeatedDataRequest from './repeated-data-request.js';
import sensitiveDataChannel from './sensitive-data-channel.js';
import silentRejection from './silent-rejection.js';
import silentWait from './silent-wait.js';
import slaDrift from './sla-drift.js';
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
  silentRejection,
  failureWithoutRecovery,
  // Redundant
  duplicateStep,
  repeatedDataRequest,
  excessHandoffs,
  needlessApproval,
  passThroughStep,
  pathTooLong,
  chaseLoop,
  // Channel-inconsistent
  capabilityGap,
  forcedChannelSwitch,
  messageDrift,
  policyDrift,
  slaDrift,
  dataSilo,
  outcomeMismatch,
  // Privacy
  piiWithoutPurpose,
  piiNotUsed,
  sensitiveDataChannel,
];

export function findRule(rules: readonly Rule[], id: string): Rule | undefined {
  return rules.find((rule) => rule.meta.id === id);
}
