import type { Step } from '../model/journey.js';
import { trailKeys } from '../model/paths.js';
import { defineRule } from './define.js';

interface ExcessHandoffsOptions {
  max: number;
}

const ownerOf = (step: Step) => step.owner;

export default defineRule<ExcessHandoffsOptions, 'tooMany'>({
  meta: {
    id: 'excess-handoffs',
    category: 'redundant',
    defaultSeverity: 'warning',
    description: 'More changes of owning department along one path than a threshold (default 3).',
    rationale:
      'Every handoff between departments is a transfer the customer feels: a queue, a new person, the story told again. ' +
      'Transfers are among the strongest drivers of customer effort and disloyalty (Dixon, Freeman and Toman, HBR 2010; ' +
      'Dixon, Toman and DeLisi, The Effortless Experience). The count follows owners along each way from the start to an ' +
      'end: steps without an owner (customer steps) keep the previous owner. A loop counts as the set of its owners, each ' +
      'visited once, so going round a loop again never adds handoffs. Computed by dynamic programming over the loops-condensed ' +
      'graph in topological order: linear in steps and edges.',
    fix:
      'Let one department own the customer\'s case from start to finish, give the front line the access it needs, or ' +
      'move back-office work behind a single owner instead of passing the customer along.',
    messages: {
      tooMany: "{{count}} changes of owner on the way to step '{{step}}' (more than {{max}}): {{chain}}",
    },
    priority: { fixScope: 'structural', effort: 3 },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { max: { type: 'integer', minimum: 0 } },
    },
    defaultOptions: { max: 3 },
    optionDocs: { max: 'Most owner changes allowed on a way from the start to an end.' },
  },
  check({ journey, analysis, options, report }) {
    // Shared with the metrics' handoff count.
    const changes = analysis.ownerChanges;
    const dag = changes.condensation;
    const ranks = analysis.flowRanks;
    for (let component = dag.members.length - 1; component >= 0; component--) {
      const top = changes.trailsOut[component]?.[0];
      // Report where the worst way into a step crosses the threshold, on ways that reach an end.
      if (!changes.onCompletePath[component] || !top || top.component !== component) continue;
      if (changes.countIn[component]! > options.max || top.count <= options.max) continue;
      const { keys } = trailKeys(analysis, top, ownerOf);
      const owner = keys[options.max + 1]!;
      const crossing = [...dag.members[component]!].sort((a, b) => ranks[a]! - ranks[b]!).map((node) => journey.steps[node]!).find((step) => step.owner === owner)!;
      report({
        path: crossing.path,
        messageId: 'tooMany',
        data: { count: options.max + 1, step: crossing.id, max: options.max, chain: keys.slice(0, options.max + 2).join(' -> ') },
      });
    }
  },
});
