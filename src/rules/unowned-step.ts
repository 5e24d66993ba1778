import type { Actor } from '../model/journey.js';
import { defineRule } from './define.js';

interface Options {
  actors: Actor[];
}

/** The company-side actors; customer steps need no owner, so `customer` is not accepted. */
const companyActors: Actor[] = ['agent', 'backstage', 'system', 'partner'];

export default defineRule<Options, 'unowned' | 'unownedWithJourneyOwner'>({
  meta: {
    id: 'unowned-step',
    category: 'ownership',
    defaultSeverity: 'warning',
    description: 'A company-side step with no owning department.',
    rationale:
      'Steps without an owner are where journeys break between departments: the hand-off from sales to operations, the back-office ' +
      'check nobody schedules, the partner nobody chases. The journey owner is accountable for the whole, but each company step ' +
      'needs a department that answers for it when it is slow or wrong.',
    fix: 'Add `owner:` with the responsible department to the step. The journey-level `owner` is not inherited by steps.',
    messages: {
      unowned: "{{actor}} step '{{step}}' has no `owner`: no department is accountable for it",
      unownedWithJourneyOwner:
        "{{actor}} step '{{step}}' has no `owner`: no department is accountable for it (the journey owner '{{journeyOwner}}' is not inherited)",
    },
    priority: { fixScope: 'quick', effort: 1 },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        actors: {
          type: 'array',
          items: { type: 'string', enum: companyActors },
          uniqueItems: true,
          description: 'Actors whose steps need their own owner.',
        },
      },
    },
    defaultOptions: { actors: companyActors },
    optionDocs: {
      actors: 'Actors whose steps need their own `owner`. Customer steps and steps without an actor are never flagged.',
    },
  },
  check({ journey, options, report }) {
    const actors = new Set<string>(options.actors);
    for (const step of journey.steps) {
      if (step.actor === undefined || !actors.has(step.actor) || step.owner !== undefined) continue;
      report(
        journey.owner === undefined
          ? { path: step.path, messageId: 'unowned', data: { actor: step.actor, step: step.id } }
          : { path: step.path, messageId: 'unownedWithJourneyOwner', data: { actor: step.actor, step: step.id, journeyOwner: journey.owner } },
      );
    }
  },
});
