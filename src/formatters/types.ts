import type { AuditedFile } from '../engine/engine.js';
import type { Rule } from '../rules/define.js';

/** Styling functions; identity functions when colour is off. */
export interface Colors {
  red(text: string): string;
  yellow(text: string): string;
  blue(text: string): string;
  green(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  underline(text: string): string;
}

const identity = (text: string) => text;
export const noColors: Colors = { red: identity, yellow: identity, blue: identity, green: identity, dim: identity, bold: identity, underline: identity };

/** A finding of the baseline or of the base ref that no longer occurs. */
export interface FixedFinding {
  file: string;
  ruleId: string;
  fingerprint: string;
  /** Known when the base was audited (--diff-findings), not when it came from a baseline file. */
  message?: string;
}

/** What findings were compared with, when they were: a baseline file or a git ref. */
export interface Comparison {
  /** How to name the base to a reader: "the baseline", "main". */
  against: string;
  fixed: readonly FixedFinding[];
}

export interface FormatterContext {
  cwd: string;
  colors: Colors;
  rules: readonly Rule[];
  version: string;
  /** Folder that file URIs, annotations and links are relative to (the repository root in CI); default cwd. */
  root?: string;
  /** Prefix of links to files in Markdown, e.g. https://github.com/o/r/blob/SHA/; default: relative links. */
  linkBase?: string;
  /** Mermaid text of a journey, for the Markdown comment's collapsible diagrams; undefined: no diagram. */
  diagram?: (result: AuditedFile) => string | undefined;
  comparison?: Comparison;
  /** The lowest severity that fails the run (--fail-on, or warning past --max-warnings); default error. */
  failOn?: 'error' | 'warning' | 'info';
}

/** A formatter is a pure function of the results. */
export interface Formatter {
  (results: readonly AuditedFile[], context: FormatterContext): string;
  /**
   * The same text in pieces, for reports too large to hold as one string (bench W3): the CLI writes them as they
   * come. Joined, they are exactly the formatter's text.
   */
  write?(results: readonly AuditedFile[], context: FormatterContext, emit: (piece: string) => void): void;
}

/** A formatter whose text is written in pieces; its string form joins them, so both forms are one code path. */
export function inPieces(write: (results: readonly AuditedFile[], context: FormatterContext, emit: (piece: string) => void) => void): Formatter {
  const format = (results: readonly AuditedFile[], context: FormatterContext) => {
    const pieces: string[] = [];
    write(results, context, (piece) => pieces.push(piece));
    return pieces.join('');
  };
  return Object.assign(format, { write });
}
