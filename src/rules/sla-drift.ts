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
      const promising = capabilities.compared(capability).filter((service) => service.fastestSla?.sla !== undefined);
      if (promising.length < 2) continue;
      // The fastest channel sets the bar (the first one on ties); each channel slower than maxRatio times it is reported.
      const fastest = promising.reduce((best, service) => (service.fastestSla!.sla! < best.fastestSla!.sla! ? service : best));
      const fastestStep = fastest.fastestSla!;
      // A step reached from several channels' entries is the promise of each of them: report it once, naming them all.
      const slowChannelsByStep = new Map<Step, string[]>();
      for (const service of promising) {
        const step = service.fastestSla!;
        if (step.sla! <= fastestStep.sla! * options.maxRatio) continue;
        const channels = slowChannelsByStep.get(step);
        if (channels) channels.push(service.channel);
        else slowChannelsByStep.set(step, [service.channel]);
      }
      for (const [step, channels] of slowChannelsByStep) {
        report({
          path: step.path,
          messageId: 'slower',
          data: {
            step: step.id,
            sla: formatDuration(step.sla!),
            capability,
            channel: listChannels(channels),
            channelWord: channels.length === 1 ? 'channel' : 'channels',
            maxRatio: options.maxRatio,
            fastest: formatDuration(fastestStep.sla!),
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
