import type { JourneyAnalysis } from '../model/analysis.js';
import type { JourneySettings } from '../model/channels.js';
import type { Journey, Step } from '../model/journey.js';
import type { Category, DocPath, Severity } from '../types.js';

/** A rule without options: `defineRule` gives it an empty options object. */
export type NoOptions = Record<never, never>;

/**
 * How the workshop report ranks a rule's findings: whether the fix is one step's edit or reshapes the journey, and how
 * much the problem adds to the customer's effort (repeating, waiting, being passed on).
 */
export interface RulePriority {
  /** `quick`: fixed on one step (add an owner, a promise, a message); `structural`: changes the journey across steps, channels or departments. */
  fixScope: 'quick' | 'structural';
  /** 1 (little) to 3 (the customer repeats, waits or is passed on). */
  effort: 1 | 2 | 3;
}

interface RuleMetaBase<MessageId extends string> {
  /** Same as the file name. */
  id: string;
  category: Exclude<Category, 'input' | 'suppression'>;
  defaultSeverity: Severity;
  /** One line, for the catalog table. */
  description: string;
  /** Why a customer suffers when this happens: the paragraph `explain` prints first. */
  rationale: string;
  /** What to change in the journey to fix it. */
  fix: string;
  /** Message templates by id; `{{name}}` is replaced by the report's data. */
  messages: Record<MessageId, string>;
  /** Ranking in the workshop report; default: a quick fix of effort 1. */
  priority?: RulePriority;
  /** The kind of channel drift this rule's findings mark in the workshop's channel × capability matrix. */
  drift?: DriftKind;
}

/** Ways one channel of a capability can differ from the others, as the workshop matrix names them (in this order). */
export const driftKinds = ['message', 'policy', 'sla', 'outcome'] as const;
type DriftKind = (typeof driftKinds)[number];

/** What a rule author writes: options schema and defaults only when the rule has options. */
type RuleDefinitionMeta<Options extends object, MessageId extends string> = RuleMetaBase<MessageId> &
  (keyof Options extends never
    ? { optionsSchema?: undefined; defaultOptions?: undefined; optionDocs?: undefined }
    : {
        /** JSON Schema (draft-07) of the rule's options object. */
        optionsSchema: Record<string, unknown>;
        defaultOptions: Options;
        /** How each option is meant, for the docs page. */
        optionDocs?: Partial<Record<keyof Options & string, string>>;
      });

/** A registered rule's meta: every rule has an options schema and defaults (empty for rules without options). */
export interface RuleMeta<Options extends object = NoOptions, MessageId extends string = string> extends RuleMetaBase<MessageId> {
  optionsSchema: Record<string, unknown>;
  defaultOptions: Options;
  optionDocs?: Partial<Record<keyof Options & string, string>>;
}

export interface RuleReport<MessageId extends string = string> {
  /** Where the problem is: ['steps', 3] anchors at the step's id, [] at the `journey` key. */
  path: DocPath;
  /** Point at the key instead of the value (rarely needed). */
  target?: 'key' | 'value';
  messageId: MessageId;
  /** Values of the message's `{{placeholders}}` (test/rules.test.ts checks every placeholder gets one). */
  data?: Record<string, string | number>;
  /** The step the finding is about; inferred from a ['steps', i, ...] path when omitted. */
  step?: Step;
  relatedSteps?: readonly Step[];
  /** The capability and the channels the finding is about, for channel rules (the workshop matrix reads them). */
  capability?: { name: string; channels: readonly string[] };
}

export interface RuleContext<Options extends object = NoOptions, MessageId extends string = string> {
  journey: Journey;
  /** Every graph fact about the journey, computed once and shared by all rules (model/analysis.ts). */
  analysis: JourneyAnalysis;
  options: Options;
  settings: JourneySettings;
  report(report: RuleReport<MessageId>): void;
}

// The registry holds rules of every options type: `any` lets a Rule<{ max: number }> be a Rule.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface Rule<Options extends object = any, MessageId extends string = string> {
  meta: RuleMeta<Options, MessageId>;
  check(context: RuleContext<Options, MessageId>): void;
}

export interface RuleDefinition<Options extends object, MessageId extends string> {
  meta: RuleDefinitionMeta<Options, MessageId>;
  check(context: RuleContext<Options, MessageId>): void;
}

/** The options schema of a rule without options: an empty object. */
const noOptionsSchema: Record<string, unknown> = { type: 'object', additionalProperties: false, properties: {} };

/**
 * Defines a rule with typed options and messages: `defineRule<Options, 'loop' | 'selfLoop'>({ ... })`. A report
 * with a messageId the rule does not declare, or a declared message without a template, does not compile. Rules
 * without options leave out both type arguments (the messageIds are inferred from `messages`) and the options schema.
 */
export function defineRule<Options extends object = NoOptions, MessageId extends string = string>(rule: RuleDefinition<Options, MessageId>): Rule<Options, MessageId> {
  const meta = rule.meta as RuleMetaBase<MessageId> & Partial<RuleMeta<Options, MessageId>>;
  return {
    meta: { ...meta, optionsSchema: meta.optionsSchema ?? noOptionsSchema, defaultOptions: meta.defaultOptions ?? ({} as Options) },
    check: rule.check,
  };
}
