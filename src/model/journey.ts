import type { DocPath } from '../types.js';
import { asString, asStringArray, isRecord, parseDuration } from '../util/text.js';
import { exactList } from './lists.js';

export type StepKind = 'action' | 'decision' | 'wait' | 'approval' | 'handoff' | 'message' | 'end';
/** Who performs a step: the one list the schema's enum, the model and the rules' options share. */
export const actors = ['customer', 'agent', 'backstage', 'system', 'partner'] as const;
export type Actor = (typeof actors)[number];

export interface CollectedItem {
  item: string;
  purpose?: string;
  /** Path of the entry in `collects`, for positioning. */
  path: DocPath;
}

export interface Step {
  index: number;
  id: string;
  path: DocPath;
  name?: string;
  kind: StepKind;
  channel?: string;
  actor?: Actor;
  owner?: string;
  capability?: string;
  message?: string;
  /** Promised response time in minutes. */
  sla?: number;
  /** Typical duration in minutes. */
  duration?: number;
  /** On waits: minutes until the timeout branch is taken (a limit, not a typical time). */
  timeout?: number;
  canFail: boolean;
  outcome?: string;
  purpose?: string;
  fee?: string;
  collects: CollectedItem[];
  requires: string[];
  uses: string[];
  tags: string[];
  /** Indices into `Journey.edges` leaving this step, in document order. */
  out: number[];
  /** Indices into `Journey.edges` arriving at this step. */
  in: number[];
}

export interface Edge {
  index: number;
  from: number;
  /** Target step index, or -1 when `target` names no step. */
  to: number;
  target: string;
  when?: string;
  probability?: number;
  failure: boolean;
  /** The branch sends the customer back to correct or complete what they gave (`correction: true`). */
  correction: boolean;
  /** Path of the entry naming the target (the `to` value for branch objects). */
  targetPath: DocPath;
  /** Path of the branch itself (the list entry, or `next` when it is a single id). */
  path: DocPath;
}

interface JourneySystem {
  shared: boolean;
  stores: string[];
}

export interface Journey {
  id: string;
  title?: string;
  owner?: string;
  channels: string[];
  capabilities: string[];
  systems: Record<string, JourneySystem>;
  steps: Step[];
  edges: Edge[];
  stepIndexById: Map<string, number>;
  /** Entry step index, or -1 when the journey has no usable start. */
  start: number;
  /** The plain data the model was built from. */
  data: Record<string, unknown>;
}

/** The step at `index`, for an index taken from the same journey (a step's `index`, an edge's `from`, a known `to`). */
export function stepAt(journey: Journey, index: number): Step {
  const step = journey.steps[index];
  if (step === undefined) throw new Error(`internal error: no step ${index} in journey '${journey.id}'`);
  return step;
}

/** The edge at `index`, for an index taken from the same journey (a step's `out` or `in`). */
export function edgeAt(journey: Journey, index: number): Edge {
  const edge = journey.edges[index];
  if (edge === undefined) throw new Error(`internal error: no edge ${index} in journey '${journey.id}'`);
  return edge;
}

const stepKinds = new Set<string>(['action', 'decision', 'wait', 'approval', 'handoff', 'message', 'end']);
const knownActors = new Set<string>(actors);

/**
 * Builds the journey graph from plain data. Defensive: schema errors are reported elsewhere,
 * so every field is read for what it is and ignored when it has the wrong shape.
 */
export function buildJourney(data: Record<string, unknown>): Journey {
  const rawSteps = Array.isArray(data.steps) ? data.steps : [];
  const steps: Step[] = [];
  const stepIndexById = new Map<string, number>();

  for (let index = 0; index < rawSteps.length; index++) {
    const raw: unknown = rawSteps[index];
    const fields = isRecord(raw) ? raw : {};
    const id = asString(fields.id) ?? `#${index + 1}`;
    const kind = asString(fields.kind);
    const actor = asString(fields.actor);
    const collects: CollectedItem[] = [];
    if (Array.isArray(fields.collects)) {
      for (let position = 0; position < fields.collects.length; position++) {
        const entry: unknown = fields.collects[position];
        const path = ['steps', index, 'collects', position];
        if (typeof entry === 'string') collects.push({ item: entry, path });
        else if (isRecord(entry) && typeof entry.item === 'string') {
          const purpose = asString(entry.purpose);
          collects.push(purpose === undefined ? { item: entry.item, path } : { item: entry.item, purpose, path });
        }
      }
    }
    const step: Step = {
      index,
      id,
      path: ['steps', index],
      kind: kind && stepKinds.has(kind) ? (kind as StepKind) : 'action',
      canFail: fields['can-fail'] === true,
      collects,
      requires: asStringArray(fields.requires),
      uses: asStringArray(fields.uses),
      tags: asStringArray(fields.tags),
      out: [],
      in: [],
    };
    // Optional fields are set only when present (no keys holding undefined), in this order.
    const name = asString(fields.name);
    if (name !== undefined) step.name = name;
    const channel = asString(fields.channel);
    if (channel !== undefined) step.channel = channel;
    if (actor && knownActors.has(actor)) step.actor = actor as Actor;
    const owner = asString(fields.owner);
    if (owner !== undefined) step.owner = owner;
    const capability = asString(fields.capability);
    if (capability !== undefined) step.capability = capability;
    const message = asString(fields.message);
    if (message !== undefined) step.message = message;
    const sla = parseDuration(fields.sla);
    if (sla !== undefined) step.sla = sla;
    const duration = parseDuration(fields.duration);
    if (duration !== undefined) step.duration = duration;
    const timeout = parseDuration(fields.timeout);
    if (timeout !== undefined) step.timeout = timeout;
    const outcome = asString(fields.outcome);
    if (outcome !== undefined) step.outcome = outcome;
    const purpose = asString(fields.purpose);
    if (purpose !== undefined) step.purpose = purpose;
    const fee = asString(fields.fee);
    if (fee !== undefined) step.fee = fee;
    steps.push(step);
    // The first step with an id wins; duplicates are reported by validation.
    if (!stepIndexById.has(id)) stepIndexById.set(id, index);
  }

  const edges: Edge[] = [];
  const addEdge = (from: number, target: string, targetPath: DocPath, path: DocPath, branch?: Record<string, unknown>) => {
    const edge: Edge = {
      index: edges.length,
      from,
      to: stepIndexById.get(target) ?? -1,
      target,
      failure: branch?.failure === true,
      correction: branch?.correction === true,
      targetPath,
      path,
    };
    if (branch) {
      const when = asString(branch.when);
      if (when !== undefined) edge.when = when;
      if (typeof branch.probability === 'number' && Number.isFinite(branch.probability)) edge.probability = branch.probability;
    }
    edges.push(edge);
  };
  // Measured kernel (bench W3, 100,000 steps): indexed loops with one shared edge builder, no closure per step.
  const edgesStart = new Int32Array(steps.length + 1);
  for (let from = 0; from < rawSteps.length; from++) {
    edgesStart[from] = edges.length;
    const raw: unknown = rawSteps[from];
    if (!isRecord(raw)) continue;
    const next = raw.next;
    if (typeof next === 'string') {
      // One path array for both: the entry and its target are the same `next` value.
      const path = ['steps', from, 'next'];
      addEdge(from, next, path, path);
    } else if (Array.isArray(next)) {
      for (let position = 0; position < next.length; position++) {
        const entry: unknown = next[position];
        const path = ['steps', from, 'next', position];
        if (typeof entry === 'string') addEdge(from, entry, path, path);
        else if (isRecord(entry) && typeof entry.to === 'string') addEdge(from, entry.to, [...path, 'to'], path, entry);
      }
    }
  }
  edgesStart[steps.length] = edges.length;
  linkSteps(steps, edges, edgesStart);

  // No prototype: a system named `constructor` or `__proto__` is just a name.
  const systems: Record<string, JourneySystem> = Object.create(null) as Record<string, JourneySystem>;
  if (isRecord(data.systems)) {
    for (const [name, value] of Object.entries(data.systems)) {
      const fields = isRecord(value) ? value : {};
      systems[name] = { shared: fields.shared === true, stores: asStringArray(fields.stores) };
    }
  }

  const startId = asString(data.start);
  const start = startId !== undefined ? (stepIndexById.get(startId) ?? -1) : steps.length > 0 ? 0 : -1;

  const journey: Journey = {
    id: asString(data.journey) ?? '(unnamed)',
    channels: asStringArray(data.channels),
    capabilities: asStringArray(data.capabilities),
    systems,
    steps,
    edges,
    stepIndexById,
    start,
    data,
  };
  assignDefined(journey, { title: asString(data.title), owner: asString(data.owner) });
  return journey;
}

/**
 * Fills each step's `out` and `in` lists at their exact size, in edge order; `edgesStart[i]` is the first edge leaving
 * step i (edges are in step order).
 */
// Hot in W3 (100,000 steps): indexed loops over typed arrays fill lists of exact size, which save tens of megabytes.
/* eslint-disable @typescript-eslint/no-non-null-assertion -- indices are steps and edges of this journey */
function linkSteps(steps: Step[], edges: readonly Edge[], edgesStart: Int32Array): void {
  const incoming = new Int32Array(steps.length);
  for (let edgeAt = 0, edgeList = edges; edgeAt < edgeList.length; edgeAt++) {
    const edge = edgeList[edgeAt]!;
    if (edge.to >= 0) incoming[edge.to]!++;
  }
  const inLists = steps.map((_, index) => exactList(incoming[index]!));
  incoming.fill(0);
  for (let edgeAt = 0, edgeList = edges; edgeAt < edgeList.length; edgeAt++) {
    const edge = edgeList[edgeAt]!;
    if (edge.to >= 0) inLists[edge.to]![incoming[edge.to]!++] = edge.index;
  }
  for (let stepAt = 0, stepList = steps; stepAt < stepList.length; stepAt++) {
    const step = stepList[stepAt]!;
    const first = edgesStart[step.index]!;
    const out = exactList(edgesStart[step.index + 1]! - first);
    for (let position = 0; position < out.length; position++) out[position] = first + position;
    step.out = out;
    step.in = inLists[step.index]!;
  }
}
/* eslint-enable @typescript-eslint/no-non-null-assertion */

/** Copies only the defined values, so optional fields stay absent under exactOptionalPropertyTypes-style checks. */
function assignDefined<T extends object>(target: T, values: Partial<T>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  }
}
