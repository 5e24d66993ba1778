import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildJourney } from '../../src/model/journey.js';
import type { Aggregates } from '../../src/replay/aggregate.js';
import { computeAggregates } from '../../src/replay/aggregate.js';
import { openDatabase } from '../../src/replay/duckdb.js';
import { bucketOf, countAbove, percentile } from '../../src/replay/histogram.js';
import { loadLog } from '../../src/replay/log.js';
import { replayVariants } from '../../src/replay/replay.js';

/** A small journey a process owner would recognise: the customer writes, an agent checks, a decision nobody logs. */
const journey = buildJourney(
  parse(`
journey: refund-request
steps:
  - { id: write-in, actor: customer, next: check }
  - { id: check, actor: agent, owner: care, next: decide }
  - id: decide
    kind: decision
    actor: backstage
    owner: care
    next:
      - { to: refund, probability: 0.7 }
      - { to: refuse, probability: 0.3 }
  - { id: refund, kind: end, outcome: resolved, actor: system, owner: finance }
  - { id: refuse, kind: end, outcome: unresolved, actor: agent, owner: care }
`) as Record<string, unknown>,
);
const stepIndex = (id: string) => journey.stepIndexById.get(id)!;
const mapping = {
  stepOf: new Map([
    ['Write in', stepIndex('write-in')],
    ['Check', stepIndex('check')],
    ['Check again', stepIndex('check')],
    ['Refund', stepIndex('refund')],
    ['Refuse', stepIndex('refuse')],
  ]),
  ignored: new Set(['Survey']),
};

function aggregatesOf(variants: Array<[number, string[]]>): Aggregates {
  return {
    summary: { events: 0, cases: 0, droppedRows: 0, logStart: 0, logEnd: 0, repeatWindow: 604800, hasChannel: false, hasResource: false },
    activities: [],
    transitions: [],
    variants: variants.map(([cases, activities]) => ({ key: JSON.stringify(activities), activities, cases, channelSwitches: 0, handoffs: 0 })),
    caseDurations: new Map(),
    caseIdle: new Map(),
    repeats: [],
  };
}

describe('replaying variants against the journey', () => {
  it('passes through steps nobody records and counts cases on every edge of the way', () => {
    const lived = replayVariants(journey, aggregatesOf([[7, ['Write in', 'Check', 'Refund']], [3, ['Write in', 'Check', 'Refuse']]]), mapping);
    expect(lived.fittingCases).toBe(10);
    expect(lived.matchingMoves).toBe(lived.moves);
    expect(lived.deviations).toEqual([]);
    const flow = (from: string, to: string) => lived.edgeFlow[journey.edges.find((edge) => edge.from === stepIndex(from) && edge.target === to)!.index];
    expect([flow('check', 'decide'), flow('decide', 'refund'), flow('decide', 'refuse')]).toEqual([10, 7, 3]);
    expect(lived.endedAt.get(stepIndex('refund'))).toBe(7);
  });

  it("lets a case begin after the customer's own unrecorded first step, and joins a step's activities into one visit", () => {
    const lived = replayVariants(journey, aggregatesOf([[4, ['Check', 'Check again', 'Survey', 'Refund']]]), mapping);
    expect(lived.fittingCases).toBe(4);
    expect(lived.variants[0]!.visits).toEqual(['check', 'refund']);
    expect(lived.ignoredEvents).toBe(4);
  });

  it('tells a skipped step (a way exists through it) from an undeclared transition (no way at all)', () => {
    const lived = replayVariants(journey, aggregatesOf([[5, ['Write in', 'Refund']], [2, ['Write in', 'Check', 'Refund', 'Check']]]), mapping);
    expect(lived.deviations.map((deviation) => ({ from: journey.steps[deviation.from]!.id, to: journey.steps[deviation.to]!.id, cases: deviation.cases, skipped: deviation.skipped.map((index) => journey.steps[index]!.id) }))).toEqual([
      { from: 'write-in', to: 'refund', cases: 5, skipped: ['check'] },
      { from: 'refund', to: 'check', cases: 2, skipped: [] },
    ]);
    expect(lived.fittingCases).toBe(0);
  });

  it('counts unknown activities as moves that do not match, never dropping them', () => {
    const lived = replayVariants(journey, aggregatesOf([[3, ['Write in', 'Chase by phone', 'Check', 'Refund']]]), mapping);
    expect(lived.unknownActivities.map((entry) => entry.activity)).toEqual(['Chase by phone']);
    expect(lived.fittingCases).toBe(0);
    expect(lived.moves - lived.matchingMoves).toBe(3);
  });
});

describe('time histograms', () => {
  it('read percentiles within 2.5% and count only times certainly over a limit', () => {
    const histogram = new Map<number, number>();
    for (let minutes = 1; minutes <= 100; minutes++) histogram.set(bucketOf(minutes * 60), (histogram.get(bucketOf(minutes * 60)) ?? 0) + 1);
    expect(percentile(histogram, 50)! / 3000).toBeGreaterThan(0.975);
    expect(percentile(histogram, 50)! / 3000).toBeLessThan(1.025);
    expect(countAbove(histogram, 90 * 60)).toBeLessThanOrEqual(10);
    expect(countAbove(histogram, 90 * 60)).toBeGreaterThanOrEqual(8);
  });
});

describe('reading logs with DuckDB', { timeout: 60_000 }, () => {
  it('gives the same aggregates from CSV, gzip CSV, JSON lines and Parquet', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'journey-audit-formats-'));
    const db = await openDatabase();
    try {
      await db.run(`CREATE TABLE source AS SELECT * FROM (VALUES
        ('c1', 'Write in', TIMESTAMP '2026-01-01 10:00:00'), ('c1', 'Check', TIMESTAMP '2026-01-01 12:00:00'), ('c1', 'Refund', TIMESTAMP '2026-01-02 09:00:00'),
        ('c2', 'Write in', TIMESTAMP '2026-01-03 10:00:00'), ('c2', 'Refuse', TIMESTAMP '2026-01-03 11:00:00')
      ) AS t("case:concept:name", "concept:name", "time:timestamp")`);
      const files = ['log.csv', 'log.csv.gz', 'log.jsonl', 'log.parquet'].map((name) => path.join(folder, name));
      await db.run(`COPY source TO '${files[0]}' (HEADER)`);
      await db.run(`COPY source TO '${files[1]}' (HEADER, COMPRESSION gzip)`);
      await db.run(`COPY source TO '${files[2]}' (FORMAT json)`);
      await db.run(`COPY source TO '${files[3]}' (FORMAT parquet)`);
    } finally {
      db.close();
    }
    const results = [];
    for (const name of ['log.csv', 'log.csv.gz', 'log.jsonl', 'log.parquet']) {
      const reader = await openDatabase();
      try {
        await loadLog(reader, path.join(folder, name), {});
        const aggregates = await computeAggregates(reader, { repeatWindow: 604800 });
        results.push({ summary: aggregates.summary, variants: aggregates.variants, transitions: aggregates.transitions.map((entry) => ({ ...entry, times: [...entry.times] })) });
      } finally {
        reader.close();
      }
    }
    expect(results[0]!.summary).toMatchObject({ events: 5, cases: 2, droppedRows: 0 });
    expect(results[0]!.variants.map((variant) => [variant.cases, variant.activities])).toEqual([
      [1, ['Write in', 'Check', 'Refund']],
      [1, ['Write in', 'Refuse']],
    ]);
    for (const result of results.slice(1)) expect(result).toEqual(results[0]);
  });
});
