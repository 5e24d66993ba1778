import type { Journey, Step } from '../model/journey.js';
import type { JourneyAnalysis } from '../model/graph.js';
import type { JourneySettings } from '../model/channels.js';
import type { Category, DocPath, Severity } from '../types.js';

export interface RuleMeta<Options extends object = Record<string, never>> {
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
  messages: Record<string, string>;
  /** JSON Schema (draft-07) of the rule's options object. */
  optionsSchema: Record<string, unknown>;
  defaultOptions: Options;
  /** How each option is meant, for the docs page. */
  optionDocs?: Partial<Record<keyof Options & string, string>>;
  /**
   * What a finding depends on. `step`: each step on its own (its fields, its own branches), so the rule still runs on a
   * journey with schema or reference errors and only stays quiet on the broken steps. `journey` (the default): the flow
   * as a whole, so on such a journey the rule is held back until the errors are fixed (one mistake, one message).
   */
  reads?: 'step' | 'journey';
}

export interface RuleReport {
  /** Where the problem is: ['steps', 3] anchors at the step's id, [] at the `journey` key. */
  path: DocPath;
  /** Point at the key instead of the value (rarely needed). */
  target?: 'key' | 'value';
  messageId: string;
  data?: Record<string, string | number>;
  /** The step the finding is about; inferred from a ['steps', i, ...] path when omitted. */
  step?: Step;
  relatedSteps?: readonly Step[];
}

export interface RuleContext<Options extends object> {
  journey: Journey;
  analysis: JourneyAnalysis;
  options: Options;
  settings: JourneySettings;
  report(report: RuleReport): void;
}

export interface Rule<Options extends object = any> {
  meta: RuleMeta<Options>;
  check(context: RuleContext<Options>): void;
}

/** Identity helper: gives rule authors type inference for options and messages. */
export function defineRule<Options extends object>(rule: Rule<Options>): Rule<Options> {
  return rule;
}

/** Path anchoring a finding at a step (the engine points at its `id`). */
export function stepPath(step: Step): DocPath {
  return step.path;
}

/** Human label of a step in messages: its id. */
export function label(step: Step): string {
  return `'${step.id}'`;
}
