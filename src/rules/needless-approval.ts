import { wordMatcher } from '../model/wording.js';
import { defineRule } from './define.js';

interface NeedlessApprovalOptions {
  allowWhen: string[];
  empoweredRoles: string[];
  complianceWords: string[];
}

const defaultComplianceWords = ['anti-money-laundering', 'money laundering', 'aml', 'kyc', 'know your customer', 'know-your-customer', 'fraud', 'regulatory', 'regulator', 'legal', 'compliance', 'sanction', 'underwriting'];

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
      'Approvals tagged with a justifying tag (high value, regulation, compliance), named for compliance (anti-money-laundering, ' +
      'KYC, fraud, regulatory, legal) or owned by an empowered role are left alone.',
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
        complianceWords: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true },
      },
    },
    defaultOptions: { allowWhen: ['high-value', 'regulatory', 'compliance', 'legal', 'aml', 'kyc', 'fraud'], empoweredRoles: [], complianceWords: defaultComplianceWords },
    optionDocs: {
      allowWhen: 'Step tags that justify an approval (a value above the front-line limit, a legal requirement).',
      empoweredRoles: 'Owners (departments) or actors whose approvals count as front-line decisions and are not flagged.',
      complianceWords:
        'Words that mark an approval as a compliance check when its name, id or owner mentions one (at the start of a word, any ' +
        'case): such approvals are not needless.',
    },
  },
  check({ journey, analysis, options, report }) {
    const compliance = wordMatcher(options.complianceWords);
    const namedForCompliance = (text: string | undefined) => text !== undefined && compliance !== undefined && compliance.test(text.replace(/-/g, ' '));
    for (const step of journey.steps) {
      if (step.kind !== 'approval' || !analysis.reachable[step.index] || !analysis.canReachEnd[step.index]) continue;
      if (step.tags.some((tag) => options.allowWhen.includes(tag))) continue;
      if (namedForCompliance(step.name) || namedForCompliance(step.id) || namedForCompliance(step.owner)) continue;
      if ((step.owner !== undefined && options.empoweredRoles.includes(step.owner)) || (step.actor !== undefined && options.empoweredRoles.includes(step.actor))) continue;
      report({
        path: step.path,
        messageId: 'needless',
        data: { step: step.id, by: step.owner ? ` by ${step.owner}` : '', tags: options.allowWhen.join(', ') || 'no tag allowed' },
      });
    }
  },
});
