import { listChannels } from './messages.js';
import type { Step } from '../model/journey.js';
import { formatDuration } from '../util/text.js';
import { defineRule } from './define.js';

interface Options {
  maxRatio: number;
}

export default defineRule<Options, 'slower'>({
  meta: {
    id: 'sla-drift',
    category: 'channel',
    defaultSeverity: 'warning',
    description: 'Response promises for one capability differ between channels by more than a ratio.',
    rationale:
      'A customer who is promised an answer in 4 hours on chat and in 5 days by e-mail learns that the company ranks its ' +
      'customers by channel, and chases the fast one, flooding it. One relationship, many channels: customers expect the ' +
      'same answer, and the same speed, everywhere.',
    fix:
      'Bring the promises closer: shorten the `sla` of the slower channel (route its requests to the same team), or promise ' +
      'a realistic time in the faster one. Raise `maxRatio` if some difference is intended.',
    messages: {
      slower:
        "step '{{step}}' promises {{sla}} for {{capability}} in the {{channel}} {{channelWord}}, more than {{maxRatio}} times the {{fastest}} promised in the {{fastestChannel}} channel (step '{{fastestStep}}')",
    },
    priority: { fixScope: 'quick', effort: 1 },
    drift: 'sla',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { maxRatio: { type: 'number', minimum: 1 } },
    },
    defaultOptions: { maxRatio: 2 },
    optionDocs: {
      maxRatio:
        "Largest accepted ratio between a channel's promise and the fastest channel's promise for the same capability. " +
        "Each channel's promise is the shortest `sla` among the steps serving the capability there.",
    },
  },
  check({ analysis, options, report }) {
    const { capabilities } = analysis;
    for (const capability of capabilities.capabilities) {
      // Each channel's promise: the step promising the shortest `sla` among the steps serving the capability there.
      const promises = capabilities.compared(capability).flatMap((service) => {
        const step = service.fastestSla;
        return step?.sla === undefined ? [] : [{ channel: service.channel, step, sla: step.sla }];
      });
      const [firstPromise, ...otherPromises] = promises;
      if (!firstPromise || otherPromises.length === 0) continue;
      // The fastest channel sets the bar (the first one on ties); each channel slower than maxRatio times it is reported.
      const fastest = otherPromises.reduce((best, promise) => (promise.sla < best.sla ? promise : best), firstPromise);
      const fastestStep = fastest.step;
      // A step reached from several channels' entries is the promise of each of them: report it once, naming them all.
      const slowChannelsByStep = new Map<Step, { sla: number; channels: string[] }>();
      for (const { channel, step, sla } of promises) {
        if (sla <= fastest.sla * options.maxRatio) continue;
        const slow = slowChannelsByStep.get(step);
        if (slow) slow.channels.push(channel);
        else slowChannelsByStep.set(step, { sla, channels: [channel] });
      }
      for (const [step, { sla, channels }] of slowChannelsByStep) {
        report({
          path: step.path,
          messageId: 'slower',
          data: {
            step: step.id,
            sla: formatDuration(sla),
            capability,
            channel: listChannels(channels),
            channelWord: channels.length === 1 ? 'channel' : 'channels',
            maxRatio: options.maxRatio,
            fastest: formatDuration(fastest.sla),
            fastestChannel: fastest.channel,
            fastestStep: fastestStep.id,
          },
          relatedSteps: [fastestStep],
          capability: { name: capability, channels },
        });
      }
    }
  },
});
