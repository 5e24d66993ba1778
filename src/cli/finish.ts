import { interruptedExitCode } from '../util/interrupt.js';

/**
 * Ends the process once standard output and standard error are written. The commands that drive a
 * browser end this way: a browser that died or never started can leave a pending DevTools call with
 * puppeteer's protocol timer (three minutes) that would otherwise hold the finished run. A run that a
 * signal stopped ends with that signal's code (130, 143) once its browser is cleaned up.
 */
export async function exitWhenWritten(code: number): Promise<never> {
  const drained = (stream: NodeJS.WriteStream) => new Promise<void>((resolve) => stream.write('', () => resolve()));
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  process.exit((await interruptedExitCode()) ?? code);
}
