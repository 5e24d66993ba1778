import { parentPort } from 'node:worker_threads';
import { loadElkWithCodeCache, MissingLayoutLibrary, warmUpGraph, type ElkLayouter, type ElkNode } from './elk.js';

/**
 * The ELK layout thread (elk-thread.ts, for W5b): it loads elkjs and lays out a small journey
 * as soon as it starts, while the main thread is still loading the CLI and auditing, then lays out each
 * graph it is sent and answers with the positions of the nodes.
 */

export interface LayoutRequest {
  id: number;
  graph: ElkNode;
}

export type LayoutReply =
  | { id: number; children: Array<Pick<ElkNode, 'id' | 'x' | 'y'>> }
  | { id: number; missing: string }
  // What ELK threw: an Error's message, or another value as text (as String(value) would show it).
  | { id: number; error: { message: string } | { text: string } };

const port = parentPort;
if (!port) throw new Error('elk-worker.js runs as the worker thread of elk-thread.js');

function startElk(): Promise<ElkLayouter> {
  try {
    const { elk, saveCache } = loadElkWithCodeCache();
    // A failed warm-up is not a failure: the real layouts report their own errors.
    return elk.layout(warmUpGraph()).then(
      () => {
        saveCache();
        return elk;
      },
      () => elk,
    );
  } catch (error) {
    return Promise.reject(error as Error);
  }
}

const elkReady = startElk();
// Seen by the first request; until then it is not an unhandled rejection.
elkReady.catch(() => undefined);

// One layout at a time, each answered as soon as it is done: elkjs runs every layout it is given from a
// timer, and several started together would all be answered at the end, leaving the main thread idle.
let previous: Promise<unknown> = elkReady;

port.on('message', ({ id, graph }: LayoutRequest) => {
  previous = previous
    .catch(() => undefined)
    .then(() => elkReady)
    .then((elk) => elk.layout(graph))
    .then(
      (result) => port.postMessage({ id, children: (result.children ?? []).map(({ id: nodeId, x, y }) => ({ id: nodeId, x, y })) } satisfies LayoutReply),
      (error: unknown) => {
        const reply: LayoutReply = error instanceof MissingLayoutLibrary ? { id, missing: error.message } : { id, error: error instanceof Error ? { message: error.message } : { text: String(error) } };
        port.postMessage(reply);
      },
    );
});
