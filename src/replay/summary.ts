/** What a replay found, as data for JSON, text for the terminal and an overlay for the diagram. Pure. */
import type { LivedOverlay } from '../render/mermaid.js';
import { neutralisePage } from '../util/text.js';
import { percentile, total } from './histogram.js';
import type { MetricsSideBySide } from './lived-metrics.js';
import { waysAsLived, type LivedJourney } from './replay.js';
import { percent, seconds } from './rules/define.js';

const round = (value: number | undefined) => (value === undefined ? null : Math.round(value));

export function livedOverlay(lived: LivedJourney): LivedOverlay {
  const mapped = new Set(lived.mapping.stepOf.values());
  return {
    steps: lived.journey.steps.map((step) =>
      mapped.has(step.index) ? { visits: lived.visits[step.index]!, ...(total(lived.arrivalTimes[step.index]!) > 0 ? { medianSeconds: percentile(lived.arrivalTimes[step.index]!, 50)! } : {}) } : undefined,
    ),
    edgeCases: lived.edgeFlow,
    edgeMedians: lived.edgeTimes.map((times) => percentile(times, 50)),
    undeclared: lived.deviations.map((deviation) => {
      const median = percentile(deviation.times, 50);
      return { from: deviation.from, to: deviation.to, cases: deviation.cases, ...(median !== undefined ? { medianSeconds: median } : {}) };
    }),
  };
}

/** The replay's figures for machine formats (the JSON report's `replay` member). */
export function livedSummary(lived: LivedJourney, metrics?: MetricsSideBySide): Record<string, unknown> {
  const { journey, aggregates } = lived;
  const mapped = new Set(lived.mapping.stepOf.values());
  return {
    cases: lived.cases,
    events: aggregates.summary.events,
    fittingCases: lived.fittingCases,
    fitness: lived.cases === 0 ? 0 : lived.fittingCases / lived.cases,
    moves: lived.moves,
    matchingMoves: lived.matchingMoves,
    variants: waysAsLived(lived).slice(0, 20).map((way) => ({ cases: way.cases, fits: way.fits, steps: way.visits })),
    distinctVariants: lived.variants.length,
    distinctWays: waysAsLived(lived).length,
    unknownActivities: lived.unknownActivities,
    steps: journey.steps
      .filter((step) => mapped.has(step.index))
      .map((step) => ({
        step: step.id,
        visits: lived.visits[step.index],
        arrivalP50Seconds: round(percentile(lived.arrivalTimes[step.index]!, 50)),
        arrivalP90Seconds: round(percentile(lived.arrivalTimes[step.index]!, 90)),
        responseP50Seconds: round(percentile(lived.responseTimes[step.index]!, 50)),
        responseP90Seconds: round(percentile(lived.responseTimes[step.index]!, 90)),
      })),
    edges: journey.edges
      .filter((edge) => edge.to >= 0)
      .map((edge) => ({ from: journey.steps[edge.from]!.id, to: edge.target, cases: lived.edgeFlow[edge.index], medianSeconds: round(percentile(lived.edgeTimes[edge.index]!, 50)) })),
    deviations: lived.deviations.map((deviation) => ({
      from: deviation.from === -1 ? null : journey.steps[deviation.from]!.id,
      to: journey.steps[deviation.to]!.id,
      cases: deviation.cases,
      medianSeconds: round(percentile(deviation.times, 50)),
      skipped: deviation.skipped.map((index) => journey.steps[index]!.id),
    })),
    ...(metrics ? { metrics } : {}),
  };
}

/** The terminal's "as lived" block, printed after the findings in the stylish format. */
export function livedText(lived: LivedJourney, top = 5): string {
  const { journey } = lived;
  const lines: string[] = [];
  const share = (count: number) => (lived.cases === 0 ? '-' : percent(count / lived.cases));
  lines.push(`as lived: ${journey.id}: ${lived.cases} cases, ${lived.aggregates.summary.events} events; ${lived.fittingCases} cases (${share(lived.fittingCases)}) follow the journey; ${lived.moves === 0 ? '-' : percent(lived.matchingMoves / lived.moves)} of moves match`);
  const ways = waysAsLived(lived);
  lines.push('', `  most common ways (${ways.length} distinct ways, ${lived.variants.length} variants of activities):`);
  for (const variant of ways.slice(0, top)) {
    lines.push(`  ${String(variant.cases).padStart(7)}  ${share(variant.cases).padStart(6)}  ${variant.fits ? 'fits    ' : 'deviates'}  ${variant.visits.join(' → ') || '(no mapped step)'}`);
  }
  const mapped = new Set(lived.mapping.stepOf.values());
  const rows = journey.steps
    .filter((step) => mapped.has(step.index))
    .map((step) => [
      step.id,
      String(lived.visits[step.index]),
      // A customer's step is measured by the answer it gets, like sla-breach does.
      seconds(percentile((step.actor === 'customer' ? lived.responseTimes : lived.arrivalTimes)[step.index]!, 50)),
      seconds(percentile((step.actor === 'customer' ? lived.responseTimes : lived.arrivalTimes)[step.index]!, 90)),
      step.sla !== undefined ? seconds(step.sla * 60) : step.duration !== undefined ? `~${seconds(step.duration * 60)}` : '-',
    ]);
  if (rows.length > 0) {
    const header = ['step', 'visits', 'p50', 'p90', 'declared'];
    const widths = header.map((title, index) => Math.max(title.length, ...rows.map((row) => row[index]!.length)));
    const line = (cells: string[]) => `  ${cells.map((cell, index) => (index === 0 ? cell.padEnd(widths[index]!) : cell.padStart(widths[index]!))).join('  ')}`;
    lines.push('', line(header), ...rows.map(line));
    lines.push("  p50/p90: time since the event before the step (customer steps: time to the company's next event); declared: sla, or ~duration");
  }
  return `${neutralisePage(lines.join('\n'))}\n`;
}
