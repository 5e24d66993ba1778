import { builtinChannels, type ChannelTraits } from '../model/channels.js';
import type { Edge, Journey, Step, StepKind } from '../model/journey.js';
import type { Finding, Severity } from '../types.js';
import { formatDuration } from '../util/text.js';

/**
 * Journey -> Mermaid flowchart text, with the audit's findings drawn on it. Pure and deterministic:
 * the same journey and findings always give byte-identical text.
 *
 * Safety: every piece of text that comes from a journey file goes through `label()`, which keeps
 * letters, digits, spaces and a few harmless punctuation marks and writes everything else as a
 * Mermaid entity code (`#35;` for `#`). Quotes, brackets, `%%` directives, `;`, HTML and keywords
 * therefore stay inside a quoted label and can never change the diagram's structure. Node ids are
 * generated here (n0, n1, ...), never taken from the file.
 */

export type LaneMode = 'channel' | 'owner';
export type DiagramTheme = 'default' | 'neutral' | 'dark';

export interface MermaidOptions {
  lanes: LaneMode;
  annotate: boolean;
  theme: DiagramTheme;
  /** Channel traits (from the config); decides which steps are drawn as automated. */
  channels?: Readonly<Record<string, ChannelTraits>>;
  /** What an event log says happened (`journey-audit replay`), drawn over the declared flow. */
  overlay?: LivedOverlay;
  /** Draw one page of a journey split into pages (flow-pages.ts): its steps, and markers for arrows to and from the others. */
  page?: FlowPageSlice;
}

/** Which page each step is on, and the page to draw. */
export interface FlowPageSlice {
  /** Page number (from 1) of each step, by step index. */
  pageOfStep: Int32Array;
  number: number;
  /**
   * The page number a marker shows for the step it leads to or comes from; while pages are planned, a
   * stand-in as wide as the real numbers will be (flow-pages.ts writes the real numbers into the drawing).
   */
  numberText?: (page: number, step: number) => string;
}

/** The "as lived" overlay: cases and median times on steps and edges, and the ways the journey does not have. */
export interface LivedOverlay {
  /** By step index: visits and the median time since the event before (seconds); undefined for unrecorded steps. */
  steps: ReadonlyArray<{ visits: number; medianSeconds?: number } | undefined>;
  /** By edge index: cases that went that way. */
  edgeCases: readonly number[];
  /** By edge index: median time between the two steps' events (seconds), where both are recorded. */
  edgeMedians?: ReadonlyArray<number | undefined>;
  /** Moves between steps that the journey does not declare; `from` -1 is the start. Drawn dashed. */
  undeclared: ReadonlyArray<{ from: number; to: number; cases: number; medianSeconds?: number }>;
}

export const casesText = (count: number) => `${count} case${count === 1 ? '' : 's'}`;

/** Seconds in the journey's duration notation. */
export function livedTime(seconds: number): string {
  return seconds < 60 ? `${Math.round(seconds)}s` : formatDuration(seconds / 60);
}

/** Rules whose findings change how nodes and edges are drawn (besides the severity colour). */
export const ruleIds = { unreachable: 'unreachable-step', trapLoop: 'trap-loop', noHumanEscape: 'no-human-escape', unknownStep: 'unknown-step' } as const;

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const severityClass: Record<Severity, string> = { error: 'sevError', warning: 'sevWarning', info: 'sevInfo' };
const severitySymbol: Record<Severity, string> = { error: '✖', warning: '▲', info: 'ℹ' };

/** Characters a quoted Mermaid label may hold as they are; everything else becomes an entity code. */
const plainCharacter = /[\p{L}\p{N} _.,:!?()'+\-/@=*]/u;
/** Letters Mermaid uses as internal markers while it decodes entity codes. */
const reservedCharacters = new Set(['\uFB02', '\u00DF']);

/**
 * Escapes text for a quoted Mermaid label: line breaks and other control characters become spaces,
 * anything that is not a letter, digit, space or harmless punctuation becomes `#<code>;`, which
 * Mermaid turns back into the literal character when it draws the label.
 */
export function escapeLabel(text: string): string {
  let result = '';
  for (const character of text.replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ')) {
    result += plainCharacter.test(character) && !reservedCharacters.has(character) ? character : `#${character.codePointAt(0)!};`;
  }
  // Mermaid drops the last `;` of any line where `style` or `classDef` is followed by `:` and `#`
  // (meant for colour codes); that would cut an entity code short. Spelling the word's first
  // letter as an entity keeps such a line out of that rewrite.
  return result.replace(/(s)(tyle)|(c)(lassdef)/gi, (_whole, s?: string, tyle?: string, c?: string, lassdef?: string) =>
    s !== undefined ? `#${s.codePointAt(0)!};${tyle!}` : `#${c!.codePointAt(0)!};${lassdef!}`,
  );
}

/** A label of text from the file, shortened so one long name cannot swamp the picture. */
function label(text: string, max = 80): string {
  const characters = Array.from(text.trim());
  return escapeLabel(characters.length > max ? `${characters.slice(0, max - 1).join('')}…` : characters.join(''));
}

/** Node shape by step kind: opening and closing brackets around the quoted label. */
const shapes: Record<StepKind, [string, string]> = {
  action: ['[', ']'],
  decision: ['{', '}'],
  wait: ['([', '])'],
  approval: ['{{', '}}'],
  handoff: ['>', ']'],
  message: ['[/', '/]'],
  end: ['(((', ')))'],
};

/** Marks on a node's first line that say what kind of step it is, where the shape alone is subtle. */
const kindMarks: Partial<Record<StepKind, string>> = { wait: '◷ ', approval: '✔ ', handoff: '⇢ ', message: '✉ ' };

/**
 * Class definitions, in cascade order: later ones win where they overlap, so severity colours
 * override the automated fill, and greyed-out unreachable steps override both.
 */
const classDefinitions = [
  'classDef automated fill:#ede7f6,stroke:#5e35b1,stroke-width:2px,color:#311b92',
  'classDef endStep fill:#e8f5e9,stroke:#2e7d32,stroke-width:2px,color:#1b5e20',
  'classDef startMark fill:#263238,stroke:#263238,color:#ffffff',
  'classDef sevInfo fill:#e3f2fd,stroke:#1565c0,stroke-width:3px,color:#0d47a1',
  'classDef sevWarning fill:#fff3e0,stroke:#ef6c00,stroke-width:3px,color:#6d3400',
  'classDef sevError fill:#ffebee,stroke:#c62828,stroke-width:4px,color:#8e0000',
  'classDef unreachable fill:#f5f5f5,stroke:#9e9e9e,stroke-width:2px,stroke-dasharray:6 4,color:#757575',
  'classDef missing fill:#fafafa,stroke:#c62828,stroke-width:2px,stroke-dasharray:3 3,color:#c62828',
  'classDef pageLink fill:#ffffff,stroke:#455a64,stroke-width:1.5px,stroke-dasharray:4 3,color:#263238',
  'classDef legendError fill:#ffebee,stroke:#c62828,color:#8e0000,text-align:left',
  'classDef legendWarning fill:#fff3e0,stroke:#ef6c00,color:#6d3400,text-align:left',
  'classDef legendInfo fill:#e3f2fd,stroke:#1565c0,color:#0d47a1,text-align:left',
];

const darkOverrides: Record<string, string> = {
  startMark: 'classDef startMark fill:#eceff1,stroke:#eceff1,color:#263238',
};

const legendClass: Record<Severity, string> = { error: 'legendError', warning: 'legendWarning', info: 'legendInfo' };

const laneStyle = 'fill:#f6f8fa,stroke:#90a4ae,stroke-width:1px,color:#37474f';
const legendStyle = 'fill:#ffffff,stroke:#455a64,stroke-width:1px,color:#263238';

type EdgeMark = 'trap' | 'unreachable' | 'channelSwitch' | 'ownerSwitch';

const edgeStyles: Record<EdgeMark, string> = {
  trap: 'stroke:#c62828,stroke-width:4px',
  unreachable: 'stroke:#9e9e9e,stroke-width:1.5px,stroke-dasharray:6 4',
  channelSwitch: 'stroke:#1565c0,stroke-width:2.5px,stroke-dasharray:8 4',
  ownerSwitch: 'stroke:#6a1b9a,stroke-width:2.5px,stroke-dasharray:2 3',
};

/** On a dark background the same meanings in lighter colours. */
const darkEdgeStyles: Record<EdgeMark, string> = {
  trap: 'stroke:#ef5350,stroke-width:4px',
  unreachable: 'stroke:#9e9e9e,stroke-width:1.5px,stroke-dasharray:6 4',
  channelSwitch: 'stroke:#64b5f6,stroke-width:2.5px,stroke-dasharray:8 4',
  ownerSwitch: 'stroke:#ce93d8,stroke-width:2.5px,stroke-dasharray:2 3',
};

/** Most findings stacked in one legend column before a second column starts. */
const legendRows = 6;

export interface NumberedFinding {
  number: number;
  finding: Finding;
}

/** Findings drawn on the diagram: not suppressed, not about the file itself; numbered in document order. */
export function numberFindings(findings: readonly Finding[]): NumberedFinding[] {
  return findings
    .filter((finding) => !finding.suppressed && finding.category !== 'input' && finding.category !== 'suppression')
    .slice()
    .sort((a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId) || a.message.localeCompare(b.message))
    .map((finding, index) => ({ number: index + 1, finding }));
}

interface Lane {
  title: string;
  steps: number[];
}

function laneKey(step: Step, mode: LaneMode): { key: string; title: string } {
  if (mode === 'channel') {
    if (step.channel !== undefined) return { key: step.channel, title: step.channel };
    // A step in no channel is the customer's own (choosing a channel, an outcome) or back-office work,
    // which goes with the department that does it: a catch-all "no channel" lane says nothing about either.
    if (step.actor === 'customer' || (step.actor === undefined && step.kind === 'end')) return { key: '\u0000customer', title: 'customer, any channel' };
    return step.owner !== undefined ? { key: `\u0000back:${step.owner}`, title: `back office · ${step.owner}` } : { key: '\u0000back', title: 'back office · no owner' };
  }
  if (step.owner !== undefined) return { key: step.owner, title: step.owner };
  // Customer steps have no owner by design; they get the classic "customer" lane.
  return step.actor === 'customer' ? { key: '\u0000customer', title: 'customer' } : { key: '\u0000none', title: 'no owner' };
}

/** Lanes in order of their first step, so the drawing follows the file. */
function buildLanes(journey: Journey, mode: LaneMode, onPage: (index: number) => boolean): Lane[] {
  const lanes = new Map<string, Lane>();
  for (const step of journey.steps) {
    if (!onPage(step.index)) continue;
    const { key, title } = laneKey(step, mode);
    let lane = lanes.get(key);
    if (!lane) {
      lane = { title, steps: [] };
      lanes.set(key, lane);
    }
    lane.steps.push(step.index);
  }
  return [...lanes.values()];
}

function isAutomated(step: Step, channels: Readonly<Record<string, ChannelTraits>>): boolean {
  return step.channel !== undefined && channels[step.channel]?.automated === true;
}

function edgeLabel(edge: Edge): string | undefined {
  const parts: string[] = [];
  if (edge.when !== undefined && edge.when.trim() !== '') parts.push(label(edge.when, 60));
  else if (edge.failure) parts.push('failure');
  if (edge.probability !== undefined) parts.push(`${Number((edge.probability * 100).toFixed(1))}#37;`);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/** The second, smaller line of a node: what the lane does not already say. */
function detailLine(step: Step, mode: LaneMode, automated: boolean): string {
  const parts = [label(step.id, 60)];
  if (mode === 'channel' && step.owner !== undefined) parts.push(label(step.owner, 40));
  if (mode === 'owner' && step.channel !== undefined) parts.push(label(step.channel, 40));
  if (automated) parts.push('automated');
  if (step.sla !== undefined) parts.push(`SLA ${formatDuration(step.sla)}`);
  else if (step.duration !== undefined) parts.push(formatDuration(step.duration));
  if (step.kind === 'end' && step.outcome !== undefined) parts.push(label(step.outcome, 30));
  return parts.join(' · ');
}

/** What the numbered findings say about each step and edge. */
function findingsOnSteps(journey: Journey, numbered: readonly NumberedFinding[]) {
  const stepCount = journey.steps.length;
  const numbersOf: number[][] = journey.steps.map(() => []);
  const worstOf: (Severity | undefined)[] = journey.steps.map(() => undefined);
  const unreachable = new Uint8Array(stepCount);
  const noEscape = new Uint8Array(stepCount);
  const inTrap = new Uint8Array(stepCount);
  const trapEdges = new Set<number>();
  const note = (index: number | undefined, entry: NumberedFinding) => {
    if (index === undefined) return;
    if (!numbersOf[index]!.includes(entry.number)) numbersOf[index]!.push(entry.number);
    const worst = worstOf[index];
    if (worst === undefined || severityRank[entry.finding.severity] < severityRank[worst]) worstOf[index] = entry.finding.severity;
  };
  for (const entry of numbered) {
    const { finding } = entry;
    const stepIndex = finding.step !== undefined ? journey.stepIndexById.get(finding.step) : undefined;
    note(stepIndex, entry);
    const related = (finding.relatedSteps ?? []).map((id) => journey.stepIndexById.get(id)).filter((index): index is number => index !== undefined);
    if (finding.ruleId === ruleIds.unreachable && stepIndex !== undefined) unreachable[stepIndex] = 1;
    if (finding.ruleId === ruleIds.noHumanEscape && stepIndex !== undefined) noEscape[stepIndex] = 1;
    if (finding.ruleId === ruleIds.trapLoop) {
      const members = new Set(related);
      if (stepIndex !== undefined) members.add(stepIndex);
      for (const member of members) {
        note(member, entry);
        inTrap[member] = 1;
      }
      for (const edge of journey.edges) {
        if (edge.to >= 0 && members.has(edge.from) && members.has(edge.to)) trapEdges.add(edge.index);
      }
    }
  }

  return { numbersOf, worstOf, unreachable, noEscape, inTrap, trapEdges };
}

/** The findings listed with one page of a journey split into pages: those on its steps, and on page 1 those on no step. */
export function pageFindings(journey: Journey, findings: readonly Finding[], slice: FlowPageSlice): NumberedFinding[] {
  const numbered = numberFindings(findings);
  return legendOfPage(numbered, findingsOnSteps(journey, numbered).numbersOf, (index) => slice.pageOfStep[index] === slice.number, slice.number === 1);
}

export function journeyToMermaid(journey: Journey, findings: readonly Finding[], options: MermaidOptions): string {
  const channels = options.channels ?? builtinChannels;
  const numbered = options.annotate ? numberFindings(findings) : [];

  const { numbersOf, worstOf, unreachable, noEscape, inTrap, trapEdges } = findingsOnSteps(journey, numbered);

  const severityOfNumber = new Map(numbered.map((entry) => [entry.number, entry.finding.severity]));
  const slice = options.page;
  // A page is printed at a size chosen for its smallest text: there the details are as large as the names
  // (not bold), and the spacing is tighter, so a page holds more at 8 pt.
  const small = (text: string) => (slice === undefined ? `<small>${text}</small>` : text);
  const onPage = (index: number) => slice === undefined || slice.pageOfStep[index] === slice.number;
  const lines: string[] = [];
  const spacing = slice === undefined ? { nodeSpacing: 40, rankSpacing: 55, padding: 12, wrappingWidth: 240 } : { nodeSpacing: 16, rankSpacing: 30, padding: 6, wrappingWidth: 160, subGraphTitleMargin: { top: 0, bottom: 8 } };
  const init = { theme: options.theme, securityLevel: 'strict', flowchart: { htmlLabels: true, curve: 'basis', ...spacing } };
  lines.push(`%%{init: ${JSON.stringify(init)}}%%`);
  lines.push('flowchart LR');
  const title = journey.title !== undefined ? `${journey.title} (${journey.id})` : journey.id;
  lines.push(`  %% journey: ${label(title, 200)}`);

  const nodeClasses = new Map<string, string[]>();
  const addClass = (node: string, className: string) => {
    const list = nodeClasses.get(node) ?? [];
    list.push(className);
    nodeClasses.set(node, list);
  };

  const startStep = journey.steps[journey.start] !== undefined && onPage(journey.start) ? journey.steps[journey.start] : undefined;
  if (startStep) {
    lines.push('  s0(("start"))');
    addClass('s0', 'startMark');
  }

  const lanes = buildLanes(journey, options.lanes, onPage);
  lanes.forEach((lane, laneIndex) => {
    const automatedLane = options.lanes === 'channel' && lane.steps.some((index) => isAutomated(journey.steps[index]!, channels));
    lines.push(`  subgraph lane${laneIndex}["${label(lane.title, 60)}${automatedLane ? ' · automated' : ''}"]`);
    for (const index of lane.steps) {
      const step = journey.steps[index]!;
      const node = `n${index}`;
      const automated = isAutomated(step, channels);
      // Each number carries its own severity mark ("▲4 ✖5"), so two findings never read as one number.
      const badge = numbersOf[index]!.length > 0 ? `${numbersOf[index]!.sort((a, b) => a - b).map((number) => `${severitySymbol[severityOfNumber.get(number)!]}${number}`).join(' ')} · ` : '';
      const mark = `${automated ? '⚙ ' : ''}${kindMarks[step.kind] ?? ''}`;
      const heading = `${badge}${mark}${label(step.name ?? step.id)}`;
      let text = `<b>${heading}</b><br/>${small(detailLine(step, options.lanes, automated))}`;
      if (noEscape[index]) text += '<br/><b>⚠ no way to a person</b>';
      if (inTrap[index]) text += '<br/><b>⟳ loop with no way out</b>';
      if (unreachable[index]) text += '<br/><i>unreachable</i>';
      const lived = options.overlay?.steps[index];
      if (lived) text += `<br/>${small(`<b>as lived:</b> ${lived.visits} visits${lived.medianSeconds !== undefined ? ` · median ${livedTime(lived.medianSeconds)}` : ''}`)}`;
      const [open, close] = shapes[step.kind];
      lines.push(`    ${node}${open}"${text}"${close}`);
      if (automated) addClass(node, 'automated');
      if (step.kind === 'end') addClass(node, 'endStep');
      const worst = worstOf[index];
      if (worst !== undefined) addClass(node, severityClass[worst]);
      if (unreachable[index]) addClass(node, 'unreachable');
    }
    lines.push('  end');
  });

  // Targets that name no step get a ghost node, so the broken link is visible.
  const missingTargets = new Map<string, string>();
  for (const edge of journey.edges) {
    if (edge.to >= 0 || missingTargets.has(edge.target) || !onPage(edge.from)) continue;
    const node = `x${missingTargets.size}`;
    missingTargets.set(edge.target, node);
    lines.push(`  ${node}["<b>? ${label(edge.target, 60)}</b><br/>${small('no such step')}"]`);
    addClass(node, 'missing');
  }

  const linkStyles: string[] = [];
  let linkCount = 0;
  if (startStep) {
    lines.push(`  s0 --> n${startStep.index}`);
    linkCount++;
  }
  // Arrows to and from steps on other pages end at a marker that names the page and the step there.
  const pageLinks = new Map<string, string>();
  const pageLink = (direction: 'to' | 'from', index: number): string => {
    const key = `${direction}${index}`;
    let node = pageLinks.get(key);
    if (node === undefined) {
      node = `p${pageLinks.size}`;
      pageLinks.set(key, node);
      const step = journey.steps[index]!;
      const where = slice!.numberText ? slice!.numberText(slice!.pageOfStep[index]!, index) : String(slice!.pageOfStep[index]!);
      const name = label(step.name ?? step.id);
      lines.push(direction === 'to' ? `  ${node}["<b>continues on page ${where}</b><br/>→ ${name}"]` : `  ${node}["<b>from page ${where}</b><br/>${name} →"]`);
      addClass(node, 'pageLink');
    }
    return node;
  };
  for (const edge of journey.edges) {
    const fromHere = onPage(edge.from);
    // A target that names no step is drawn beside the step whose arrow names it.
    const toHere = edge.to < 0 ? fromHere : onPage(edge.to);
    if (!fromHere && !toHere) continue;
    const from = fromHere ? `n${edge.from}` : pageLink('from', edge.from);
    const to = !toHere ? pageLink('to', edge.to) : edge.to >= 0 ? `n${edge.to}` : missingTargets.get(edge.target)!;
    const declaredText = edgeLabel(edge);
    const cases = options.overlay?.edgeCases[edge.index];
    const median = options.overlay?.edgeMedians?.[edge.index];
    const text = cases === undefined ? declaredText : `${declaredText === undefined ? '' : `${declaredText} · `}${casesText(cases)}${median !== undefined ? ` · ${livedTime(median)}` : ''}`;
    lines.push(text === undefined ? `  ${from} --> ${to}` : `  ${from} -->|"${text}"| ${to}`);
    const mark = edgeMark(journey, edge, { trap: trapEdges.has(edge.index), unreachable: unreachable[edge.from] === 1 });
    if (mark !== undefined) linkStyles.push(`  linkStyle ${linkCount} ${(options.theme === 'dark' ? darkEdgeStyles : edgeStyles)[mark]}`);
    linkCount++;
  }

  // Ways customers took that the journey does not have: dashed, in the error colour.
  for (const move of options.overlay?.undeclared ?? []) {
    const from = move.from === -1 ? (startStep ? 's0' : undefined) : `n${move.from}`;
    if (from === undefined || (move.from >= 0 && !onPage(move.from)) || !onPage(move.to)) continue;
    const text = `${casesText(move.cases)}${move.medianSeconds !== undefined ? ` · ${livedTime(move.medianSeconds)}` : ''} · undeclared`;
    lines.push(`  ${from} -.->|"${text}"| n${move.to}`);
    linkStyles.push(`  linkStyle ${linkCount} ${options.theme === 'dark' ? 'stroke:#ef5350' : 'stroke:#c62828'},stroke-width:2px,stroke-dasharray:6 4`);
    linkCount++;
  }

  // A page of a journey split into pages lists its findings on the sheet, under the diagram (flow-pages.ts).
  const listed = slice === undefined ? numbered : [];
  if (listed.length > 0) {
    lines.push('  subgraph legend["Findings"]');
    lines.push('    direction TB');
    for (const { number, finding } of listed) {
      lines.push(`    f${number}["<b>${severitySymbol[finding.severity]} ${number} · ${label(finding.ruleId, 60)}</b> (${finding.severity})<br/>${label(finding.message, Number.POSITIVE_INFINITY)}"]`);
      addClass(`f${number}`, legendClass[finding.severity]);
    }
    // A grid of columns, each an invisible chain, so a long list does not make the picture tall.
    const columns = Math.ceil(listed.length / legendRows);
    const rows = Math.ceil(listed.length / columns);
    for (let position = 1; position < listed.length; position++) {
      if (position % rows !== 0) lines.push(`    f${listed[position - 1]!.number} ~~~ f${listed[position]!.number}`);
    }
    lines.push('  end');
  }

  // Quiet lanes so the coloured findings stand out; the dark theme keeps its own colours.
  if (options.theme !== 'dark') {
    lanes.forEach((_lane, laneIndex) => lines.push(`  style lane${laneIndex} ${laneStyle}`));
    if (listed.length > 0) lines.push(`  style legend ${legendStyle}`);
  }

  const usedClasses = new Set([...nodeClasses.values()].flat());
  for (const definition of options.theme === 'dark' ? classDefinitions.map((line) => darkOverrides[line.split(' ')[1]!] ?? line) : classDefinitions) {
    if (usedClasses.has(definition.split(' ')[1]!)) lines.push(`  ${definition}`);
  }
  for (const [node, classes] of nodeClasses) {
    for (const className of classes) lines.push(`  class ${node} ${className}`);
  }
  lines.push(...linkStyles);
  return `${lines.join('\n')}\n`;
}

/** The findings a page lists: those on its steps, and on the first page those on no step. */
function legendOfPage(numbered: readonly NumberedFinding[], numbersOf: readonly number[][], onPage: (index: number) => boolean, first: boolean): NumberedFinding[] {
  const here = new Set<number>();
  const onSomeStep = new Set<number>();
  numbersOf.forEach((numbers, index) => {
    for (const number of numbers) {
      onSomeStep.add(number);
      if (onPage(index)) here.add(number);
    }
  });
  return numbered.filter((entry) => here.has(entry.number) || (first && !onSomeStep.has(entry.number)));
}

/** Trap-loop edges first, then edges out of unreachable steps, then channel and owner switches. */
function edgeMark(journey: Journey, edge: Edge, marks: { trap: boolean; unreachable: boolean }): EdgeMark | undefined {
  if (marks.trap) return 'trap';
  if (marks.unreachable) return 'unreachable';
  if (edge.to < 0) return undefined;
  const from = journey.steps[edge.from]!;
  const to = journey.steps[edge.to]!;
  // Steps without a channel or owner are neutral: moving to or from them is no switch.
  if (from.channel !== undefined && to.channel !== undefined && from.channel !== to.channel) return 'channelSwitch';
  if (from.owner !== undefined && to.owner !== undefined && from.owner !== to.owner) return 'ownerSwitch';
  return undefined;
}
