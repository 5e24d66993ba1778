import type { JourneyAnalysis } from '../model/analysis.js';
import type { Step } from '../model/journey.js';
import { fastestWayTo, fewestStepsTo } from '../model/paths.js';
import { formatDuration, parseDuration } from '../util/text.js';
import { defineRule } from './define.js';

/** Days read better than weeks for journey times: 12d, not 1.7w. */
function formatTime(minutes: number): string {
  return minutes >= 1440 ? `${Number((minutes / 1440).toFixed(1))}d` : formatDuration(minutes);
}

interface PathTooLongOptions {
  maxSteps: number;
  maxDuration: string;
  outcomes: string[];
  count: 'customer' | 'all';
}

/** A step the customer meets: their own, a front-line agent's, or one that shows them a `message`. */
const customerMeets = (step: Step): boolean => step.actor === 'customer' || step.actor === 'agent' || step.message !== undefined;

export default defineRule<PathTooLongOptions, 'tooManySteps' | 'tooSlow'>({
  meta: {
    id: 'path-too-long',
    category: 'redundant',
    defaultSeverity: 'warning',
    description: 'Even the shortest way to a resolution takes more steps or more time than a threshold.',
    rationale:
      'When even the best way through a journey is long, every customer pays for it. Customer-effort research finds that ' +
      'the effort of getting an issue resolved, not the friendliness on the way, predicts whether customers stay ' +
      '(Dixon, Freeman and Toman, HBR 2010). Steps are counted on the way with the fewest steps from the start to a ' +
      '`resolved` end; by default only the steps the customer meets count (customer and agent steps, steps that show a ' +
      '`message`): the kitchen\'s and the warehouse\'s steps take time, not customer effort (`count: all` counts every ' +
      'step, breadth-first). Time is the sum of the steps\' `duration` on the fastest way (Dijkstra). Steps ' +
      'without a duration count as no time, so the time is then a lower bound and the message says "at least" and how many ' +
      'steps were timed. The message names the way (first and last step, how many steps); `--format json` lists every step ' +
      'of it under `relatedSteps`. Journeys with no way to a resolution are left to the broken-journey rules.',
    fix: 'Remove steps that add nothing, do in parallel or in one contact what now happens in sequence, or offer a shortcut for the common case.',
    messages: {
      tooManySteps: "the shortest way from the start to a resolution takes {{steps}} steps{{met}} (more than {{max}}): from '{{first}}' to '{{end}}'",
      tooSlow: "the fastest way from the start to a resolution takes {{duration}} (more than {{max}}): {{steps}} steps from '{{first}}' to '{{end}}'{{timed}}",
    },
    priority: { fixScope: 'structural', effort: 2 },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        maxSteps: { type: 'integer', minimum: 1 },
        maxDuration: { type: 'string', pattern: '^[0-9]{1,9}(\\.[0-9]{1,3})?(s|m|h|d|w)$' },
        outcomes: { type: 'array', items: { type: 'string' }, minItems: 1, uniqueItems: true },
        count: { enum: ['customer', 'all'] },
      },
    },
    defaultOptions: { maxSteps: 15, maxDuration: '10d', outcomes: ['resolved'], count: 'customer' },
    optionDocs: {
      maxSteps: 'Most steps on the shortest way to a resolution (the steps the customer meets, or every step with `count: all`).',
      count: '`customer`: count the steps the customer meets (customer and agent steps, steps with a `message`). `all`: every step, start and end included.',
      maxDuration: 'Longest total `duration` on the fastest way to a resolution, e.g. `10d`, `36h`.',
      outcomes: 'End outcomes that count as a resolution.',
    },
  },
  check({ analysis, options, report }) {
    const isResolution = (step: { kind: string; outcome?: string }) => step.kind === 'end' && step.outcome !== undefined && options.outcomes.includes(step.outcome);
    // The way with the fewest steps that count: breadth-first for every step, 0/1 weights for the steps the customer meets.
    const fewest = options.count === 'all' ? fewestStepsTo(analysis, isResolution) : fastestWayTo(analysis, (step) => (customerMeets(step) ? 1 : 0), isResolution);
    const counted = fewest === undefined ? 0 : options.count === 'all' ? fewest.steps : fewest.path.filter((index) => customerMeets(analysis.step(index))).length;
    if (fewest && counted > options.maxSteps) {
      const { way, first, end } = stepsOf(analysis, fewest);
      report({
        path: [],
        messageId: 'tooManySteps',
        data: {
          steps: counted,
          met: options.count === 'all' ? '' : ` the customer meets (${way.length} in all)`,
          max: options.maxSteps,
          first: first.id,
          end: end.id,
        },
        relatedSteps: way,
      });
    }
    const maxMinutes = parseDuration(options.maxDuration);
    if (maxMinutes === undefined) return;
    const fastest = fastestWayTo(analysis, (step) => step.duration ?? 0, isResolution);
    if (fastest && fastest.total > maxMinutes) {
      const { way, first, end } = stepsOf(analysis, fastest);
      const timed = way.filter((step) => step.duration !== undefined).length;
      const complete = timed === way.length;
      report({
        path: [],
        messageId: 'tooSlow',
        data: {
          duration: `${complete ? '' : 'at least '}${formatTime(fastest.total)}`,
          max: options.maxDuration,
          steps: way.length,
          first: first.id,
          end: end.id,
          timed: complete ? '' : ` (${timed} of ${way.length} steps timed)`,
        },
        relatedSteps: way,
      });
    }
  },
});

/** The steps of a way from the start, with its first and last step (a way holds at least its target). */
function stepsOf(analysis: JourneyAnalysis, { path, target }: { path: readonly number[]; target: number }): { way: Step[]; first: Step; end: Step } {
  const way = path.map((index) => analysis.step(index));
  const end = analysis.step(target);
  return { way, first: way[0] ?? end, end };
}
