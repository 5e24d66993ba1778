import type { JourneyAnalysis } from './analysis.js';
import { edgeAt, type Edge } from './journey.js';
import { wordMatcher } from './wording.js';

/** Words that mark a branch (its `when`, or the decision it leaves) as sending the customer back to correct what they gave. */
export const defaultCorrectionWords = ['complete', 'incomplete', 'unfilled', 'missing', 'invalid', 'wrong', 'unreadable', 'illegible', 'expired', 'mismatch'];

/** Answers to a yes/no question such as "Data complete?" or "Unfilled fields?". */
const negativeAnswer = /^\s*(no|not|false|n)\b/i;
const affirmativeAnswer = /^\s*(yes|true|y)\b/i;
/** Words naming the state hoped for ("complete"): their question is answered "no" on the way to a correction. */
const hopedForState = /^(complete|valid|correct|readable|legible|filled)/i;

/**
 * True when a branch sends the customer back to correct or complete their data: it sets `correction: true`, its `when`
 * names a correction word, or it leaves a decision whose name does with the answer that means a correction ("Data
 * complete?" -> "No", "Unfilled fields?" -> "Yes") or back into a loop with that decision (the way round to ask again).
 */
function isCorrectionBranch(analysis: JourneyAnalysis, edge: Edge, matcher: RegExp | undefined): boolean {
  if (edge.correction) return true;
  if (matcher === undefined) return false;
  if (edge.when !== undefined && matcher.test(edge.when)) return true;
  const from = analysis.step(edge.from);
  const named = matcher.exec(from.name ?? '') ?? matcher.exec(from.id.replace(/-/g, ' '));
  if (!named) return false;
  if (edge.when !== undefined) {
    // "Data complete?" -> "No", "Unfilled fields?" -> "Yes": the answer that sends the customer back.
    const correctingAnswer = hopedForState.test(named[0]) ? negativeAnswer : affirmativeAnswer;
    if (correctingAnswer.test(edge.when)) return true;
  }
  if (edge.to < 0) return false;
  const { componentOf } = analysis.components;
  return componentOf[edge.to] === componentOf[edge.from];
}

/**
 * Steps every way to which passes a correction branch: the steps the start reaches only through one. One breadth-first
 * search from the start that does not cross correction branches: linear in steps and edges.
 */
export function reachedOnlyThroughCorrections(analysis: JourneyAnalysis, words: readonly string[]): Uint8Array {
  const { journey } = analysis;
  const matcher = wordMatcher(words);
  const count = journey.steps.length;
  const plain = new Uint8Array(count);
  const queue: number[] = [];
  if (journey.start >= 0) {
    plain[journey.start] = 1;
    queue.push(journey.start);
  }
  // Breadth-first: the loop also visits the steps pushed while it runs.
  for (const index of queue) {
    for (const edgeIndex of analysis.step(index).out) {
      const edge = edgeAt(journey, edgeIndex);
      if (edge.to < 0 || plain[edge.to] || isCorrectionBranch(analysis, edge, matcher)) continue;
      plain[edge.to] = 1;
      queue.push(edge.to);
    }
  }
  const onlyCorrections = new Uint8Array(count);
  for (let step = 0; step < count; step++) if (analysis.reachable[step] && !plain[step]) onlyCorrections[step] = 1;
  return onlyCorrections;
}
