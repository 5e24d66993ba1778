/** What `journey-audit init` writes. */
export const sampleConfig = `# journey-audit configuration: https://github.com/journey-audit/journey-audit#configuration
extends: recommended

rules:
  # Severity per rule: error, warning, info or off; options as [severity, {options}].
  # silent-wait: [warning, { maxSilence: 2d }]

# Files never audited (relative to this file).
ignore: []

# Channels you use besides the built-in ones, and their traits.
# channels:
#   video-call: { automated: false }
`;

/**
 * The sample journey, its first line pointing the YAML language server at `schemaReference` (a path
 * relative to the journey file, so that completion works offline).
 */
export const sampleJourneyWith = (schemaReference: string) => `# yaml-language-server: $schema=${schemaReference}
journey: damaged-item-replacement
title: Replace an item the customer broke
owner: customer-care
channels: [store]
capabilities: [replace-item]
steps:
  - id: report-in-store
    name: Customer brings the broken item to the counter
    channel: store
    actor: customer
    capability: replace-item
    next: clerk-checks-policy
  - id: clerk-checks-policy
    name: Clerk checks the replacement policy
    channel: store
    actor: agent
    owner: retail-ops
    kind: decision
    next:
      - to: replace
        when: manufacturing fault
      - to: offer-repair
        when: damage caused by customer
  - id: offer-repair
    name: Clerk offers a paid repair
    channel: store
    actor: agent
    owner: retail-ops
    fee: "15 EUR"
    next: replace
  - id: replace
    name: Clerk hands over a replacement
    kind: end
    outcome: resolved
    channel: store
    actor: agent
    owner: retail-ops
`;

/** The sample with the schema of a local install (`npm install --save-dev journey-audit`). */
export const sampleJourney = sampleJourneyWith('../node_modules/journey-audit/src/schema/journey.schema.json');
