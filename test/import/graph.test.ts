import { describe, expect, it } from 'vitest';
import { describeIsoCycle, fromIsoDuration } from '../../src/import/duration.js';
import { kebab, newNode, toJourney, type ImportGraph } from '../../src/import/graph.js';

describe('ISO 8601 timer durations', () => {
  it('reads days, hours, weeks and combinations as journey durations', () => {
    expect(fromIsoDuration('P7D')).toEqual({ duration: '7d', approximate: false });
    expect(fromIsoDuration('PT2H')).toEqual({ duration: '2h', approximate: false });
    expect(fromIsoDuration('P1DT12H')).toEqual({ duration: '36h', approximate: false });
    expect(fromIsoDuration('PT90M')).toEqual({ duration: '90m', approximate: false });
    expect(fromIsoDuration('P2W')).toEqual({ duration: '2w', approximate: false });
    expect(fromIsoDuration('P1M')).toEqual({ duration: '30d', approximate: true });
  });
  it('refuses cycles, cron expressions, dates and empty durations', () => {
    expect(fromIsoDuration('R6/P1D')).toBeUndefined();
    expect(fromIsoDuration('0/5 0/1 * 1/1 * ?')).toBeUndefined();
    expect(fromIsoDuration('2026-12-04T10:00:00Z')).toBeUndefined();
    expect(fromIsoDuration('P')).toBeUndefined();
    expect(fromIsoDuration('PT')).toBeUndefined();
  });
  it('describes ISO cycles and leaves cron alone', () => {
    expect(describeIsoCycle('R6/P1D')).toBe('every 1d, 6 times');
    expect(describeIsoCycle('R/PT1H')).toBe('every 1h');
    expect(describeIsoCycle('0 0 9 * * ?')).toBeUndefined();
  });
});

describe('step ids from names', () => {
  it('writes names in kebab-case without accents or line breaks', () => {
    expect(kebab('Rechnung klären')).toBe('rechnung-klaren');
    expect(kebab('Invoice\nreceived')).toBe('invoice-received');
    expect(kebab('„where is my pizza?“')).toBe('where-is-my-pizza');
    expect(kebab('Straße')).toBe('strasse');
  });
});

describe('graph to journey', () => {
  const chain = (): ImportGraph => {
    const graph: ImportGraph = { nodes: new Map(), notes: [], start: 's' };
    const add = (key: string, name: string | undefined, kind: 'action' | 'end' | 'decision' = 'action') => {
      const node = newNode(key, key, 'task', [], kind);
      if (name !== undefined) node.name = name;
      graph.nodes.set(key, node);
      return node;
    };
    add('s', 'Order received').out.push({ to: 'split' });
    const split = add('split', undefined);
    split.parallel = 'split';
    split.out.push({ to: 'a' }, { to: 'b' });
    add('a', 'Bake the pizza').out.push({ to: 'join' });
    add('b', 'Print the receipt').out.push({ to: 'join' });
    const join = add('join', undefined);
    join.parallel = 'join';
    join.out.push({ to: 'merge' });
    const merge = add('merge', undefined);
    merge.bypass = true;
    merge.out.push({ to: 'e' });
    add('e', 'Delivered', 'end');
    return graph;
  };

  it('sequences parallel branches that are plain chains, and bypasses joins and merges', () => {
    const journey = toJourney(chain(), { id: 'pizza', comments: [] }, 'bpmn');
    const steps = journey.data.steps as { id: string; next?: unknown }[];
    expect(steps.map((step) => [step.id, step.next])).toEqual([
      ['order-received', 'bake-the-pizza'],
      ['bake-the-pizza', 'print-the-receipt'],
      ['print-the-receipt', 'delivered'],
      ['delivered', undefined],
    ]);
    expect(journey.yaml).toContain("# runs in parallel with 'Print the receipt' in the model (parallel gateway split); imported one after the other");
    expect(journey.stepSources.get('bake-the-pizza')).toBe('a');
  });

  it('gives unnamed and repeated names unique ids and writes the same text every time', () => {
    const make = () => {
      const graph: ImportGraph = { nodes: new Map(), notes: [{ element: 'X', message: 'not mapped' }], start: 'a' };
      for (const key of ['a', 'b', 'c']) {
        const node = newNode(key, key, 'task', [], 'action');
        if (key !== 'c') node.name = 'Check the form';
        graph.nodes.set(key, node);
      }
      graph.nodes.get('a')!.out.push({ to: 'b' });
      graph.nodes.get('b')!.out.push({ to: 'c', when: 'yes' });
      return toJourney(graph, { id: 'forms', comments: ['header'] }, 'bpmn');
    };
    const first = make();
    expect((first.data.steps as { id: string }[]).map((step) => step.id)).toEqual(['check-the-form', 'check-the-form-2', 'task']);
    expect(first.yaml).toBe(make().yaml);
    expect(first.yaml.split('\n').slice(0, 3)).toEqual(['# header', '# Not mapped (element id: what and why):', '#   X: not mapped']);
  });
});
