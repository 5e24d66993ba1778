import type { Finding, Severity } from '../types.js';

export interface PrioritisedFix {
  journey: string;
  finding: Finding;
  kind: 'quick' | 'structural';
  score: number;
}

/**
 * Rules whose fix changes the journey's shape across several steps, channels or departments.
 * Everything else is fixed on one step: add an owner, a promise, a message, a failure branch.
 */
const structuralRules = new Set([
  'trap-loop',
  'missing-end',
  'no-human-escape',
  'capability-gap',
  'forced-channel-switch',
  'excess-handoffs',
  'path-too-long',
  'policy-drift',
  'data-silo',
  'outcome-mismatch',
  'duplicate-step',
  'needless-approval',
]);

/** How much a rule's problem adds to the customer's effort (repeating, waiting, being passed on). */
const effortWeight: Record<string, number> = {
  'no-human-escape': 3,
  'repeated-data-request': 3,
  'excess-handoffs': 3,
  'forced-channel-switch': 3,
  'trap-loop': 3,
  'capability-gap': 2,
  'needless-approval': 2,
  'silent-wait': 2,
  'unanswered-contact': 2,
  'path-too-long': 2,
  'duplicate-step': 2,
};

const severityWeight: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** Ranks findings by severity × customer impact (steps touched + effort weight), highest first; ties by journey and message. */
export function prioritise(journeys: ReadonlyArray<{ id: string; findings: readonly Finding[] }>): PrioritisedFix[] {
  const fixes: PrioritisedFix[] = [];
  for (const journey of journeys) {
    for (const finding of journey.findings) {
      if (finding.suppressed || finding.category === 'input' || finding.category === 'suppression') continue;
      const stepsTouched = (finding.step ? 1 : 0) + (finding.relatedSteps?.length ?? 0);
      const impact = 1 + Math.min(stepsTouched, 10) + (effortWeight[finding.ruleId] ?? 1);
      fixes.push({
        journey: journey.id,
        finding,
        kind: structuralRules.has(finding.ruleId) ? 'structural' : 'quick',
        score: severityWeight[finding.severity] * impact,
      });
    }
  }
  return fixes.sort((a, b) => b.score - a.score || a.journey.localeCompare(b.journey) || a.finding.line - b.finding.line);
}
