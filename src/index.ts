/** The public, pure-where-possible API of journey-audit. The CLI is a thin shell over it. */

export type { AuditedFile } from './engine/engine.js';
export { loadConfig, findConfigFile, configForFile, ConfigError, type LoadedConfig } from './config/load.js';
export { loadConfigWithPlugins } from './config/plugins.js';
export { builtinRules } from './rules/index.js';
export { defineRule, type Rule, type RuleMeta, type RuleContext, type RuleReport, type NoOptions } from './rules/define.js';
export { analyse, JourneyAnalysis } from './model/analysis.js';
export { computeMetrics, type JourneyMetrics } from './model/metrics.js';
export { buildWorkshopReport, workshopDiagrams, type WorkshopOptions } from './workshop/index.js';
export { buildJourney, type Journey, type Step, type Edge } from './model/journey.js';
export { journeySchema } from './schema/validate.js';
export { RuleTester, readFixtureMarkers, type FixtureMarkers, type RuleTests, type ValidTestCase, type InvalidTestCase, type ExpectedFinding, type RuleTesterDefaults } from './testing/rule-tester.js';
export { ruleFromText, loadRuleFile, customRuleSchema } from './custom-rules/load.js';
export type { JourneySettings } from './model/channels.js';
export type { EffectiveConfig, RuleSetting } from './config/types.js';
export { importModel, auditImportedModel, modelFormatOf, type ImportedModel, type ImportSettings } from './import/index.js';
export type { Finding, FileResult, Severity, Category, Range, Suppression } from './types.js';

export { auditText, auditFile, auditFiles, recommendedConfig, resolveConfig, type AuditFilesOptions, type AuditTextOptions } from './engine/audit.js';
