import type { RuleMeta, RulePriority } from '../rules/define.js';
import type { Finding, Severity } from '../types.js';

export interface PrioritisedFix {
  journey: string;
  finding: Finding;
  kind: RulePriority['fixScope'];
  score: number;
}

/** What a rule without `priority` in its meta counts as (plugin rules, the engine's own checks): a quick fix of effort 1. */
const defaultPriority: RulePriority = { fixScope: 'quick', effort: 1 };

const severityWeight: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/**
 * Ranks findings by severity × customer impact (steps touched + the rule's effort), highest first; ties by journey
 * and line. Fix scope and effort come from each rule's meta (`priority`).
 */
export function prioritise(journeys: ReadonlyArray<{ id: string; findings: readonly Finding[] }>, rules: ReadonlyArray<Pick<RuleMeta<object>, 'id' | 'priority'>>): PrioritisedFix[] {
  const priorityOf = new Map(rules.map((rule) => [rule.id, rule.priority ?? defaultPriority]));
  const fixes: PrioritisedFix[] = [];
  for (const journey of journeys) {
    for (const finding of journey.findings) {
      if (finding.suppressed || finding.category === 'input' || finding.category === 'suppression') continue;
      const priority = priorityOf.get(finding.ruleId) ?? defaultPriority;
      const stepsTouched = (finding.step ? 1 : 0) + (finding.relatedSteps?.length ?? 0);
      const impact = 1 + Math.min(stepsTouched, 10) + priority.effort;
      fixes.push({ journey: journey.id, finding, kind: priority.fixScope, score: severityWeight[finding.severity] * impact });
    }
  }
  return fixes.sort((a, b) => b.score - a.score || a.journey.localeCompare(b.journey) || a.finding.line - b.finding.line);
}
