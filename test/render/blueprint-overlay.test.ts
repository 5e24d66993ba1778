import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultLimits } from '../../src/config/types.js';
import { defaultSettings } from '../../src/model/channels.js';
import { drawBlueprint } from '../../src/render/blueprint/index.js';
import { replayJourney } from '../../src/replay/run.js';
import { livedOverlay } from '../../src/replay/summary.js';

/**
 * The "as lived" overlay on the service blueprint (`replay --view blueprint`): a small journey and a
 * small log where two customers were sent from the claim check straight to the refund, which the
 * journey does not declare.
 */
const fixture = path.join(import.meta.dirname, '..', 'fixtures', 'replay', 'undeclared-transition', 'invalid-claims-sent-back-to-the-customer');
const config = { rules: {}, settings: defaultSettings, limits: defaultLimits };

async function draw(withOverlay: boolean) {
  const outcome = await replayJourney({ journeyFile: `${fixture}.journey.yaml`, config, log: `${fixture}.csv` });
  const journey = outcome.result.model!;
  const drawing = await drawBlueprint(journey, [], { annotate: true, ...(withOverlay ? { overlay: livedOverlay(outcome.lived!) } : {}) });
  return { drawing, svg: drawing.pages.join('\n'), lived: outcome.lived! };
}

/** The text of each <text> element of one step's group. */
function stepTexts(svg: string, step: string): string[] {
  const group = new RegExp(`<g class="step[^"]*" data-step="${step}">.*?</g>\n`).exec(svg);
  expect(group, step).not.toBeNull();
  return [...group![0].matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => match[1]!);
}

/** Each edge label's lines, joined by a space. */
function edgeLabels(svg: string): string[] {
  return [...svg.matchAll(/<g class="edge-label">(.*?)<\/g>/g)].map((group) => [...group[1]!.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => match[1]!).join(' '));
}

/** Where each step's box is: the overlay never moves one. */
function boxPositions(svg: string): string[] {
  return [...svg.matchAll(/data-step="([^"]+)"><title>[^<]*<\/title><(?:rect x="([\d.]+)" y="([\d.]+)"|polygon points="([\d.]+),([\d.]+))/g)].map((match) => `${match[1]} ${match[2] ?? match[4]}`).sort();
}

describe('blueprint with the "as lived" overlay', () => {
  it("shows each step's visits and median time in its box, and a step the log does not record as such", async () => {
    const { svg } = await draw(true);
    expect(stepTexts(svg, 'check-claim')).toEqual(['Check the claim', 'check-claim · care ·', 'SLA 4h', 'as lived: 14 visits ·', 'median 2h']);
    expect(stepTexts(svg, 'refund').slice(-2)).toEqual(['as lived: 11 visits ·', 'median 59.2m']);
    expect(stepTexts(svg, 'send-replacement').at(-1)).toBe('as lived: 0 visits');
    expect(stepTexts(svg, 'choose-remedy').at(-1)).toBe('as lived: not in the log');
  });

  it("shows each declared edge's cases (and median time), after its own label", async () => {
    const { svg } = await draw(true);
    const labels = edgeLabels(svg);
    expect(labels).toContain('14 cases · 2h');
    expect(labels).toContain('customer wants money bac… 11 cases');
    expect(labels).toContain('customer wants the item · 20% 0 cases');
  });

  it('draws the way customers took that the journey lacks dashed, with its cases and median time', async () => {
    const { svg } = await draw(true);
    const undeclared = [...svg.matchAll(/<path class="edge edge-undeclared[^"]*"[^>]*>/g)].map((match) => match[0]);
    expect(undeclared).toHaveLength(1);
    expect(undeclared[0]).toContain('stroke-dasharray="6 4"');
    expect(undeclared[0]).toContain('marker-end="url(#arrow-undeclared)"');
    expect(svg).toContain('<marker id="arrow-undeclared"');
    expect(edgeLabels(svg)).toContain('undeclared 3 cases · 23h');
  });

  it('keeps every label at 8 pt or more', async () => {
    const { svg } = await draw(true);
    const sizes = [...svg.matchAll(/font-size="([\d.]+)"/g)].map((match) => Number(match[1]));
    expect(sizes.length).toBeGreaterThan(20);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(8);
  });

  it('moves no box and adds nothing of its own without an overlay', async () => {
    const plain = await draw(false);
    const lived = await draw(true);
    expect(plain.svg).not.toContain('as lived');
    expect(plain.svg).not.toContain('undeclared');
    expect(plain.svg).not.toMatch(/\d cases?\b/);
    expect(boxPositions(plain.svg).map((entry) => entry.split(' ')[0])).toEqual(['check-claim', 'choose-remedy', 'refund', 'report-problem', 'send-replacement']);
    // Same columns: the x of every box is the same with and without the overlay.
    expect(boxPositions(lived.svg)).toEqual(boxPositions(plain.svg));
  });
});
