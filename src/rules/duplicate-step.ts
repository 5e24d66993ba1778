import { earlierMembersOfGroups } from '../model/paths.js';
import type { Step } from '../model/journey.js';
import { normaliseName } from '../util/text.js';
import { defineRule } from './define.js';
import { quote } from './messages.js';

/** The keys under which two steps count as the same action (same channel and actor in both); `name` is normalised. */
function actionKeys(step: Step, name: string | undefined, keys: string[]): void {
  keys.length = 0;
  const where = `${step.channel ?? ''}\u0000${step.actor ?? ''}`;
  if (name !== undefined && name !== '') keys.push(`name\u0000${where}\u0000${name}`);
  // A missing message never makes two steps equal.
  if (step.message !== undefined) keys.push(`message\u0000${where}\u0000${step.capability ?? ''}\u0000${step.kind}\u0000${step.message}`);
}

export default defineRule({
  meta: {
    id: 'duplicate-step',
    category: 'redundant',
    defaultSeverity: 'warning',
    description: 'The same action, in the same channel by the same actor, twice on one path.',
    rationale:
      'Doing the same thing twice is effort the customer notices: the second identity check, the second "describe your ' +
      'problem". Customer-effort research finds that repeating work and information is what turns customers away ' +
      '(Dixon, Freeman and Toman, HBR 2010). A duplicate usually means two departments each added their own version of a step. ' +
      'Two steps are the same action when their names match ignoring case and spacing, or when capability, kind and message ' +
      'all match and a message is present (a missing message never makes steps equal); channel and actor must match too. ' +
      'They are on one path when one is reachable from the other; only steps reachable from the start count. The finding ' +
      'is at the later step and names the earlier one; within a loop, the later is the one further from the start.',
    fix: 'Keep one of the two steps and let the later part of the journey use its result; if both are needed, name what differs.',
    messages: {
      duplicate: "step '{{step}}' repeats step '{{first}}' ({{action}}): same action, channel and actor on one path",
      duplicateFarUp: "step '{{step}}' repeats {{action}}, done by an earlier step in the same channel by the same actor on the way here",
    },
    priority: { fixScope: 'structural', effort: 2 },
  },
  /**
   * Steps are grouped by action key first (linear); one bit-parallel dataflow over the condensation then
   * answers "does an earlier member of the group lead here" for every group at once:
   * O((steps + edges) x groups / 32), see earlierMembersOfGroups.
   */
  check({ journey, analysis, report }) {
    const steps = journey.steps;
    // Each name normalised once: the keys and the messages both need it.
    const names: (string | undefined)[] = new Array(steps.length);
    const groups = new Map<string, number[]>();
    const keys: string[] = [];
    for (const step of steps) {
      if (!analysis.reachable[step.index]) continue;
      const name = step.name === undefined ? undefined : normaliseName(step.name);
      names[step.index] = name;
      actionKeys(step, name, keys);
      for (const key of keys) {
        const group = groups.get(key);
        if (group) group.push(step.index);
        else groups.set(key, [step.index]);
      }
    }
    const distance = analysis.distancesFromStart;
    const duplicated: number[][] = [];
    for (const group of groups.values()) if (group.length >= 2) duplicated.push(group);
    // Per member, the earlier duplicate to name: -1 when one exists too far up to name.
    const earliest = new Map<number, number>();
    const nearer = (a: number, b: number) => (distance[a] ?? -1) < (distance[b] ?? -1) || (distance[a] === distance[b] && a < b);
    for (const [member, earlier] of earlierMembersOfGroups(analysis, duplicated, distance)) {
      const known = earliest.get(member);
      // -1: an earlier duplicate exists but lies too far up to name; any named one is preferred.
      if (known === undefined || (known < 0 && earlier >= 0)) earliest.set(member, earlier);
      else if (earlier >= 0 && nearer(earlier, known)) earliest.set(member, earlier);
    }
    for (const step of steps) {
      const earlier = earliest.get(step.index);
      if (earlier === undefined) continue;
      if (earlier < 0) {
        // Very long journeys: the earlier duplicate is certain but too far up the way to name cheaply.
        const action = step.name !== undefined ? quote(step.name.trim()) : `message ${quote(String(step.message))}`;
        report({ path: step.path, messageId: 'duplicateFarUp', data: { step: step.id, action } });
        continue;
      }
      const first = analysis.step(earlier);
      const sameName = step.name !== undefined && first.name !== undefined && names[step.index] === names[earlier];
      const action = sameName && first.name !== undefined ? quote(first.name.trim()) : `message ${quote(String(step.message))}`;
      report({ path: step.path, relatedSteps: [first], messageId: 'duplicate', data: { step: step.id, first: first.id, action } });
    }
  },
});
