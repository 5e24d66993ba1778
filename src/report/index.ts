import { json } from './json.js';
import { stylish } from './stylish.js';
import type { Formatter } from './types.js';

/** Formatters by name; each is a pure function in its own file. */
export const formatters: Readonly<Record<string, Formatter>> = { stylish, json };
export type { Formatter, FormatterContext, Colors } from './types.js';
