// The capability analysis on a 20,000-step journey with many channels: linear, not one search per pair and step.
// The `slow` project runs it (timings live in the benchmark suite).
import { describe, expect, it } from 'vitest';
import { analyse } from '../src/model/analysis.js';
import { buildJourney } from '../src/model/journey.js';

describe('capability analysis', () => {
  it('stays linear on a long journey with many channels', () => {
    const channels = ['web', 'app', 'phone', 'store', 'chat'];
    const length = 20_000;
    const steps: Record<string, unknown>[] = [];
    for (let index = 0; index < length; index++) {
      const step: Record<string, unknown> = { id: `s${index}`, channel: channels[index % channels.length], next: index + 1 < length ? `s${index + 1}` : 'done' };
      if (index < channels.length * 4) step.capability = `capability-${index % 4}`;
      steps.push(step);
    }
    steps.push({ id: 'done', kind: 'end', outcome: 'resolved' });
    const journey = buildJourney({ journey: 'long', channels, steps });
    const analysis = analyse(journey).capabilities;
    expect(analysis.services).toHaveLength(20);
    expect(analysis.services.every((service) => service.resolvable)).toBe(true);
  });
});
