import { anyOwner, ownerTheCustomerMeets } from '../model/handoffs.js';
import { trailKeys } from '../model/paths.js';
import { defineRule } from './define.js';

interface ExcessHandoffsOptions {
  max: number;
  count: 'customer' | 'all';
}


export default defineRule<ExcessHandoffsOptions, 'tooMany' | 'tooManyOwners'>({
  meta: {
    id: 'excess-handoffs',
    category: 'redundant',
    defaultSeverity: 'warning',
    description: 'More changes of owning department along one path than a threshold (default 3).',
    rationale:
      'Every handoff between departments is a transfer the customer feels: a queue, a new person, the story told again. ' +
      'Transfers are among the strongest drivers of customer effort and disloyalty (Dixon, Freeman and Toman, HBR 2010; ' +
      'Dixon, Toman and DeLisi, The Effortless Experience). By default the count follows the departments the customer meets ' +
      'along each way from the start to an end: the owners of customer and agent steps and of steps that show a `message`; ' +
      'back-office role changes the customer never sees (`count: all` counts them too), and steps without an owner, keep ' +
      'the previous owner. A loop counts as the set of its owners, each ' +
      'visited once, so going round a loop again never adds handoffs. Computed by dynamic programming over the loops-condensed ' +
      'graph in topological order: linear in steps and edges.',
    fix:
      'Let one department own the customer\'s case from start to finish, give the front line the access it needs, or ' +
      'move back-office work behind a single owner instead of passing the customer along.',
    messages: {
      tooMany: "the customer is passed between departments {{count}} times on the way to step '{{step}}' (more than {{max}}): {{chain}}",
      tooManyOwners: "{{count}} changes of owner on the way to step '{{step}}' (more than {{max}}): {{chain}}",
    },
    priority: { fixScope: 'structural', effort: 3 },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { max: { type: 'integer', minimum: 0 }, count: { enum: ['customer', 'all'] } },
    },
    defaultOptions: { max: 3, count: 'customer' },
    optionDocs: {
      max: 'Most owner changes allowed on a way from the start to an end.',
      count: '`customer`: changes between the departments the customer meets (customer and agent steps, steps with a `message`). `all`: every change of step owner.',
    },
  },
  check({ analysis, options, report }) {
    // Shared with the metrics' handoff count.
    const ownerOf = options.count === 'all' ? anyOwner : ownerTheCustomerMeets;
    const changes = options.count === 'all' ? analysis.ownerChanges : analysis.customerOwnerChanges;
    const dag = changes.condensation;
    dag.members.forEach((members, component) => {
      const top = changes.trailsOut[component]?.[0];
      // Report where the worst way into a step crosses the threshold, on ways that reach an end.
      if (!changes.onCompletePath[component] || !top || top.component !== component) return;
      if ((changes.countIn[component] ?? -1) > options.max || top.count <= options.max) return;
      const { keys } = trailKeys(analysis, top, ownerOf);
      const owner = keys[options.max + 1];
      const crossing = analysis.inFlowOrder(members).find((step) => step.owner === owner);
      // The trail's key after the threshold is the owner of one of this component's steps.
      if (owner === undefined || !crossing) throw new Error(`internal error: no step of owner ${owner ?? '(none)'} where the hand-offs cross ${options.max}`);
      report({
        path: crossing.path,
        messageId: options.count === 'all' ? 'tooManyOwners' : 'tooMany',
        data: { count: options.max + 1, step: crossing.id, max: options.max, chain: keys.slice(0, options.max + 2).join(' -> ') },
      });
    });
  },
});
