import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importMermaid, type MermaidImportOptions } from '../../src/import/mermaid.js';
import { repositoryRoot } from '../support/cli.js';

const channels = ['web', 'app', 'email', 'sms', 'phone', 'ivr', 'chat', 'chatbot', 'social', 'store', 'mail', 'kiosk', 'field', 'partner'];
const options: MermaidImportOptions = { lanes: 'channel', knownChannels: channels, customer: [] };
const stepsOf = (source: string, settings: MermaidImportOptions = options) => {
  const imported = importMermaid(source, 'wiki.mmd', settings);
  expect(imported.error).toBeUndefined();
  return imported.journey!.data.steps as Record<string, unknown>[];
};

describe('Mermaid flowcharts', () => {
  it('reads nodes, shapes, edge labels in both notations, chains and & groups', () => {
    const steps = stepsOf(`graph LR
  A[Report the fault] --> B{Known outage?}
  B -->|yes| C(Tell the customer) --> D([Closed])
  B -- no --> E & F
  E[Book a technician] -.-> D
  F[Send an SMS] ==> D`);
    expect(steps.map((step) => [step.id, step.kind ?? 'action', step.next])).toEqual([
      ['report-the-fault', 'action', 'known-outage'],
      ['known-outage', 'decision', [{ to: 'tell-the-customer', when: 'yes' }, { to: 'book-a-technician', when: 'no' }, { to: 'send-an-sms', when: 'no' }]],
      ['tell-the-customer', 'action', 'closed'],
      ['closed', 'end', undefined],
      ['book-a-technician', 'action', 'closed'],
      ['send-an-sms', 'action', 'closed'],
    ]);
    expect(steps.map((step) => step.source)).toEqual(['A', 'B', 'C', 'D', 'E', 'F'].map((id) => ({ mermaid: id })));
  });

  it('reads subgraphs as channels, or as departments with lanes: owner; a customer subgraph gives customer steps', () => {
    const source = `flowchart TD
  subgraph Customer
    A[Ask for a refund]
  end
  subgraph web [Web shop]
    B[Check the order]
  end
  subgraph Billing
    C[Pay back]
  end
  A --> B --> C --> D[Refunded]`;
    expect(stepsOf(source).map((step) => [step.id, step.actor, step.channel, step.owner])).toEqual([
      ['ask-for-a-refund', 'customer', undefined, undefined],
      ['check-the-order', undefined, 'web', undefined],
      ['pay-back', undefined, undefined, undefined],
      ['refunded', undefined, undefined, undefined],
    ]);
    expect(importMermaid(source, 'wiki.mmd', options).journey!.notes).toEqual([
      { element: 'C', message: "subgraph 'Billing' names no known channel: its steps get none (--lanes owner reads subgraphs as departments; the mapping file can name a channel)" },
    ]);
    expect(stepsOf(source, { ...options, lanes: 'owner' }).map((step) => step.owner)).toEqual([undefined, 'web-shop', 'billing', undefined]);
    const mapped = stepsOf(source, { ...options, mapping: { billing: { owner: 'finance', actor: 'backstage' } } });
    expect(mapped.map((step) => [step.actor, step.owner, step.channel])).toEqual([
      ['customer', undefined, undefined],
      [undefined, undefined, 'web'],
      ['backstage', 'finance', undefined],
      [undefined, undefined, undefined],
    ]);
  });

  it('reads a sink as an end, unresolved when its text says so, and skips comments, styles and classes', () => {
    const steps = stepsOf(`flowchart TD
  %% a comment
  A[Apply] --> B{Approved?}
  B -->|yes| C[Account opened]
  B -->|no| D[Application rejected]
  classDef red fill:#f00
  class D red
  style A fill:#eee`);
    expect(steps.filter((step) => step.kind === 'end').map((step) => [step.id, step.outcome])).toEqual([
      ['account-opened', 'resolved'],
      ['application-rejected', 'unresolved'],
    ]);
  });

  it('refuses other diagram types and unsupported syntax with a line and column', () => {
    expect(importMermaid('sequenceDiagram\n  A->>B: hi', 'x.mmd', options).error).toEqual({ message: "expected 'flowchart' or 'graph' and a direction, found 'sequenceDiagram': only flowcharts can be imported", line: 1, column: 1 });
    expect(importMermaid('flowchart TD\n  A[Start] --> B[Open\n', 'x.mmd', options).error).toEqual({ message: "node 'B': the shape opened with '[' is not closed", line: 2, column: 17 });
    expect(importMermaid('flowchart TD\n  A --> B@{ shape: rect }', 'x.mmd', options).error).toMatchObject({ line: 2, column: 10 });
    expect(importMermaid('flowchart TD\n  subgraph One\n  A --> B', 'x.mmd', options).error).toEqual({ message: "subgraph 'One' has no 'end'", line: 3, column: 1 });
    expect(importMermaid('flowchart TD\n  A ~~> B', 'x.mmd', options).error).toMatchObject({ line: 2, column: 5 });
  });

  it('positions each node where it is first written', () => {
    const imported = importMermaid('flowchart TD\n  A[One] --> B\n  B --> C', 'x.mmd', options);
    expect(Object.fromEntries(imported.positions)).toEqual({
      A: { line: 2, column: 3, endLine: 2, endColumn: 4 },
      B: { line: 2, column: 14, endLine: 2, endColumn: 15 },
      C: { line: 3, column: 9, endLine: 3, endColumn: 10 },
    });
  });

  it('imports the wiki example in examples/', () => {
    const source = readFileSync(path.join(repositoryRoot, 'examples', 'wiki-password-reset.mmd'), 'utf8');
    const imported = importMermaid(source, 'wiki-password-reset.mmd', options);
    expect(imported.error).toBeUndefined();
    const steps = imported.journey!.data.steps as Record<string, unknown>[];
    expect(steps).toHaveLength(9);
    expect(steps.find((step) => step.id === 'show-check-your-address')!.next).toEqual([{ to: 'agent-verifies-identity', when: 'calls support' }]);
  });
});
