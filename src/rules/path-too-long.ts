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
}

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
      '`resolved` end (breadth-first); time is the sum of the steps\' `duration` on the fastest way (Dijkstra; steps ' +
      'without a duration count as no time). Journeys with no way to a resolution are left to the broken-journey rules.',
    fix: 'Remove steps that add nothing, do in parallel or in one contact what now happens in sequence, or offer a shortcut for the common case.',
    messages: {
      tooManySteps: 'the shortest way from the start to a resolution takes {{steps}} steps (more than {{max}}), ending at step \'{{end}}\'',
      tooSlow: 'the fastest way from the start to a resolution takes {{duration}} (more than {{max}}), ending at step \'{{end}}\'',
    },
    priority: { fixScope: 'structural', effort: 2 },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        maxSteps: { type: 'integer', minimum: 1 },
        maxDuration: { type: 'string', pattern: '^[0-9]{1,9}(\\.[0-9]{1,3})?(s|m|h|d|w)$' },
        outcomes: { type: 'array', items: { type: 'string' }, minItems: 1, uniqueItems: true },
      },
    },
    defaultOptions: { maxSteps: 15, maxDuration: '10d', outcomes: ['resolved'] },
    optionDocs: {
      maxSteps: 'Most steps (start and end included) on the shortest way to a resolution.',
      maxDuration: 'Longest total `duration` on the fastest way to a resolution, e.g. `10d`, `36h`.',
      outcomes: 'End outcomes that count as a resolution.',
    },
  },
  check({ journey, analysis, options, report }) {
    const isResolution = (step: { kind: string; outcome?: string }) => step.kind === 'end' && step.outcome !== undefined && options.outcomes.includes(step.outcome);
    const fewest = fewestStepsTo(analysis, isResolution);
    if (fewest && fewest.steps > options.maxSteps) {
      report({ path: [], messageId: 'tooManySteps', data: { steps: fewest.steps, max: options.maxSteps, end: journey.steps[fewest.target]!.id } });
    }
    const maxMinutes = parseDuration(options.maxDuration);
    if (maxMinutes === undefined) return;
    const fastest = fastestWayTo(analysis, (step) => step.duration ?? 0, isResolution);
    if (fastest && fastest.total > maxMinutes) {
      report({ path: [], messageId: 'tooSlow', data: { duration: formatTime(fastest.total), max: options.maxDuration, end: journey.steps[fastest.target]!.id } });
    }
  },
});
