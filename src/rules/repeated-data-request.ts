import { defineRule } from './define.js';

interface RepeatedDataRequestOptions {
  allowReconfirm: string[];
  knownIn: 'channel' | 'journey';
}

export default defineRule<RepeatedDataRequestOptions, 'repeated'>({
  meta: {
    id: 'repeated-data-request',
    category: 'redundant',
    defaultSeverity: 'warning',
    description: 'A data item asked again although every way to the step already collected it.',
    rationale:
      'Having to repeat information is one of the strongest drivers of customer effort, and effort, more than delight, ' +
      'predicts disloyalty (Dixon, Freeman and Toman, "Stop Trying to Delight Your Customers", HBR 2010). Each repeat ' +
      'tells the customer the company does not listen. The check is a dataflow over the journey graph: an item counts ' +
      'as already collected only when it was collected on EVERY way to the step (loops included), so data gathered on ' +
      'only one of two merging branches is not a repeat. By default data is known in the channel it was collected in; ' +
      'data written to a system marked `shared: true` that stores it is known in every channel. Data collected in one ' +
      'channel and asked again in another, without a shared system, is a data silo (a channel problem), not reported here.',
    fix:
      'Pass the item on from the step that collected it (list it under `requires`), store it in a shared system the later ' +
      'step reads, or remove it from the second `collects`. Items that must be asked again (a fresh one-time code) go in `allowReconfirm`.',
    messages: {
      repeated: "step '{{step}}' asks for '{{item}}' again: every way here already collected it at step '{{first}}'",
    },
    priority: { fixScope: 'quick', effort: 3 },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        allowReconfirm: { type: 'array', items: { type: 'string' }, uniqueItems: true },
        knownIn: { enum: ['channel', 'journey'] },
      },
    },
    defaultOptions: { allowReconfirm: ['one-time-code'], knownIn: 'channel' },
    optionDocs: {
      allowReconfirm: 'Items that may legitimately be asked again, such as a one-time code sent for each check.',
      knownIn:
        "`channel`: collected data is known in the same channel (steps without a channel form one scope of their own), and in " +
        'every channel once the collecting step `uses` a shared system that stores it. `journey`: data collected anywhere is known everywhere.',
    },
  },
  check({ analysis, options, report }) {
    for (const request of analysis.repeatedRequests(options)) {
      report({
        path: ['steps', request.step.index, 'collects', request.position],
        step: request.step,
        relatedSteps: [request.first],
        messageId: 'repeated',
        data: { step: request.step.id, item: request.item, first: request.first.id },
      });
    }
  },
});
