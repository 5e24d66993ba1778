import { Chalk } from 'chalk';
import { noColors, type Colors } from '../formatters/types.js';

/**
 * Colour only on a terminal; FORCE_COLOR forces it; NO_COLOR (no-color.org) and --no-color always
 * turn it off, and a file written with --output never gets it.
 */
export function chooseColors(wantColor: boolean, stream: NodeJS.WriteStream, toFile: boolean): Colors {
  const env = process.env;
  let enabled = Boolean(stream.isTTY);
  if (env.FORCE_COLOR !== undefined) enabled = !['0', 'false'].includes(env.FORCE_COLOR);
  if ((env.NO_COLOR !== undefined && env.NO_COLOR !== '') || !wantColor || toFile) enabled = false;
  if (!enabled) return noColors;
  const chalk = new Chalk({ level: 1 });
  return {
    red: chalk.red,
    yellow: chalk.yellow,
    blue: chalk.blue,
    green: chalk.green,
    dim: chalk.dim,
    bold: chalk.bold,
    underline: chalk.underline,
  };
}
