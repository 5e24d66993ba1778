import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/model/analysis.js';
import { has, solveMustFacts, type RepeatedRequestOptions } from '../../src/model/dataflow.js';
import type { Journey } from '../../src/model/journey.js';
import { journeyOf } from './journey-of.js';

/** Steps where fact 0 ("collected x") must hold, with `x` produced by the steps named in `producers`. */
function mustHold(journey: Journey, producers: string[]): string[] {
  const facts = solveMustFacts(analyse(journey), 1, (step) => (producers.includes(step.id) ? [0] : []));
  return journey.steps.filter((step) => has(facts, step.index, 0)).map((step) => step.id);
}

const diamond = journeyOf(`
journey: diamond
steps:
  - {id: s, next: [left, right]}
  - {id: left, next: merge}
  - {id: right, next: merge}
  - {id: merge, next: e}
  - {id: e, kind: end, outcome: resolved}
`);

const retry = journeyOf(`
journey: retry
steps:
  - {id: before, next: head}
  - {id: head, next: body}
  - {id: body, next: [head, after]}
  - {id: after, kind: end, outcome: resolved}
  - {id: island, next: after}
`);

describe('solveMustFacts', () => {
  it('needs the fact on every way into a merge', () => {
    expect(mustHold(diamond, ['left'])).toEqual([]);
    expect(mustHold(diamond, ['left', 'right'])).toEqual(['merge', 'e']);
    expect(mustHold(diamond, ['s'])).toEqual(['left', 'right', 'merge', 'e']);
  });

  it('carries a fact from before a loop into it, but not one produced only inside it', () => {
    expect(mustHold(retry, ['before'])).toEqual(['head', 'body', 'after']);
    expect(mustHold(retry, ['body'])).toEqual(['after']);
    expect(mustHold(retry, ['head'])).toEqual(['body', 'after']);
  });

  it('handles the top bit of a word (facts 31, 63) like any other', () => {
    const facts = solveMustFacts(analyse(retry), 64, (step) => (step.id === 'before' ? [31, 63] : step.id === 'body' ? [0] : []));
    const at = (id: string) => [0, 31, 63].filter((fact) => has(facts, retry.stepIndexById.get(id)!, fact));
    expect(at('before')).toEqual([]);
    expect(at('head')).toEqual([31, 63]);
    expect(at('after')).toEqual([0, 31, 63]);
  });

  it('ignores predecessors the start cannot reach', () => {
    expect(mustHold(retry, ['before', 'body'])).toEqual(['head', 'body', 'after']);
    // 'island' produces nothing and is unreachable: it does not break the fact at 'after'.
    expect(mustHold(retry, ['head'])).toContain('after');
  });
});

describe('findRepeatedRequests', () => {
  const journey = journeyOf(`
journey: repeats
steps:
  - {id: a, channel: web, collects: [email], next: [b, c]}
  - {id: b, channel: web, collects: [email], next: d}
  - {id: c, channel: phone, collects: [email], next: d}
  - {id: d, channel: web, collects: [email], next: e}
  - {id: e, kind: end, outcome: resolved}
`);
  const summary = (options?: RepeatedRequestOptions) =>
    analyse(journey).repeatedRequests(options).map((request) => `${request.step.id}<-${request.first.id}`);

  it('keeps data within its channel by default', () => {
    expect(summary()).toEqual(['b<-a', 'd<-a']);
  });

  it('treats data as known everywhere with knownIn: journey', () => {
    expect(summary({ allowReconfirm: [], knownIn: 'journey' })).toEqual(['b<-a', 'c<-a', 'd<-a']);
  });

  it('skips items that may be asked again', () => {
    expect(summary({ allowReconfirm: ['email'], knownIn: 'channel' })).toEqual([]);
  });

  it('names the first collector in document order when two merging branches both collected the item', () => {
    const merge = journeyOf(`
journey: merge
steps:
  - {id: s, next: [x, y]}
  - {id: x, collects: [order-number], next: m}
  - {id: y, collects: [order-number], next: m}
  - {id: m, collects: [order-number], next: n}
  - {id: n, collects: [order-number], next: e}
  - {id: e, kind: end, outcome: resolved}
`);
    expect(analyse(merge).repeatedRequests().map((request) => `${request.step.id}<-${request.first.id}`)).toEqual(['m<-x', 'n<-x']);
  });
});
