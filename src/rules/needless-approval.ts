import { defineRule } from './define.js';

interface NeedlessApprovalOptions {
  allowWhen: string[];
  empoweredRoles: string[];
}

export default defineRule<NeedlessApprovalOptions, 'needless'>({
  meta: {
    id: 'needless-approval',
    category: 'redundant',
    defaultSeverity: 'warning',
    description: 'An approval on the customer\'s way to an end that the front line could be empowered to give.',
    rationale:
      'An approval step makes the customer wait while the person in front of them asks someone else. Customer-effort ' +
      'research counts waiting, transfers and "I need to check with my manager" among the experiences that drive ' +
      'disloyalty (Dixon, Toman and DeLisi, The Effortless Experience); companies known for service let front-line staff ' +
      'decide goodwill gestures up to a limit. Flagged: `approval` steps reachable from the start that lead on to an end. ' +
      'Approvals tagged with a justifying tag (high value, regulation) or owned by an empowered role are left alone.',
    fix:
      'Empower the front line: give agents a limit up to which they decide themselves, and keep the approval only above it ' +
      '(tag that step `high-value`), or where regulation demands it (tag it `regulatory`).',
    messages: {
      needless: "approval '{{step}}'{{by}} stands between the customer and the outcome: empower the front line to decide, or tag it when it must stay ({{tags}})",
    },
    priority: { fixScope: 'structural', effort: 2 },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        allowWhen: { type: 'array', items: { type: 'string' }, uniqueItems: true },
        empoweredRoles: { type: 'array', items: { type: 'string' }, uniqueItems: true },
      },
    },
    defaultOptions: { allowWhen: ['high-value', 'regulatory'], empoweredRoles: [] },
    optionDocs: {
      allowWhen: 'Step tags that justify an approval (a value above the front-line limit, a legal requirement).',
      empoweredRoles: 'Owners (departments) or actors whose approvals count as front-line decisions and are not flagged.',
    },
  },
  check({ journey, analysis, options, report }) {
    for (const step of journey.steps) {
      if (step.kind !== 'approval' || !analysis.reachable[step.index] || !analysis.canReachEnd[step.index]) continue;
      if (step.tags.some((tag) => options.allowWhen.includes(tag))) continue;
      if ((step.owner !== undefined && options.empoweredRoles.includes(step.owner)) || (step.actor !== undefined && options.empoweredRoles.includes(step.actor))) continue;
      report({
        path: step.path,
        messageId: 'needless',
        data: { step: step.id, by: step.owner ? ` by ${step.owner}` : '', tags: options.allowWhen.join(', ') || 'no tag allowed' },
      });
    }
  },
});
