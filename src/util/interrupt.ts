/**
 * Ctrl-C (SIGINT), SIGTERM and SIGHUP while a browser runs: every registered clean-up (killing the
 * browser, removing its profile folder) runs, then the process exits with 128 + the signal's number,
 * as shells report a run ended by a signal.
 */

const exitCodes: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

const cleanups = new Set<() => Promise<void>>();
let interrupted: { code: number; done: Promise<unknown> } | undefined;
let installed = false;

function interrupt(signal: NodeJS.Signals): void {
  if (interrupted) return;
  const code = exitCodes[signal]!;
  interrupted = { code, done: Promise.allSettled([...cleanups].map((cleanup) => cleanup())) };
  void interrupted.done.then(() => process.exit(code));
}

/** Runs `cleanup` if a signal ends the run; returns the function that unregisters it. */
export function onInterrupt(cleanup: () => Promise<void>): () => void {
  if (!installed) {
    installed = true;
    for (const signal of Object.keys(exitCodes) as NodeJS.Signals[]) process.on(signal, () => interrupt(signal));
  }
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** When a signal ended the run: the exit code it calls for, once the clean-ups are done. */
export async function interruptedExitCode(): Promise<number | undefined> {
  if (!interrupted) return undefined;
  await interrupted.done;
  return interrupted.code;
}
