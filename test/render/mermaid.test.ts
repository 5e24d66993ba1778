import { describe, expect, it } from 'vitest';
import { escapeMarkdown, journeyMarkdown } from '../../src/render/markdown.js';
import { escapeLabel, journeyToMermaid, type MermaidOptions } from '../../src/render/mermaid.js';
import { cardDisputeFindings, finding, loadJourney, parcelFindings } from './helpers.js';

const byChannel: MermaidOptions = { lanes: 'channel', annotate: true, theme: 'default' };
const byOwner: MermaidOptions = { lanes: 'owner', annotate: true, theme: 'neutral' };

describe('journeyToMermaid snapshots', () => {
  it('card-dispute in channel lanes with every annotation', async () => {
    const text = journeyToMermaid(loadJourney('card-dispute.journey.yaml'), cardDisputeFindings, byChannel);
    await expect(text).toMatchFileSnapshot('__snapshots__/card-dispute.channel.mmd');
  });

  it('parcel-missing in owner lanes: all kinds, a missing target, probabilities', async () => {
    const text = journeyToMermaid(loadJourney('all-kinds-by-owner.journey.yaml'), parcelFindings, byOwner);
    await expect(text).toMatchFileSnapshot('__snapshots__/parcel-missing.owner.mmd');
  });

  it('the plain journey without annotations', async () => {
    const text = journeyToMermaid(loadJourney('card-dispute.journey.yaml'), cardDisputeFindings, { ...byChannel, annotate: false });
    await expect(text).toMatchFileSnapshot('__snapshots__/card-dispute.plain.mmd');
  });
});

describe('journeyToMermaid structure', () => {
  const journey = loadJourney('card-dispute.journey.yaml');
  const text = journeyToMermaid(journey, cardDisputeFindings, byChannel);
  const lines = text.split('\n');

  it('is deterministic and independent of the order findings arrive in', () => {
    expect(journeyToMermaid(journey, cardDisputeFindings, byChannel)).toBe(text);
    expect(journeyToMermaid(journey, [...cardDisputeFindings].reverse(), byChannel)).toBe(text);
  });

  it('starts with an init block that keeps securityLevel strict and names the theme', () => {
    expect(lines[0]).toBe('%%{init: {"theme":"default","securityLevel":"strict","flowchart":{"htmlLabels":true,"curve":"basis","nodeSpacing":40,"rankSpacing":55,"padding":12,"wrappingWidth":240}}}%%');
    expect(lines[1]).toBe('flowchart LR');
    expect(journeyToMermaid(journey, [], { ...byChannel, theme: 'dark' }).split('\n')[0]).toContain('"theme":"dark"');
  });

  it('uses generated node ids only, one lane per channel in order of first use, back-office steps with their department', () => {
    const nodeIds = lines.map((line) => /^\s*([a-z]+\d+)[[({>/]/.exec(line)?.[1]).filter(Boolean);
    expect(nodeIds).toEqual(['s0', 'n0', 'n1', 'n2', 'n3', 'n4', 'n5', 'n8', 'n6', 'n7', 'n9', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6']);
    expect(lines.filter((line) => line.trimStart().startsWith('subgraph')).map((line) => line.trim())).toEqual([
      'subgraph lane0["ivr · automated"]',
      'subgraph lane1["app"]',
      'subgraph lane2["back office #183; disputes"]',
      'subgraph lane3["email"]',
      'subgraph lane4["store"]',
      'subgraph legend["Findings"]',
    ]);
  });

  it('draws each kind with its shape', () => {
    expect(text).toContain('n1{"'); // decision
    expect(text).toContain('n5(["'); // wait
    expect(text).toContain('n6{{"'); // approval
    expect(text).toContain('n7>"'); // handoff
    expect(text).toContain('n3[/"'); // message
    expect(text).toContain('n8((("'); // end
  });

  it('colours steps by their worst finding and marks unreachable, trap-loop and no-escape steps', () => {
    expect(lines).toContain('  class n1 sevError');
    expect(lines).toContain('  class n4 sevWarning');
    expect(lines).toContain('  class n9 unreachable');
    expect(lines.filter((line) => line.includes('no way to a person')).map((line) => line.trim().slice(0, 3))).toEqual(['n1{']);
    expect(lines.filter((line) => line.includes('loop with no way out')).map((line) => line.trim().slice(0, 2))).toEqual(['n5', 'n6', 'n7']);
    // Badges: review-dispute carries the silent-wait (4) and trap-loop (5) numbers, each with its own
    // severity mark so that they never read as one number.
    expect(text).toContain('n5(["<b>▲4 ✖5 · ◷ Back office reviews the dispute</b>');
    expect(text).toContain('class n0 automated');
  });

  it('highlights the trap loop edges, greys edges out of unreachable steps, dashes channel switches', () => {
    const edges = lines.filter((line) => line.includes('-->'));
    const styleOf = (index: number) => lines.find((line) => line.startsWith(`  linkStyle ${index} `))?.split(' ').slice(4).join(' ');
    const indexOf = (edge: string) => edges.findIndex((line) => line.trim() === edge);
    expect(styleOf(indexOf('n5 --> n6'))).toBe('stroke:#c62828,stroke-width:4px');
    expect(styleOf(indexOf('n7 --> n5'))).toBe('stroke:#c62828,stroke-width:4px');
    expect(styleOf(indexOf('n9 --> n8'))).toContain('stroke:#9e9e9e');
    expect(styleOf(indexOf('n3 --> n4'))).toBe('stroke:#1565c0,stroke-width:2.5px,stroke-dasharray:8 4');
    expect(styleOf(indexOf('n0 --> n1'))).toBeUndefined();
    expect(edges).toContain('  n6 -->|"approved 80#37;"| n8');
  });

  it('uses lighter edge colours and no lane fills on the dark theme', () => {
    const dark = journeyToMermaid(journey, cardDisputeFindings, { ...byChannel, theme: 'dark' }).split('\n');
    expect(dark).toContain('  linkStyle 7 stroke:#ef5350,stroke-width:4px');
    expect(dark).toContain('  classDef startMark fill:#eceff1,stroke:#eceff1,color:#263238');
    expect(dark.some((line) => line.startsWith('  style lane'))).toBe(false);
    expect(lines).toContain('  style lane0 fill:#f6f8fa,stroke:#90a4ae,stroke-width:1px,color:#37474f');
  });

  it('lists every finding in the legend with its number and rule id', () => {
    const legend = lines.filter((line) => /^\s+f\d+\[/.test(line));
    expect(legend.map((line) => /<b>(.*?)<\/b>/.exec(line)?.[1])).toEqual([
      'ℹ 1 · path-too-long',
      '✖ 2 · no-human-escape',
      '▲ 3 · repeated-data-request',
      '▲ 4 · silent-wait',
      '✖ 5 · trap-loop',
      '✖ 6 · unreachable-step',
    ]);
  });

  it('keeps the whole text of a long finding in the legend', () => {
    const long = 'customers who start to dispute-transaction in the app channel must finish in the phone channel ' + 'because no step in the app lets them upload receipts '.repeat(4);
    const legend = journeyToMermaid(journey, [finding('forced-channel-switch', 'warning', 40, long.trim(), 'open-app')], byChannel)
      .split('\n')
      .find((line) => line.trimStart().startsWith('f1['))!;
    expect(legend).toContain(`<br/>${long.trim()}"]`);
  });

  it('skips suppressed findings and file-level input findings', () => {
    const suppressed = { ...finding('dead-end', 'error', 30, 'x', 'ivr-identify'), suppressed: { kind: 'inSource' as const } };
    const input = { ...finding('schema', 'error', 2, 'bad'), category: 'input' as const };
    expect(journeyToMermaid(journey, [suppressed, input], byChannel)).toBe(journeyToMermaid(journey, [], byChannel));
  });

  it('draws a ghost node for a next that names no step', () => {
    const parcel = journeyToMermaid(loadJourney('all-kinds-by-owner.journey.yaml'), [], byOwner);
    expect(parcel).toContain('x0["<b>? claim-archive</b><br/><small>no such step</small>"]');
    expect(parcel).toContain('n6 -->|"rejected"| x0');
    expect(parcel).toContain('subgraph lane0["customer"]');
  });
});

describe('label escaping', () => {
  it('turns every structural character into an entity code', () => {
    expect(escapeLabel('a "b" [c] {d} <e> |f| #g; %%h `i` &j')).toBe('a #34;b#34; #91;c#93; #123;d#125; #60;e#62; #124;f#124; #35;g#59; #37;#37;h #96;i#96; #38;j');
  });

  it('flattens line breaks and control characters into spaces', () => {
    expect(escapeLabel('one\ntwo\r\nthree\u2028four\u0000five')).toBe('one two three four five');
  });

  it('hides the words Mermaid rewrites on a line (style, classDef)', () => {
    expect(escapeLabel('style x fill:#f00; classDef y')).toBe('#115;tyle x fill:#35;f00#59; #99;lassDef y');
  });

  it('keeps letters of any script and plain punctuation readable', () => {
    expect(escapeLabel('Überprüfe die Identität, bitte (jetzt)!')).toBe('Überprüfe die Identität, bitte (jetzt)!');
  });

  it('keeps a hostile journey to its own nodes and edges', () => {
    const journey = loadJourney('hostile-labels.journey.yaml');
    const text = journeyToMermaid(journey, [], byChannel);
    const nodeLines = text.split('\n').filter((line) => /^\s+n\d+[[({>]/.test(line));
    expect(nodeLines).toHaveLength(journey.steps.length);
    expect(text.split('\n').filter((line) => line.includes('-->'))).toHaveLength(journey.edges.length + 1);
    // Nothing from the file reaches the text unescaped.
    for (const line of nodeLines) {
      const inner = line.slice(line.indexOf('"') + 1, line.lastIndexOf('"'));
      expect(inner.replace(/<\/?(b|small|i|br\/)>/g, '').replace(/#\d+;/g, '')).not.toMatch(/[<>"[\]{}|;%`#&]/);
    }
  });
});

describe('markdown', () => {
  it('escapes Markdown and HTML in text from the file', () => {
    expect(escapeMarkdown('*a* _b_ [c](d) <e> `f` #1 @me | ~g~ $x$ & !h')).toBe('\\*a\\* \\_b\\_ \\[c\\](d) \\<e\\> \\`f\\` \\#1 \\@me \\| \\~g\\~ \\$x\\$ \\& \\!h');
  });

  it('wraps the diagram in a mermaid fence and numbers findings as the badges do', () => {
    const journey = loadJourney('card-dispute.journey.yaml');
    const mermaid = journeyToMermaid(journey, cardDisputeFindings, byChannel);
    const markdown = journeyMarkdown({ journey, findings: cardDisputeFindings, file: 'journeys/card-dispute.journey.yaml', mermaid, annotate: true });
    expect(markdown.split('\n').slice(0, 5)).toEqual(['# Dispute a card payment (card-dispute)', '', 'Source: journeys/card-dispute.journey.yaml', '', '```mermaid']);
    expect(markdown).toContain(`\`\`\`mermaid\n${mermaid}\`\`\`\n`);
    expect(markdown).toContain("5. **error** `trap-loop` at step review-dispute: steps 'review-dispute', 'approve-refund', 'ask-evidence' loop with no way to an end (line 48)");
    expect(markdown).toContain('1. **info** `path-too-long`: the fastest way to a resolved end takes 7d, more than 5d (line 1)');
  });
});
