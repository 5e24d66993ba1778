import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const run = (...args: string[]) => runCli(args);

const legend = [
  '',
  'shortest/longest: steps from the start to a resolved end (loops counted once); expected: expected time to a resolved end;',
  'handoffs/switches: owner and customer-channel changes on the worst way; twice: data items asked again; no-human: automated',
  'steps with no way to a person; effort: customer effort index, 0 (effortless) to 100.',
];

describe('journey-audit metrics', () => {
  it('prints one table row per journey', () => {
    expect(run('metrics', 'test/fixtures/metrics/good')).toEqual({
      status: 0,
      stdout: [
        'journey                   steps  channels  owners  decisions  shortest  longest  expected  handoffs  switches  asked  twice  no-human  effort',
        'damaged-item-replacement      4         1       1          1         3        4        1d         0         0      0      0         0       9',
        'support-call                  5         2       3          1         5        5      1.2h         2         0      1      0         0      25',
        ...legend,
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('prints JSON for machines', () => {
    const result = run('metrics', '--format', 'json', 'test/fixtures/metrics/good/support-call.journey.yaml');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      {
        file: 'test/fixtures/metrics/good/support-call.journey.yaml',
        journey: 'support-call',
        metrics: {
          steps: 5,
          channels: 2,
          owners: 3,
          decisions: 1,
          shortestPathSteps: 5,
          longestPathSteps: 5,
          // 2m + 0 (the menu loops on itself) + 10m + 1h.
          expectedMinutesToResolution: 72,
          handoffsWorstPath: 2,
          channelSwitches: 0,
          dataItemsAsked: 1,
          dataItemsAskedTwice: 0,
          automatedStepsWithoutHumanRoute: 0,
          customerEffortIndex: 25,
        },
      },
    ]);
  });

  it('still shows the valid journeys and exits 2 when a file is not a valid journey', () => {
    const result = run('metrics', 'test/fixtures/metrics');
    expect(result.status).toBe(2);
    expect(result.stdout.split('\n').slice(1, 3).map((line) => line.split(/\s+/)[0])).toEqual(['damaged-item-replacement', 'support-call']);
    expect(result.stderr).toBe(
      "journey-audit: test/fixtures/metrics/broken/not-a-journey.journey.yaml: not a valid journey; 'journey-audit validate test/fixtures/metrics/broken/not-a-journey.journey.yaml' shows why\n",
    );
  });

  it('adds a metrics object per journey to the JSON audit report', () => {
    const result = run('audit', '--format', 'json', 'test/fixtures/metrics/good/replace-item.journey.yaml');
    expect(result.status).toBe(0);
    const [file] = JSON.parse(result.stdout) as Array<{ messages: Array<{ ruleId: string }>; metrics: Record<string, unknown> }>;
    expect(file!.messages.map((message) => message.ruleId)).toEqual(['needless-approval', 'silent-wait']);
    expect(file!.metrics).toEqual({
      steps: 4,
      channels: 1,
      owners: 1,
      decisions: 1,
      shortestPathSteps: 3,
      longestPathSteps: 4,
      expectedMinutesToResolution: 1440,
      handoffsWorstPath: 0,
      channelSwitches: 0,
      dataItemsAsked: 0,
      dataItemsAskedTwice: 0,
      automatedStepsWithoutHumanRoute: 0,
      customerEffortIndex: 9,
    });
  });
});
