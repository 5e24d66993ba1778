import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { MissingLayoutLibrary, type ElkLayouter, type ElkNode } from './elk.js';
import type { LayoutReply, LayoutRequest } from './elk-worker.js';

/**
 * ELK in worker threads, for `render --view blueprint` (W5b: 20 blueprints to SVG at least 50 times
 * faster than one mmdc process per journey). In a fresh process elkjs costs most of a blueprint run:
 * compiling its bundle, setting up its classes on the first layout, then 10–25 ms a layout. The CLI
 * starts the pool as soon as it knows the view, so the threads load elkjs while the main thread loads
 * the rest of the CLI and audits the journeys; the layouts are then shared between the threads while
 * the main thread draws the pages. ELK is deterministic: the same graph gives the same columns in any
 * thread, so the pictures are those of a layout in the main thread.
 */

interface Waiting {
  resolve: (graph: ElkNode) => void;
  reject: (reason: unknown) => void;
  graphId: string;
}

class ElkThread {
  readonly worker = new Worker(new URL('./elk-worker.js', import.meta.url));
  readonly waiting = new Map<number, Waiting>();
  stopped: unknown;

  constructor() {
    // An idle thread never holds the process open; one with layouts to send back does.
    this.worker.unref();
    this.worker.on('message', (reply: LayoutReply) => this.answer(reply));
    this.worker.on('error', (error) => this.stop(error));
    this.worker.on('exit', (code) => this.stop(new Error(`the layout thread stopped (exit code ${code})`)));
  }

  send(id: number, graph: ElkNode, waiting: Waiting): void {
    if (this.waiting.size === 0) this.worker.ref();
    this.waiting.set(id, waiting);
    this.worker.postMessage({ id, graph } satisfies LayoutRequest);
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
    this.stopped ??= reason;
    for (const waiting of this.waiting.values()) waiting.reject(this.stopped);
    this.waiting.clear();
  }
}

class ElkWorkerPool implements ElkLayouter {
  private readonly threads: ElkThread[];
  private nextId = 0;

  constructor(size: number) {
    this.threads = Array.from({ length: size }, () => new ElkThread());
  }

  layout(graph: ElkNode): Promise<ElkNode> {
    const running = this.threads.filter((thread) => thread.stopped === undefined);
    if (running.length === 0) return Promise.reject(this.threads[0]!.stopped);
    // The thread with the fewest layouts waiting: a run sends all its graphs at once, so they are shared out evenly.
    const thread = running.reduce((least, candidate) => (candidate.waiting.size < least.waiting.size ? candidate : least));
    return new Promise((resolve, reject) => thread.send(this.nextId++, graph, { resolve, reject, graphId: graph.id }));
  }
}

let pool: ElkWorkerPool | undefined;

/**
 * Starts the threads (two, or one on a one-core machine: the main thread has the audit and the drawing)
 * and makes every later blueprint layout of this process go to them.
 */
export function startElkWorkers(): void {
  if (pool) return;
  // elkjs is a large compiled-to-JavaScript program that a run uses for well under a second: V8's
  // optimising compiler spends more on it than it saves (a third of the CPU time of 20 blueprints,
  // measured with --cpu-prof and with node --no-opt). The flag is the whole process's; the blueprint
  // command's audit of 20 journeys takes as long without the optimiser.
  setFlagsFromString('--no-opt');
  pool = new ElkWorkerPool(Math.min(2, availableParallelism()));
}

/** The running pool, if the command started one. */
export function elkWorkers(): ElkLayouter | undefined {
  return pool;
}
