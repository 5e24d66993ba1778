import { readFileSync } from 'node:fs';
import { defaultLimits, type EffectiveConfig } from '../src/config/types.js';
import { auditText, renderMessage, type AuditedFile } from '../src/engine/engine.js';
import { defaultSettings, type JourneySettings } from '../src/model/channels.js';
import type { Rule, RuleReport } from '../src/rules/define.js';
import { builtinRules } from '../src/rules/index.js';
import type { Finding } from '../src/types.js';

export interface Expectation {
  ruleId: string;
  line: number;
  /** The message the finding must use, when the marker names one (`# @expect rule-id:messageId`). */
  messageId?: string;
  column?: number;
}

/**
 * Reads a fixture's own expectations: `# @expect RULE` (optionally `RULE:messageId`, optionally `col=N`) at the end of
 * the line the finding must be on, `# @options {json}` for rule options, `# @settings {json}` for catalogs.
 */
function readFixture(text: string): { expectations: Expectation[]; options: Record<string, unknown>; settings: Partial<JourneySettings> } {
  const expectations: Expectation[] = [];
  let options: Record<string, unknown> = {};
  let settings: Partial<JourneySettings> = {};
  text.split(/\r?\n/).forEach((line, index) => {
    const optionsMatch = /^\s*#\s*@options\s+(.*)$/.exec(line);
    if (optionsMatch) options = JSON.parse(optionsMatch[1]!) as Record<string, unknown>;
    const settingsMatch = /^\s*#\s*@settings\s+(.*)$/.exec(line);
    if (settingsMatch) settings = JSON.parse(settingsMatch[1]!) as Partial<JourneySettings>;
    for (const match of line.matchAll(/@expect\s+([a-z0-9-]+)(?::([A-Za-z]+))?(?:\s+col=(\d+))?/g)) {
      const expectation: Expectation = { ruleId: match[1]!, line: index + 1 };
      if (match[2]) expectation.messageId = match[2];
      if (match[3]) expectation.column = Number(match[3]);
      expectations.push(expectation);
    }
  });
  return { expectations, options, settings };
}

export function configWith(rule: Rule, options: Record<string, unknown>, settings: Partial<JourneySettings> = {}): EffectiveConfig {
  return {
    rules: { [rule.meta.id]: { severity: rule.meta.defaultSeverity, options } },
    settings: { ...defaultSettings, ...settings, channels: { ...defaultSettings.channels, ...settings.channels } },
    limits: defaultLimits,
  };
}

/** `{{name}}` placeholders of a message template. */
function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1]!);
}

export interface ObservedReport {
  report: RuleReport;
  /** The message as the engine renders it. */
  message: string;
  /** Placeholders of the message's template that the report gave no value for. */
  missing: string[];
}

/** The rule, wrapped so that every report it makes is recorded before the engine turns it into a finding. */
function observeRule(rule: Rule): { rule: Rule; reports: ObservedReport[] } {
  const reports: ObservedReport[] = [];
  const observed: Rule = {
    meta: rule.meta,
    check(context) {
      rule.check({
        ...context,
        report(entry) {
          const template = rule.meta.messages[entry.messageId] ?? '';
          const missing = placeholdersOf(template).filter((name) => !(entry.data && Object.hasOwn(entry.data, name)));
          reports.push({ report: entry, message: renderMessage(template, entry.data), missing });
          context.report(entry);
        },
      });
    },
  };
  return { rule: observed, reports };
}

/** The messageId behind a finding: the report with the same path and message. */
export function messageIdOf(finding: Finding, reports: readonly ObservedReport[]): string | undefined {
  return reports.find((observed) => observed.report.path === finding.path && observed.message === finding.message)?.report.messageId;
}

/** Audits a fixture file with only `rule` enabled; every report the rule made comes back too. */
export function auditFixture(file: string, rule: Rule): { result: AuditedFile; expectations: Expectation[]; reports: ObservedReport[] } {
  const text = readFileSync(file, 'utf8');
  const { expectations, options, settings } = readFixture(text);
  const { rule: observed, reports } = observeRule(rule);
  const rules = builtinRules.map((candidate) => (candidate.meta.id === rule.meta.id ? observed : candidate));
  const result = auditText(text, { file, config: configWith(rule, options, settings), rules });
  return { result, expectations, reports };
}
