import { cases, defineReplayRule } from './define.js';

export default defineReplayRule<Record<string, never>>({
  meta: {
    id: 'unknown-activity',
    category: 'replay',
    defaultSeverity: 'warning',
    description: 'An activity in the event log that no step of the journey maps to.',
    rationale:
      'An activity the journey does not know is either a step the journey forgot (customers meet something nobody designed) or a back-office detail nobody mapped. Dropping it silently would make every other replay figure look better than it is: the cases that contain it cannot be said to follow the journey.',
    fix: "Name the activity in the `activity` field of the step it belongs to, or in the map file's `steps:`; list activities the journey should deliberately leave out under `ignore:` in the map file.",
    messages: {
      unknown: "activity '{{activity}}' ({{events}} in {{cases}}) maps to no step; name it in a step's 'activity' or in the map file (steps: or ignore:)",
    },
    optionsSchema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
  },
  check({ lived, report }) {
    for (const entry of lived.unknownActivities) {
      report({ path: [], messageId: 'unknown', data: { activity: entry.activity, events: entry.events === 1 ? '1 event' : `${entry.events} events`, cases: cases(entry.cases) } });
    }
  },
});
