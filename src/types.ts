/** Shared value types of the public API. Pure data: no behaviour lives here. */

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

/** Where a finding belongs in the catalog. */
/** `input` is for problems with the file itself (syntax, schema); `suppression` for unused disable comments. */
/** `replay` is for findings of `journey-audit replay`: the journey held against its event log. */
export type Category = 'broken' | 'redundant' | 'channel' | 'ownership' | 'privacy' | 'replay' | 'input' | 'suppression';

/** A path into the YAML document, e.g. ['steps', 3, 'next', 0]. */
export type DocPath = readonly (string | number)[];

/** 1-based line and column, end exclusive, like ESLint. */
export interface Range {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface Suppression {
  kind: 'inSource' | 'external';
  justification?: string;
}

export interface Finding extends Range {
  ruleId: string;
  category: Category;
  severity: Severity;
  message: string;
  /** File path as given to the engine (relative to the working directory for CLI runs). */
  file: string;
  /** Journey id, when the file got far enough to have one. */
  journey?: string;
  /** Step id, for step-level findings. */
  step?: string;
  /** Stable identity: journey id + rule + step ids + message data; never line numbers. */
  fingerprint: string;
  /** The document path the rule reported, kept so renderers can relate findings to nodes. */
  path: DocPath;
  /** Other steps the finding involves (a loop's members, the step where data was first collected). */
  relatedSteps?: string[];
  /** For channel findings: the capability and the channels the finding is about. */
  capability?: string;
  channels?: string[];
  /** Present when an inline comment or a baseline suppressed this finding. */
  suppressed?: Suppression;
  /** Set when the run compares with a baseline or a git ref: whether this finding is new there. */
  change?: 'new' | 'unchanged';
}

export interface FileResult {
  file: string;
  journey?: string;
  findings: Finding[];
  /** True when the file could not be read or parsed into a journey: the CLI exits 2. */
  inputError: boolean;
}
