import { builtinChannels, type ChannelTraits } from '../../model/channels.js';
import { analyse } from '../../model/analysis.js';
import type { Journey, Step } from '../../model/journey.js';
import type { Finding, Severity } from '../../types.js';
import { formatDuration } from '../../util/text.js';
import { casesText, livedTime, numberFindings, ruleIds, type LivedOverlay } from '../mermaid.js';

/**
 * The service blueprint of one journey, before layout: which row each step sits in, what the findings
 * say about each step and edge. Pure: the same journey and findings always give the same blueprint.
 *
 * Rows follow service-design practice, top to bottom: the customer's actions; the front stage, one row
 * per channel (what the customer sees and talks to); the back stage, one row per owning department (what
 * happens out of sight); the supporting systems (from `uses`). The line of interaction separates the
 * customer from the front stage, the line of visibility the front stage from the back stage.
 */

type Section = 'customer' | 'front' | 'back' | 'systems';

interface BlueprintRow {
  key: string;
  section: Section;
  /** Channel or department the row is for; absent for the customer and systems rows. */
  name?: string;
  automated: boolean;
}

export interface NumberedFinding {
  number: number;
  finding: Finding;
}

/** `undeclared`: a way customers took (`replay`) that the journey does not have. */
export type EdgeMark = 'trap' | 'unreachable' | 'channelSwitch' | 'undeclared';

export interface BlueprintNode {
  /** Step index, or -1 for a target that names no step. */
  step: number;
  id: string;
  name: string;
  row: number;
  kind: Step['kind'] | 'missing';
  /** Short facts under the name: id, channel, owner, duration, outcome. */
  details: string[];
  automated: boolean;
  unreachable: boolean;
  inTrap: boolean;
  noEscape: boolean;
  start: boolean;
  worst?: Severity;
  badges: NumberedFinding[];
  systems: string[];
  /** What the event log says of the step (`replay`): visits and median time. */
  lived?: string;
}

export interface BlueprintEdge {
  from: number;
  to: number;
  label?: string;
  mark?: EdgeMark;
  /** What the event log says of the way (`replay`): cases and median time. */
  lived?: string;
}

export interface Blueprint {
  journeyId: string;
  title: string;
  rows: BlueprintRow[];
  /** Nodes in flow order: the steps, then ghost nodes for targets that name no step. */
  nodes: BlueprintNode[];
  edges: BlueprintEdge[];
  findings: NumberedFinding[];
  /** Findings about the journey as a whole (no step): shown beside the title. */
  journeyBadges: NumberedFinding[];
}

export interface BlueprintOptions {
  annotate: boolean;
  channels?: Readonly<Record<string, ChannelTraits>>;
  /** One back-stage row per owning department (default) or a single back-stage row. */
  backstage?: 'owner' | 'single';
  /** What an event log says happened (`replay`), drawn over the declared blueprint. */
  overlay?: LivedOverlay;
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

const kindWords: Partial<Record<Step['kind'], string>> = { decision: 'decision', wait: 'wait', approval: 'approval', handoff: 'hand-off', message: 'message' };

/**
 * The row a step belongs in. Customer steps are the customer's actions; company steps in a channel are
 * the front stage of that channel; back-office work (actor `backstage`, or company steps in no channel)
 * goes with the department that owns it. Steps without an actor: an end is what the customer gets, a
 * step in a channel is front stage, anything else is back stage.
 */
function rowKeyOf(step: Step, backstage: 'owner' | 'single'): { key: string; section: Section; name?: string } {
  const back = () => (backstage === 'single' ? { key: 'back', section: 'back' as const } : { key: `back:${step.owner ?? ''}`, section: 'back' as const, name: step.owner ?? 'no owner' });
  if (step.actor === 'customer') return { key: 'customer', section: 'customer' };
  if (step.actor === 'backstage') return back();
  if (step.actor === undefined && step.kind === 'end') return { key: 'customer', section: 'customer' };
  if (step.channel !== undefined) return { key: `front:${step.channel}`, section: 'front', name: step.channel };
  return back();
}

const sectionOrder: Record<Section, number> = { customer: 0, front: 1, back: 2, systems: 3 };

export function buildBlueprint(journey: Journey, findings: readonly Finding[], options: BlueprintOptions): Blueprint {
  const channels = options.channels ?? builtinChannels;
  const backstage = options.backstage ?? 'owner';
  const ranks = analyse(journey).flowRanks;
  const stepsInFlowOrder = journey.steps.slice().sort((a, b) => ranks[a.index]! - ranks[b.index]!);
  const isAutomated = (channel: string | undefined) => channel !== undefined && channels[channel]?.automated === true;

  // Rows: customer first, front-stage channels in the journey's declared order then by first appearance,
  // back-stage departments by first appearance in the flow, systems last.
  const rowIndex = new Map<string, number>();
  const rowList: BlueprintRow[] = [];
  const declaredChannel = new Map(journey.channels.map((channel, index) => [channel, index]));
  const wanted: Array<{ key: string; section: Section; name?: string; order: number }> = [];
  const seenKeys = new Set<string>();
  stepsInFlowOrder.forEach((step, position) => {
    const row = rowKeyOf(step, backstage);
    if (seenKeys.has(row.key)) return;
    seenKeys.add(row.key);
    const order = row.section === 'front' ? (declaredChannel.get(row.name!) ?? journey.channels.length + position) : position;
    wanted.push({ ...row, order });
  });
  const usesSystems = journey.steps.some((step) => step.uses.length > 0);
  if (usesSystems) wanted.push({ key: 'systems', section: 'systems', order: 0 });
  // The customer row is always drawn: the line of interaction needs something above it.
  if (!seenKeys.has('customer')) wanted.push({ key: 'customer', section: 'customer', order: 0 });
  wanted.sort((a, b) => sectionOrder[a.section] - sectionOrder[b.section] || a.order - b.order);
  for (const row of wanted) {
    rowIndex.set(row.key, rowList.length);
    rowList.push({ key: row.key, section: row.section, ...(row.name !== undefined ? { name: row.name } : {}), automated: row.section === 'front' && isAutomated(row.name) });
  }

  const numbered = options.annotate ? numberFindings(findings) : [];
  const badgesOf: NumberedFinding[][] = journey.steps.map(() => []);
  const unreachable = new Uint8Array(journey.steps.length);
  const inTrap = new Uint8Array(journey.steps.length);
  const noEscape = new Uint8Array(journey.steps.length);
  const switchInto = new Uint8Array(journey.steps.length);
  const journeyBadges: NumberedFinding[] = [];
  for (const entry of numbered) {
    const { finding } = entry;
    const stepIndex = finding.step !== undefined ? journey.stepIndexById.get(finding.step) : undefined;
    if (stepIndex === undefined) journeyBadges.push(entry);
    else badgesOf[stepIndex]!.push(entry);
    if (stepIndex === undefined) continue;
    if (finding.ruleId === ruleIds.unreachable) unreachable[stepIndex] = 1;
    if (finding.ruleId === ruleIds.noHumanEscape) noEscape[stepIndex] = 1;
    if (finding.ruleId === 'forced-channel-switch') switchInto[stepIndex] = 1;
    if (finding.ruleId === ruleIds.trapLoop) {
      inTrap[stepIndex] = 1;
      for (const id of finding.relatedSteps ?? []) {
        const member = journey.stepIndexById.get(id);
        if (member !== undefined) inTrap[member] = 1;
      }
    }
  }

  const nodeOfStep = new Int32Array(journey.steps.length);
  const nodes: BlueprintNode[] = [];
  for (const step of stepsInFlowOrder) {
    const row = rowIndex.get(rowKeyOf(step, backstage).key)!;
    const details: string[] = [step.id];
    const section = rowList[row]!.section;
    if (step.channel !== undefined && section !== 'front') details.push(step.channel);
    if (step.owner !== undefined && section !== 'back') details.push(step.owner);
    const kindWord = kindWords[step.kind];
    if (kindWord !== undefined) details.push(kindWord);
    if (step.sla !== undefined) details.push(`SLA ${formatDuration(step.sla)}`);
    else if (step.duration !== undefined) details.push(formatDuration(step.duration));
    if (step.kind === 'end' && step.outcome !== undefined) details.push(`ends ${step.outcome}`);
    if (unreachable[step.index]) details.push('unreachable');
    if (inTrap[step.index]) details.push('loop with no way out');
    if (noEscape[step.index]) details.push('no way to a person');
    const badges = badgesOf[step.index]!.slice().sort((a, b) => a.number - b.number);
    let worst: Severity | undefined;
    for (const badge of badges) if (worst === undefined || severityRank[badge.finding.severity] < severityRank[worst]) worst = badge.finding.severity;
    nodeOfStep[step.index] = nodes.length;
    nodes.push({
      step: step.index,
      id: step.id,
      name: step.name ?? step.id,
      row,
      kind: step.kind,
      details,
      automated: isAutomated(step.channel),
      unreachable: unreachable[step.index] === 1,
      inTrap: inTrap[step.index] === 1,
      noEscape: noEscape[step.index] === 1,
      start: step.index === journey.start,
      ...(worst !== undefined ? { worst } : {}),
      badges,
      systems: [...new Set(step.uses)],
      ...livedStep(options.overlay, step.index),
    });
  }

  // Targets that name no step get a ghost node in the row of the step that names them.
  const ghostOf = new Map<string, number>();
  const edges: BlueprintEdge[] = [];
  for (const step of stepsInFlowOrder) {
    for (const edgeIndex of step.out) {
      const edge = journey.edges[edgeIndex]!;
      let to: number;
      if (edge.to >= 0) to = nodeOfStep[edge.to]!;
      else {
        let ghost = ghostOf.get(edge.target);
        if (ghost === undefined) {
          ghost = nodes.length;
          ghostOf.set(edge.target, ghost);
          nodes.push({ step: -1, id: edge.target, name: edge.target, row: nodes[nodeOfStep[edge.from]!]!.row, kind: 'missing', details: ['no such step'], automated: false, unreachable: false, inTrap: false, noEscape: false, start: false, badges: [], systems: [] });
        }
        to = ghost;
      }
      const from = nodeOfStep[edge.from]!;
      const labelParts: string[] = [];
      if (edge.when !== undefined && edge.when.trim() !== '') labelParts.push(edge.when.trim());
      else if (edge.failure) labelParts.push('failure');
      if (edge.probability !== undefined) labelParts.push(`${Number((edge.probability * 100).toFixed(1))}%`);
      const source = journey.steps[edge.from]!;
      const target = edge.to >= 0 ? journey.steps[edge.to]! : undefined;
      let mark: EdgeMark | undefined;
      if (target && inTrap[source.index] && inTrap[target.index]) mark = 'trap';
      else if (unreachable[source.index]) mark = 'unreachable';
      else if (target && switchInto[target.index] && source.channel !== undefined && target.channel !== undefined && source.channel !== target.channel) {
        mark = 'channelSwitch';
        labelParts.unshift(`channel switch ${source.channel} → ${target.channel}`);
      }
      const cases = options.overlay?.edgeCases[edge.index];
      const median = options.overlay?.edgeMedians?.[edge.index];
      const lived = cases === undefined ? undefined : `${casesText(cases)}${median !== undefined ? ` · ${livedTime(median)}` : ''}`;
      edges.push({ from, to, ...(labelParts.length > 0 ? { label: labelParts.join(' · ') } : {}), ...(mark !== undefined ? { mark } : {}), ...(lived !== undefined ? { lived } : {}) });
    }
  }
  // Ways customers took that the journey does not have. A move from the start (-1) has no box to leave
  // from: the start step's own visits already count those cases.
  for (const move of options.overlay?.undeclared ?? []) {
    if (move.from < 0 || move.to < 0) continue;
    const lived = `${casesText(move.cases)}${move.medianSeconds !== undefined ? ` · ${livedTime(move.medianSeconds)}` : ''}`;
    edges.push({ from: nodeOfStep[move.from]!, to: nodeOfStep[move.to]!, label: 'undeclared', mark: 'undeclared', lived });
  }

  const title = journey.title !== undefined ? `${journey.title} (${journey.id})` : journey.id;
  return { journeyId: journey.id, title, rows: rowList, nodes, edges, findings: numbered, journeyBadges };
}

function livedStep(overlay: LivedOverlay | undefined, step: number): { lived?: string } {
  if (overlay === undefined) return {};
  const lived = overlay.steps[step];
  if (lived === undefined) return { lived: 'as lived: not in the log' };
  return { lived: `as lived: ${lived.visits} visit${lived.visits === 1 ? '' : 's'}${lived.medianSeconds !== undefined ? ` · median ${livedTime(lived.medianSeconds)}` : ''}` };
}
