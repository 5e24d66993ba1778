import { github } from './github.js';
import { gitlab } from './gitlab.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { markdown } from './markdown.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';
import type { Formatter } from './types.js';

/** Formatters by name; each is a pure function in its own file. */
export const formatters: Readonly<Record<string, Formatter>> = { stylish, json, sarif, junit, github, gitlab, markdown };
export type { Formatter } from './types.js';
