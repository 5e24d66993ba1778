import type { JourneyAnalysis } from './analysis.js';
import type { Step } from './journey.js';
import { capturedInSharedSystem } from './systems.js';
import { defaultCorrectionWords, reachedOnlyThroughCorrections } from './corrections.js';

/**
 * Forward "must" dataflow: which facts hold on EVERY way from the start to a step.
 *
 * IN[start] = {} (the customer arrives knowing nothing), IN[n] = intersection of OUT[p] over the
 * reachable predecessors p, OUT[n] = IN[n] + GEN[n]. Solved with a worklist from the optimistic
 * "everything holds" start, so loops are handled: a fact holds inside a loop only when it held on
 * entry or is produced on every way round. Steps the start cannot reach are ignored, as are their edges.
 * Facts are bits in Uint32Array words; each update removes at least one bit, so the work is
 * O((steps + edges) x words) per round and at most steps x facts updates in all.
 *
 * `solveMustFacts`, `requestsAgain` and `labelFirstCollectors` are measured kernels (see their comments).
 */
export interface MustFacts {
  /** Words per step. */
  words: number;
  /** IN sets: step i owns words [i * words, (i + 1) * words). Zero for unreachable steps. */
  factsIn: Uint32Array;
}

export function has(facts: MustFacts, step: number, fact: number): boolean {
  return (((facts.factsIn[step * facts.words + (fact >>> 5)] ?? 0) >>> (fact & 31)) & 1) === 1;
}

// Hot in W3 (100,000 steps): a worklist over bit sets in typed arrays, indexed loops.
/* eslint-disable @typescript-eslint/no-non-null-assertion -- indices are steps of this journey and words of its bit sets */
export function solveMustFacts(analysis: JourneyAnalysis, factCount: number, generated: (step: Step) => readonly number[]): MustFacts {
  const { journey } = analysis;
  const { successors, predecessors } = analysis.adjacency;
  const reachable = analysis.reachable;
  const count = journey.steps.length;
  const words = Math.max(1, Math.ceil(factCount / 32));
  const factsIn = new Uint32Array(count * words);
  const factsOut = new Uint32Array(count * words);
  const gen = new Uint32Array(count * words);
  for (let stepAt = 0, stepList = journey.steps; stepAt < stepList.length; stepAt++) {
    const step = stepList[stepAt]!;
    if (!reachable[step.index]) continue;
    for (let factAt = 0, factList = generated(step); factAt < factList.length; factAt++) {
      const fact = factList[factAt]!;
      gen[step.index * words + (fact >>> 5)]! |= 1 << (fact & 31);
    }
    // Optimistic start: everything holds until a way without it is found.
    factsOut.fill(0xffffffff, step.index * words, (step.index + 1) * words);
  }

  const queued = new Uint8Array(count);
  // Breadth-first order first, so most steps are final after one visit.
  const queue: number[] = journey.start >= 0 ? [journey.start] : [];
  if (journey.start >= 0) queued[journey.start] = 1;
  for (let head = 0; head < queue.length; head++) {
    for (let targetAt = 0, targetList = successors[queue[head]!]!; targetAt < targetList.length; targetAt++) {
      const target = targetList[targetAt]!;
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
      for (let predecessorAt = 0, predecessorList = predecessors[node]!; predecessorAt < predecessorList.length; predecessorAt++) {
        const predecessor = predecessorList[predecessorAt]!;
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
    for (let targetAt = 0, targetList = successors[node]!; targetAt < targetList.length; targetAt++) {
      const target = targetList[targetAt]!;
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
/* eslint-enable @typescript-eslint/no-non-null-assertion */

export interface RepeatedRequestOptions {
  /** Items that may legitimately be asked again (a fresh one-time code, a re-typed password). */
  allowReconfirm: readonly string[];
  /**
   * `channel`: data counts as known only in the channel it was collected in (steps without a channel
   * form one scope of their own), unless the collecting step stores it in a shared system, which
   * makes it known in every channel. `journey`: data collected anywhere counts as known everywhere.
   */
  knownIn: 'channel' | 'journey';
  /**
   * Words that make a branch a correction path (model/corrections.ts): asking again on a step every way to which passes
   * a correction branch is a correction, not a repeat. Empty: only `correction: true` branches count.
   */
  correctionWords?: readonly string[];
}

export const defaultRepeatedRequestOptions: RepeatedRequestOptions = { allowReconfirm: ['one-time-code'], knownIn: 'channel', correctionWords: defaultCorrectionWords };

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
 *
 * Read it as `JourneyAnalysis.repeatedRequests(options)`: the repeated-data-request rule and the metrics share the
 * result (treat it as read-only).
 */
export function computeRepeatedRequests(analysis: JourneyAnalysis, options: RepeatedRequestOptions): RepeatedRequest[] {
  // Asking again on a correction path (every way here passes a correction branch) is a correction, not a repeat.
  const corrections = reachedOnlyThroughCorrections(analysis, options.correctionWords ?? defaultCorrectionWords);
  return requestsAgain(analysis, options).filter((request) => !corrections[request.step.index]);
}

// Hot in W2 and W3 (20,000 and 100,000 steps): collected entries flattened into typed arrays, indexed loops.
/* eslint-disable @typescript-eslint/no-non-null-assertion -- indices are steps, entries and facts counted above */
function requestsAgain(analysis: JourneyAnalysis, options: RepeatedRequestOptions): RepeatedRequest[] {
  const { journey } = analysis;
  const reachable = analysis.reachable;
  const steps = journey.steps;
  const allowed = new Set(options.allowReconfirm);
  const scopeOf = (step: Step) => (options.knownIn === 'journey' ? everywhere : (step.channel ?? ''));

  const collectors = new Map<string, number>();
  const distinct = new Set<string>();
  for (let stepAt = 0, stepList = steps; stepAt < stepList.length; stepAt++) {
    const step = stepList[stepAt]!;
    if (!reachable[step.index]) continue;
    distinct.clear();
    for (let entryAt = 0, entryList = step.collects; entryAt < entryList.length; entryAt++) {
      const entry = entryList[entryAt]!;
      distinct.add(entry.item);
    }
    for (const item of distinct) {
      if (!allowed.has(item)) collectors.set(item, (collectors.get(item) ?? 0) + 1);
    }
  }
  // Per collected entry of a reachable step (flattened in document order): the fact it produces, and the facts
  // that would make it a repeat (known in the step's own scope, known everywhere); -1 for none.
  const entryStart = new Int32Array(steps.length + 1);
  for (let stepAt = 0, stepList = steps; stepAt < stepList.length; stepAt++) {
    const step = stepList[stepAt]!;
    entryStart[step.index + 1] = entryStart[step.index]! + (reachable[step.index] ? step.collects.length : 0);
  }
  const entries = entryStart[steps.length]!;
  const producedFact = new Int32Array(entries).fill(-1);
  const ownScopeFact = new Int32Array(entries).fill(-1);
  const everywhereFact = new Int32Array(entries).fill(-1);
  const factIds = new Map<string, number>();
  for (let stepAt = 0, stepList = steps; stepAt < stepList.length; stepAt++) {
    const step = stepList[stepAt]!;
    if (!reachable[step.index]) continue;
    let at = entryStart[step.index]!;
    for (let itemAt = 0, itemList = step.collects; itemAt < itemList.length; itemAt++) {
      const { item } = itemList[itemAt]!;
      if ((collectors.get(item) ?? 0) >= 2) {
        const scope = options.knownIn === 'journey' || capturedInSharedSystem(analysis, step, item) ? everywhere : scopeOf(step);
        const key = `${scope}\u0000${item}`;
        let id = factIds.get(key);
        if (id === undefined) factIds.set(key, (id = factIds.size));
        producedFact[at] = id;
      }
      at++;
    }
  }
  for (let stepAt = 0, stepList = steps; stepAt < stepList.length; stepAt++) {
    const step = stepList[stepAt]!;
    if (!reachable[step.index]) continue;
    let at = entryStart[step.index]!;
    for (let itemAt = 0, itemList = step.collects; itemAt < itemList.length; itemAt++) {
      const { item } = itemList[itemAt]!;
      if (!allowed.has(item)) {
        ownScopeFact[at] = factIds.get(`${scopeOf(step)}\u0000${item}`) ?? -1;
        everywhereFact[at] = factIds.get(`${everywhere}\u0000${item}`) ?? -1;
      }
      at++;
    }
  }

  // Reachable steps producing each fact, in flow order (model/flow-order.ts): the first collector named does not depend
  // on the order of the steps in the file.
  const ranks = analysis.flowRanks;
  const producers: number[][] = Array.from({ length: factIds.size }, () => []);
  for (let stepAt = 0, stepList = [...steps].sort((a, b) => ranks[a.index]! - ranks[b.index]!); stepAt < stepList.length; stepAt++) {
    const step = stepList[stepAt]!;
    for (let at = entryStart[step.index]!, end = entryStart[step.index + 1]!; at < end; at++) {
      const list = producedFact[at]! >= 0 ? producers[producedFact[at]!]! : undefined;
      if (list && list[list.length - 1] !== step.index) list.push(step.index);
    }
  }

  const results: RepeatedRequest[] = [];
  const generated: number[] = [];
  for (let firstFact = 0; firstFact < factIds.size; firstFact += factsPerPass) {
    const lastFact = Math.min(factIds.size, firstFact + factsPerPass);
    const inPass = (fact: number) => fact >= firstFact && fact < lastFact;
    const facts = solveMustFacts(analysis, lastFact - firstFact, (step) => {
      generated.length = 0;
      for (let at = entryStart[step.index]!, end = entryStart[step.index + 1]!; at < end; at++) {
        if (inPass(producedFact[at]!)) generated.push(producedFact[at]! - firstFact);
      }
      return generated;
    });
    const firstCollector = new Map<number, Int32Array>();
    for (let stepAt = 0, stepList = steps; stepAt < stepList.length; stepAt++) {
      const step = stepList[stepAt]!;
      if (!reachable[step.index]) continue;
      const base = entryStart[step.index]!;
      for (let position = 0; position < step.collects.length; position++) {
        // The step's own scope first, then data known everywhere.
        const own = ownScopeFact[base + position]!;
        const anywhere = everywhereFact[base + position]!;
        let fact: number;
        if (inPass(own) && has(facts, step.index, own - firstFact)) fact = own - firstFact;
        else if (inPass(anywhere) && has(facts, step.index, anywhere - firstFact)) fact = anywhere - firstFact;
        else continue;
        let labels = firstCollector.get(fact);
        if (!labels) firstCollector.set(fact, (labels = labelFirstCollectors(analysis, facts, fact, producers[fact + firstFact]!)));
        // Every step where a fact must hold is reached from a first collector; the fallback is defensive.
        const first = steps[labels[step.index]!] ?? step;
        results.push({ step, position, item: step.collects[position]!.item, first });
      }
    }
  }
  // A pass checks both of an entry's facts within it, so with several passes an entry can be found again later.
  results.sort((a, b) => a.step.index - b.step.index || a.position - b.position);
  return results;
}
/* eslint-enable @typescript-eslint/no-non-null-assertion */

// Hot in W3 (100,000 steps): one pass per fact over a typed-array queue.
/* eslint-disable @typescript-eslint/no-non-null-assertion -- indices are steps of this journey */
/**
 * For one fact, the step that first produced it on the ways to each step where it must hold:
 * the producing steps where it did not hold yet ("first collectors"), taken in flow order (model/flow-order.ts),
 * each labelling forward the steps it reaches while the fact holds. Linear in steps + edges.
 */
function labelFirstCollectors(analysis: JourneyAnalysis, facts: MustFacts, fact: number, producers: readonly number[]): Int32Array {
  const { successors } = analysis.adjacency;
  const count = analysis.journey.steps.length;
  const labels = new Int32Array(count).fill(-1);
  // Bit `fact` of each step's IN set, read directly: this loop runs once per step for every fact.
  const { factsIn, words } = facts;
  const word = fact >>> 5;
  const shift = fact & 31;
  const holds = (step: number) => ((factsIn[step * words + word]! >>> shift) & 1) === 1;
  // A step is queued once: as a first collector (where the fact does not hold) or when labelled (where it holds).
  const queue = new Int32Array(count);
  for (let sourceAt = 0, sourceList = producers; sourceAt < sourceList.length; sourceAt++) {
    const source = sourceList[sourceAt]!;
    if (holds(source)) continue;
    let tail = 0;
    queue[tail++] = source;
    for (let head = 0; head < tail; head++) {
      for (let targetAt = 0, targetList = successors[queue[head]!]!; targetAt < targetList.length; targetAt++) {
        const target = targetList[targetAt]!;
        if (labels[target] !== -1 || !holds(target)) continue;
        labels[target] = source;
        queue[tail++] = target;
      }
    }
  }
  return labels;
}
/* eslint-enable @typescript-eslint/no-non-null-assertion */
