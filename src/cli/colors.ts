import { Chalk } from 'chalk';
import { noColors, type Colors } from '../report/types.js';

/** Colour only on a terminal, never with --no-color or NO_COLOR; FORCE_COLOR forces it. */
export function chooseColors(wantColor: boolean, stream: NodeJS.WriteStream, toFile: boolean): Colors {
  const env = process.env;
  let enabled = wantColor && !toFile && Boolean(stream.isTTY);
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') enabled = false;
  if (env.FORCE_COLOR !== undefined && wantColor && !toFile) enabled = !['0', 'false'].includes(env.FORCE_COLOR);
  if (!wantColor) enabled = false;
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
