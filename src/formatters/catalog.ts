import { engineRules, type EngineRuleDoc } from '../engine/engine-rules.js';
import type { Rule } from '../rules/define.js';

/** One entry of the catalog a machine format describes: built-in and plugin rules plus the engine's own checks. */
export type CatalogEntry = EngineRuleDoc;

export function ruleCatalog(rules: readonly Rule[]): CatalogEntry[] {
  const entries: CatalogEntry[] = rules.map(({ meta }) => ({
    id: meta.id,
    category: meta.category,
    defaultSeverity: meta.defaultSeverity,
    description: meta.description,
    rationale: meta.rationale,
    fix: meta.fix,
  }));
  for (const entry of engineRules) if (!entries.some((known) => known.id === entry.id)) entries.push({ ...entry });
  return entries;
}

/** Where the project and its rule documentation live. */
export const projectUrl = 'https://github.com/journey-audit/journey-audit';

export function ruleDocsUrl(ruleId: string): string {
  return `${projectUrl}/blob/main/docs/rules/${ruleId}.md`;
}
