import branchDrift from './branch-drift.js';
import type { ReplayRule } from './define.js';
import durationDrift from './duration-drift.js';
import fitness from './fitness.js';
import repeatContact from './repeat-contact.js';
import skippedStep from './skipped-step.js';
import slaBreach from './sla-breach.js';
import stuckCases from './stuck-cases.js';
import undeclaredTransition from './undeclared-transition.js';
import unknownActivity from './unknown-activity.js';

/**
 * The replay rules, in catalog order. They are not in the static audit's registry: they need an event log, so only
 * `journey-audit replay` runs them; `rules` lists them in a section of their own and `explain` explains them.
 */
export const replayRules: readonly ReplayRule[] = [
  fitness,
  unknownActivity,
  undeclaredTransition,
  skippedStep,
  slaBreach,
  durationDrift,
  branchDrift,
  repeatContact,
  stuckCases,
];
