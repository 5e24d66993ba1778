import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/model/analysis.js';
import { journeyOf } from './journey-of.js';

describe('findUnusedPersonalData', () => {
  const journey = journeyOf(`
journey: data-use
systems:
  crm: {shared: true}
  mailer: {stores: [email]}
steps:
  - {id: a, collects: [email, phone, address], next: b}
  - {id: b, uses: [crm], next: c}
  - {id: c, uses: [mailer], requires: [address], next: d}
  - {id: d, collects: [name], requires: [name], next: e}
  - {id: e, kind: end, outcome: resolved}
`);
  const unused = (requireStores: boolean) => analyse(journey).unusedPersonalData({ requireStores }).map(({ step, entry }) => `${step.id}:${entry.item}`);

  it('counts a later system without a stores list as using what was collected', () => {
    // 'name' is required only by the step that collects it, not a later one.
    expect(unused(false)).toEqual(['d:name']);
  });

  it('with requireStores, counts only systems whose stores list names the item', () => {
    expect(unused(true)).toEqual(['a:phone', 'd:name']);
  });
});
