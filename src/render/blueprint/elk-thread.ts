import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { MissingLayoutLibrary, type ElkLayouter, type ElkNode } from './elk.js';
import type { LayoutReply, LayoutRequest } from './elk-worker.js';

/**
 * ELK in a worker thread, for `render --view blueprint` (W5b: 20 blueprints to SVG at least 50 times
 * faster than one mmdc process per journey). In a fresh process elkjs costs most of a blueprint run:
 * compiling its bundle, setting up its classes on the first layout, then 10–25 ms a layout. The CLI
 * starts the thread as soon as it knows the view, so elkjs loads while the main thread loads the rest of
 * the CLI and audits the journeys; the main thread then draws and writes each journey's pages while the
 * thread lays out the next. One thread, not two: a second one pays elkjs's start-up again and made a
 * run cost a fifth more CPU on the shared 2-core machine for no shorter wall time (docs/performance.md).
 * ELK is deterministic: the thread gives the columns a layout in the main thread gives.
 */

interface Waiting {
  resolve: (graph: ElkNode) => void;
  reject: (reason: unknown) => void;
  graphId: string;
}

class ElkThread implements ElkLayouter {
  private readonly worker = new Worker(new URL('./elk-worker.js', import.meta.url));
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;
  private stopped: { reason: unknown } | undefined;

  constructor() {
    // An idle thread never holds the process open; one with layouts to send back does.
    this.worker.unref();
    this.worker.on('message', (reply: LayoutReply) => this.answer(reply));
    this.worker.on('error', (error) => this.stop(error));
    this.worker.on('exit', (code) => this.stop(new Error(`the layout thread stopped (exit code ${code})`)));
  }

  layout(graph: ElkNode): Promise<ElkNode> {
    if (this.stopped) return Promise.reject(this.stopped.reason);
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      if (this.waiting.size === 0) this.worker.ref();
      this.waiting.set(id, { resolve, reject, graphId: graph.id });
      this.worker.postMessage({ id, graph } satisfies LayoutRequest);
    });
  }

  private answer(reply: LayoutReply): void {
    const waiting = this.waiting.get(reply.id);
    if (!waiting) return;
    this.waiting.delete(reply.id);
    if (this.waiting.size === 0) this.worker.unref();
    if ('children' in reply) waiting.resolve({ id: waiting.graphId, children: reply.children });
    else if ('missing' in reply) waiting.reject(new MissingLayoutLibrary(reply.missing));
    else waiting.reject('message' in reply.error ? new Error(reply.error.message) : reply.error.text);
  }

  private stop(reason: unknown): void {
    this.stopped ??= { reason };
    for (const waiting of this.waiting.values()) waiting.reject(this.stopped.reason);
    this.waiting.clear();
  }
}

let thread: ElkThread | undefined;

/** Starts the layout thread; every later blueprint layout of this process goes to it. */
export function startElkThread(): void {
  if (thread) return;
  // elkjs is a large compiled-to-JavaScript program that a run uses for well under a second. V8 hands a
  // function to its optimising compiler once it has run through a budget of bytecode; with the default
  // budget, thousands of ELK's lukewarm functions get there within one run and are compiled for little
  // gain. A fifteen times larger budget leaves that to the few really hot ones (ELK's type checks and
  // hash lookups): 20 layouts then take half the CPU they take with the default budget, and a quarter
  // less than with the optimising compiler turned off (--no-opt). The flag is the whole process's;
  // the audit of 20 journeys does not notice it.
  setFlagsFromString('--interrupt-budget=2000000');
  thread = new ElkThread();
}

/** The layout thread, if the command started one. */
export function elkThread(): ElkLayouter | undefined {
  return thread;
}
