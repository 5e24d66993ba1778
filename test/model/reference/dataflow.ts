import type { JourneySettings } from '../../../src/model/channels.js';
import { analyse, flowRanks } from './analysis-of.js';
import type { Journey, Step } from '../../../src/model/journey.js';
import { capturedInSharedSystem } from '../../../src/model/systems.js';

/**
 * Forward "must" dataflow: which facts hold on EVERY way from the start to a step.
 *
 * IN[start] = {} (the customer arrives knowing nothing), IN[n] = intersection of OUT[p] over the
 * reachable predecessors p, OUT[n] = IN[n] + GEN[n]. Solved with a worklist from the optimistic
 * "everything holds" start, so loops are handled: a fact holds inside a loop only when it held on
 * entry or is produced on every way round. Steps the start cannot reach are ignored, as are their edges.
 * Facts are bits in Uint32Array words; each update removes at least one bit, so the work is
 * O((steps + edges) x words) per round and at most steps x facts updates in all.
 */
interface MustFacts {
  /** Words per step. */
  words: number;
  /** IN sets: step i owns words [i * words, (i + 1) * words). Zero for unreachable steps. */
  factsIn: Uint32Array;
}

function has(facts: MustFacts, step: number, fact: number): boolean {
  return ((facts.factsIn[step * facts.words + (fact >>> 5)]! >>> (fact & 31)) & 1) === 1;
}

function solveMustFacts(journey: Journey, factCount: number, generated: (step: Step) => readonly number[]): MustFacts {
  const analysis = analyse(journey);
  const { successors, predecessors } = analysis.adjacency;
  const reachable = analysis.reachable;
  const count = journey.steps.length;
  const words = Math.max(1, Math.ceil(factCount / 32));
  const factsIn = new Uint32Array(count * words);
  const factsOut = new Uint32Array(count * words);
  const gen = new Uint32Array(count * words);
  for (const step of journey.steps) {
    if (!reachable[step.index]) continue;
    for (const fact of generated(step)) gen[step.index * words + (fact >>> 5)]! |= 1 << (fact & 31);
    // Optimistic start: everything holds until a way without it is found.
    factsOut.fill(0xffffffff, step.index * words, (step.index + 1) * words);
  }

  const queued = new Uint8Array(count);
  // Breadth-first order first, so most steps are final after one visit.
  const queue: number[] = journey.start >= 0 ? [journey.start] : [];
  if (journey.start >= 0) queued[journey.start] = 1;
  for (let head = 0; head < queue.length; head++) {
    for (const target of successors[queue[head]!]!) {
      if (!queued[target]) {
        queued[target] = 1;
        queue.push(target);
      }
    }
  }
  const scratch = new Uint32Array(words);
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    queued[node] = 0;
    const base = node * words;
    if (node === journey.start) {
      scratch.fill(0);
    } else {
      scratch.fill(0xffffffff);
      for (const predecessor of predecessors[node]!) {
        if (!reachable[predecessor]) continue;
        const from = predecessor * words;
        for (let word = 0; word < words; word++) scratch[word]! &= factsOut[from + word]!;
      }
    }
    let changed = false;
    for (let word = 0; word < words; word++) {
      factsIn[base + word] = scratch[word]!;
      // `>>> 0` keeps the word unsigned, as the array stores it: bitwise OR yields a signed number.
      const out = (scratch[word]! | gen[base + word]!) >>> 0;
      if (out !== factsOut[base + word]) {
        factsOut[base + word] = out;
        changed = true;
      }
    }
    if (!changed) continue;
    for (const target of successors[node]!) {
      if (!queued[target]) {
        queued[target] = 1;
        queue.push(target);
      }
    }
    // Keep the processed prefix from growing without bound on long-running loops.
    if (head > 4096 && head * 2 > queue.length) {
      queue.splice(0, head + 1);
      head = -1;
    }
  }
  return { words, factsIn };
}

export interface RepeatedRequestOptions {
  /** Items that may legitimately be asked again (a fresh one-time code, a re-typed password). */
  allowReconfirm: readonly string[];
  /**
   * `channel`: data counts as known only in the channel it was collected in (steps without a channel
   * form one scope of their own), unless the collecting step stores it in a shared system, which
   * makes it known in every channel. `journey`: data collected anywhere counts as known everywhere.
   */
  knownIn: 'channel' | 'journey';
}

export const defaultRepeatedRequestOptions: RepeatedRequestOptions = { allowReconfirm: ['one-time-code'], knownIn: 'channel' };

export interface RepeatedRequest {
  /** The step asking again. */
  step: Step;
  /** Position of the item in the step's `collects`. */
  position: number;
  item: string;
  /** Where the item was first collected on the way here (lowest document position when several). */
  first: Step;
}

const everywhere = '*';
const factsPerPass = 32 * 64;

/**
 * Items a step asks for although every way to it already collected them (in a scope it can see).
 * Only items collected by at least two reachable steps can repeat, so only those become facts;
 * they are solved in passes of a few thousand facts to bound memory.
 */
export function findRepeatedRequests(journey: Journey, settings: JourneySettings, options: RepeatedRequestOptions = defaultRepeatedRequestOptions): RepeatedRequest[] {
  const analysis = analyse(journey);
  const allowed = new Set(options.allowReconfirm);
  const scopeOf = (step: Step) => (options.knownIn === 'journey' ? everywhere : (step.channel ?? ''));
  const collectionScope = (step: Step, item: string) => (options.knownIn === 'journey' || capturedInSharedSystem(analyse(journey, settings), step, item) ? everywhere : scopeOf(step));

  const collectors = new Map<string, number>();
  for (const step of journey.steps) {
    if (!analysis.reachable[step.index]) continue;
    for (const item of new Set(step.collects.map((entry) => entry.item))) {
      if (!allowed.has(item)) collectors.set(item, (collectors.get(item) ?? 0) + 1);
    }
  }
  const factIds = new Map<string, number>();
  for (const step of journey.steps) {
    if (!analysis.reachable[step.index]) continue;
    for (const { item } of step.collects) {
      if ((collectors.get(item) ?? 0) < 2) continue;
      const key = `${collectionScope(step, item)}\u0000${item}`;
      if (!factIds.has(key)) factIds.set(key, factIds.size);
    }
  }

  const results: RepeatedRequest[] = [];
  for (let firstFact = 0; firstFact < factIds.size; firstFact += factsPerPass) {
    const lastFact = Math.min(factIds.size, firstFact + factsPerPass);
    const local = (item: string, scope: string): number => {
      const id = factIds.get(`${scope}\u0000${item}`);
      return id !== undefined && id >= firstFact && id < lastFact ? id - firstFact : -1;
    };
    const facts = solveMustFacts(journey, lastFact - firstFact, (step) =>
      step.collects.map(({ item }) => local(item, collectionScope(step, item))).filter((fact) => fact >= 0),
    );
    const pending: Array<Omit<RepeatedRequest, 'first'> & { fact: number }> = [];
    for (const step of journey.steps) {
      if (!analysis.reachable[step.index]) continue;
      step.collects.forEach(({ item }, position) => {
        if (allowed.has(item)) return;
        for (const scope of [scopeOf(step), everywhere]) {
          const fact = local(item, scope);
          if (fact >= 0 && has(facts, step.index, fact)) {
            pending.push({ step, position, item, fact });
            return;
          }
        }
      });
    }
    const firstCollector = new Map<number, Int32Array>();
    for (const request of pending) {
      let labels = firstCollector.get(request.fact);
      if (!labels) firstCollector.set(request.fact, (labels = labelFirstCollectors(journey, facts, request.fact, (step) => step.collects.some(({ item }) => local(item, collectionScope(step, item)) === request.fact))));
      // Every step where a fact must hold is reached from a first collector; the fallback is defensive.
      const first = journey.steps[labels[request.step.index]!] ?? request.step;
      results.push({ step: request.step, position: request.position, item: request.item, first });
    }
  }
  results.sort((a, b) => a.step.index - b.step.index || a.position - b.position);
  return results;
}

/**
 * For one fact, the step that first produced it on the ways to each step where it must hold:
 * the producing steps where it did not hold yet ("first collectors"), taken in flow order (model/flow-order.ts),
 * each labelling forward the steps it reaches while the fact holds. Linear in steps + edges.
 */
function labelFirstCollectors(journey: Journey, facts: MustFacts, fact: number, produces: (step: Step) => boolean): Int32Array {
  const { successors } = analyse(journey).adjacency;
  const reachable = analyse(journey).reachable;
  const labels = new Int32Array(journey.steps.length).fill(-1);
  // In flow order, so the collector named does not depend on the order of the steps in the file.
  const ranks = flowRanks(journey);
  const sources = journey.steps.filter((source) => reachable[source.index] && !has(facts, source.index, fact) && produces(source)).sort((a, b) => ranks[a.index]! - ranks[b.index]!);
  for (const source of sources) {
    const queue = [source.index];
    for (let head = 0; head < queue.length; head++) {
      for (const target of successors[queue[head]!]!) {
        if (labels[target] !== -1 || !has(facts, target, fact)) continue;
        labels[target] = source.index;
        queue.push(target);
      }
    }
  }
  return labels;
}
