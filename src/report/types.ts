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

export interface FormatterContext {
  cwd: string;
  colors: Colors;
  rules: readonly Rule[];
  version: string;
}

/** A formatter is a pure function of the results. */
export type Formatter = (results: readonly AuditedFile[], context: FormatterContext) => string;
