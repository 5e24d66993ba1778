// @ts-check
/**
 * Data is never collected on paper: paper forms are re-typed, lost, and arrive days later.
 * @type {import('journey-audit').Rule<{}>}
 */
const noPaperForms = {
  meta: {
    id: 'no-paper-forms',
    category: 'channel',
    defaultSeverity: 'warning',
    description: 'No step collects data by mail.',
    rationale: 'A form sent by mail takes days each way, is re-typed by hand and gets lost; customers wait and agents repeat the work.',
    fix: 'Collect the data on the web or in the app, or by phone with an agent who enters it directly.',
    messages: { paperForm: "step '{{step}}' collects {{items}} on a paper form sent by mail" },
    optionsSchema: { type: 'object', additionalProperties: false },
    defaultOptions: {},
  },
  check({ journey, report }) {
    for (const step of journey.steps) {
      if (step.channel !== 'mail' || step.collects.length === 0) continue;
      report({ path: step.path, messageId: 'paperForm', data: { step: step.id, items: step.collects.map((entry) => entry.item).join(', ') } });
    }
  },
};

export default noPaperForms;
