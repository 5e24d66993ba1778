// @ts-check
/** @typedef {{ max: number, currency: string }} Options */

/**
 * Customers must never pay more than a set fee at any step. Plain data with a check function: a pack needs no
 * runtime import from journey-audit (the type below is for editors only).
 * @type {import('journey-audit').Rule<Options>}
 */
const maxFee = {
  meta: {
    id: 'max-fee',
    category: 'channel',
    defaultSeverity: 'warning',
    description: 'No step charges more than the fee ACME allows.',
    rationale: 'ACME promises customers that no service step costs more than a small fixed fee; a larger charge breaks that promise and drives complaints.',
    fix: 'Lower the `fee`, or move the charge to the order where the customer sees it before buying.',
    messages: {
      tooHigh: "step '{{step}}' charges {{fee}}, more than the {{max}} {{currency}} ACME allows",
      otherCurrency: "step '{{step}}' charges {{fee}}, not in {{currency}}: ACME prices service fees in {{currency}}",
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { max: { type: 'number', minimum: 0 }, currency: { type: 'string', minLength: 1 } },
    },
    defaultOptions: { max: 10, currency: 'EUR' },
  },
  check({ journey, options, report }) {
    for (const step of journey.steps) {
      if (step.fee === undefined) continue;
      const match = /^(\d+(?:\.\d+)?)\s*([A-Z]{3})$/.exec(step.fee.trim());
      const data = { step: step.id, fee: step.fee, max: options.max, currency: options.currency };
      if (!match || match[2] !== options.currency) report({ path: [...step.path, 'fee'], messageId: 'otherCurrency', data });
      else if (Number(match[1]) > options.max) report({ path: [...step.path, 'fee'], messageId: 'tooHigh', data });
    }
  },
};

export default maxFee;
