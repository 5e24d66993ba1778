import { analyseCapabilities, resolvedOutcome, type CapabilityAnalysis, type CapabilityService } from './capabilities.js';
import { defaultSettings, traitsOf, type JourneySettings } from './channels.js';
import { ownerTheCustomerMeets } from './handoffs.js';
import { computeRepeatedRequests, defaultRepeatedRequestOptions, type RepeatedRequest, type RepeatedRequestOptions } from './dataflow.js';
import { computeFlowRanks } from './flow-order.js';
import { adjacency, reachableFrom, stronglyConnectedComponents, type Adjacency, type Components } from './graph.js';
import { findHumanRoutes, type HumanRouteOptions, type HumanRoutes } from './human-route.js';
import { edgeAt, stepAt, type Edge, type Journey, type Step } from './journey.js';
import { entryAt, listAt } from './lists.js';
import { findUnusedPersonalData, type PersonalDataUseOptions, type UnusedPersonalData } from './personal-data.js';
import {
  computeChanges,
  computeComponentFlowRanks,
  computeCondensation,
  computeDistancesFromStart,
  type ChangesAlongPaths,
  type Condensation,
} from './paths.js';
import { onEveryWayToResolution } from './relations.js';
import { readSystemInfo, type SystemInfo } from './systems.js';
import { findOwnerHandoffs, firstSourceReaching, firstStepLeaving, shortestLoopThrough, weaklyConnectedGroups } from './walks.js';

/**
 * Everything the audit knows about one journey's graph, computed on first use and then kept: rules, metrics and
 * the workshop report all read this one object, so each graph question is answered once per journey. It is the only
 * place that caches anything about a journey; the functions it calls are plain algorithms that take it as input.
 *
 * Results that depend on a rule's options (repeated requests, human routes, unused personal data) are kept for the
 * options they were last asked with: the rule asks with the user's options, the metrics with the defaults.
 *
 * A class, not an object literal with getters: every literal with its own getter closures gets a hidden class of its
 * own, which lived in V8's old space and kept journeys alive through young collections (W1, 500 journeys).
 */
export class JourneyAnalysis {
  #adjacency: Adjacency | undefined;
  #ends: number[] | undefined;
  #reachable: Uint8Array | undefined;
  #canReachEnd: Uint8Array | undefined;
  #canResolve: Uint8Array | undefined;
  #components: Components | undefined;
  #condensation: Condensation | undefined;
  #flowRanks: Uint32Array | undefined;
  #componentFlowRanks: Uint32Array | undefined;
  #distancesFromStart: Int32Array | undefined;
  #capabilities: CapabilityAnalysis | undefined;
  #systems: Map<string, SystemInfo | undefined> | undefined;
  #ownerChanges: ChangesAlongPaths | undefined;
  #customerOwnerChanges: ChangesAlongPaths | undefined;
  #customerChannelChanges: ChangesAlongPaths | undefined;
  #ownerHandoffs: Array<[from: string, to: string]> | undefined;
  #repeatedRequests: Memo<RepeatedRequestOptions, readonly RepeatedRequest[]> | undefined;
  #humanRoutes: Memo<HumanRouteOptions, HumanRoutes> | undefined;
  #unusedPersonalData: Memo<PersonalDataUseOptions, readonly UnusedPersonalData[]> | undefined;
  #onEveryWayToResolution: Uint8Array | undefined;

  constructor(
    readonly journey: Journey,
    /** The catalogs in force for the journey's file (channels, systems, pii). */
    readonly settings: JourneySettings = defaultSettings,
  ) {}

  /** The step at `index`, for an index read from this analysis or its journey (a member, a successor, an edge end). */
  step(index: number): Step {
    return stepAt(this.journey, index);
  }

  /** The branches leaving `step`, in document order (unknown targets included). */
  branches(step: Step): Edge[] {
    return step.out.map((edgeIndex) => edgeAt(this.journey, edgeIndex));
  }

  /** The steps `step` leads to (unknown targets dropped), in document order. */
  successorsOf(step: Step): Step[] {
    return listAt(this.adjacency.successors, step.index).map((index) => this.step(index));
  }

  /** The steps that lead to `step`, in edge order. */
  predecessorsOf(step: Step): Step[] {
    return listAt(this.adjacency.predecessors, step.index).map((index) => this.step(index));
  }

  /** A step's place in the flow (see `flowRanks`). */
  flowRank(index: number): number {
    return entryAt(this.flowRanks, index);
  }

  /** The given steps sorted by their place in the flow, whatever the order of the file. */
  inFlowOrder(indices: Iterable<number>): Step[] {
    const ranks = this.flowRanks;
    return [...indices].sort((a, b) => (ranks[a] ?? 0) - (ranks[b] ?? 0)).map((index) => this.step(index));
  }

  /** The one of the given steps the customer meets first in the flow; undefined for none. A loop, no sort: components can have 100,000 members. */
  firstInFlow(indices: Iterable<number>): Step | undefined {
    const ranks = this.flowRanks;
    let first: number | undefined;
    let firstRank = Infinity;
    for (const index of indices) {
      const rank = ranks[index] ?? Infinity;
      if (first === undefined || rank < firstRank) {
        first = index;
        firstRank = rank;
      }
    }
    return first === undefined ? undefined : this.step(first);
  }

  /** Successor and predecessor step indices (unknown targets dropped). */
  get adjacency(): Adjacency {
    return (this.#adjacency ??= adjacency(this.journey));
  }

  /** Indices of `end` steps, in file order. */
  get ends(): readonly number[] {
    return (this.#ends ??= this.journey.steps.filter((step) => step.kind === 'end').map((step) => step.index));
  }

  /** Steps reachable from the start step. */
  get reachable(): Uint8Array {
    const start = this.journey.start;
    return (this.#reachable ??= reachableFrom(start >= 0 ? [start] : [], this.adjacency.successors));
  }

  /** Steps from which some `end` step can be reached. */
  get canReachEnd(): Uint8Array {
    return (this.#canReachEnd ??= reachableFrom(this.ends, this.adjacency.predecessors));
  }

  /** Steps from which an `end` with the `resolved` outcome can be reached. */
  get canResolve(): Uint8Array {
    if (!this.#canResolve) {
      const resolvedEnds = this.ends.filter((index) => this.step(index).outcome === resolvedOutcome);
      this.#canResolve = reachableFrom(resolvedEnds, this.adjacency.predecessors);
    }
    return this.#canResolve;
  }

  /** Strongly connected components (Tarjan), numbered sinks first. */
  get components(): Components {
    return (this.#components ??= stronglyConnectedComponents(this.adjacency.successors));
  }

  /** The DAG of strongly connected components, where a loop is one node. */
  get condensation(): Condensation {
    return (this.#condensation ??= computeCondensation(this));
  }

  /** Each step's place in the flow (see model/flow-order.ts): picks "the first" of several steps whatever the file order. */
  get flowRanks(): Uint32Array {
    return (this.#flowRanks ??= computeFlowRanks(this));
  }

  /** Each component's place in the flow: the smallest flow rank of its members. */
  get componentFlowRanks(): Uint32Array {
    return (this.#componentFlowRanks ??= computeComponentFlowRanks(this));
  }

  /** Breadth-first distances (in edges) from the start step; -1 where the start does not lead. */
  get distancesFromStart(): Int32Array {
    return (this.#distancesFromStart ??= computeDistancesFromStart(this));
  }

  /** What each channel offers for each capability (the channel rules and the workshop matrix read it). */
  get capabilities(): CapabilityAnalysis {
    return (this.#capabilities ??= analyseCapabilities(this));
  }

  /** A system by name: the journey's own `systems` entry wins over the config catalog; undefined when neither declares it. */
  system(name: string): SystemInfo | undefined {
    this.#systems ??= new Map();
    if (this.#systems.has(name)) return this.#systems.get(name);
    const info = readSystemInfo(this.journey, this.settings, name);
    this.#systems.set(name, info);
    return info;
  }

  /** Steps on every way from the start to a `resolved` end (declarative rules' `onEveryWayToResolution`). */
  get onEveryWayToResolution(): Uint8Array {
    return (this.#onEveryWayToResolution ??= onEveryWayToResolution(this));
  }

  /** Most changes of owning department along ways from the start (excess-handoffs and the metrics). */
  get ownerChanges(): ChangesAlongPaths {
    return (this.#ownerChanges ??= computeChanges(this, (step) => step.owner));
  }

  /**
   * Most changes between the departments the customer meets along ways from the start: owners of customer and agent
   * steps and of steps showing a `message` (excess-handoffs by default, and the metrics).
   */
  get customerOwnerChanges(): ChangesAlongPaths {
    return (this.#customerOwnerChanges ??= computeChanges(this, ownerTheCustomerMeets));
  }

  /**
   * Most changes of channel between customer steps along ways from the start (the metrics); a step in a `fulfilment`
   * channel (the parcel handed over at the door) is the company coming to the customer, not a switch.
   */
  get customerChannelChanges(): ChangesAlongPaths {
    return (this.#customerChannelChanges ??= computeChanges(this, (step) =>
      step.actor === 'customer' && traitsOf(this.settings, step.channel).fulfilment !== true ? step.channel : undefined,
    ));
  }

  /** Pairs (previous owner, owner) between each reachable owned step and the nearest owned steps before it (the workshop's hand-off chart). */
  get ownerHandoffs(): ReadonlyArray<readonly [from: string, to: string]> {
    return (this.#ownerHandoffs ??= findOwnerHandoffs(this));
  }

  /** Items asked again where every way already collected them (repeated-data-request, and the metrics with the defaults). */
  repeatedRequests(options: RepeatedRequestOptions = defaultRepeatedRequestOptions): readonly RepeatedRequest[] {
    return (this.#repeatedRequests ??= new Memo()).get(options, () => computeRepeatedRequests(this, options));
  }

  /** Automated steps with no way to a person, and the stretches they form (no-human-escape, and the metrics). */
  humanRoutes(options: HumanRouteOptions): HumanRoutes {
    return (this.#humanRoutes ??= new Memo()).get(options, () => findHumanRoutes(this, options));
  }

  /** Personal items collected and never used (pii-not-used). */
  unusedPersonalData(options: PersonalDataUseOptions): readonly UnusedPersonalData[] {
    return (this.#unusedPersonalData ??= new Memo()).get(options, () => findUnusedPersonalData(this, options));
  }

  /** The shortest way round the loop through `step`, staying inside its component: [step, ..., step]. */
  shortestLoopThrough(step: Step): Step[] {
    return shortestLoopThrough(this, step.index).map((index) => this.step(index));
  }

  /** Groups of the given steps connected by edges in either direction, each group in flow order. */
  connectedGroups(members: readonly Step[]): Step[][] {
    return weaklyConnectedGroups(this, members);
  }

  /**
   * For the steps reached from `sources` by at least one edge, the source each was first reached from (breadth-first);
   * in the order they were reached.
   */
  reachedFrom(sources: readonly Step[]): Array<{ step: Step; source: Step }> {
    return firstSourceReaching(this, sources);
  }

  /**
   * Where a customer who starts a capability in one channel must leave it: breadth-first from the service's entries
   * through the steps `stays` accepts, the first step it does not accept that still leads to a resolved end; undefined
   * when a resolved end is reached without leaving, or no such step exists.
   */
  firstExit(service: CapabilityService, stays: (step: Step) => boolean): Step | undefined {
    return firstStepLeaving(this, service.entries, stays);
  }

  /** Steps from which a `targets` step is reached through steps `through` accepts only (targets must be accepted too). */
  canReachThrough(targets: readonly Step[], through: (step: Step) => boolean): Uint8Array {
    const next = this.adjacency.predecessors.map((before, index) => (through(this.step(index)) ? before.filter((other) => through(this.step(other))) : []));
    return reachableFrom(
      targets.map((step) => step.index),
      next,
    );
  }
}

/** Results kept by the options they were computed with, compared by value: each rule run builds its own options object. */
class Memo<Options, Result> {
  readonly #entries: Array<{ options: Options; result: Result }> = [];

  get(options: Options, compute: () => Result): Result {
    const known = this.#entries.find((entry) => sameValue(entry.options, options));
    if (known) return known.result;
    const result = compute();
    this.#entries.push({ options, result });
    return result;
  }
}

/** Deep equality of plain option values (JSON data: objects, arrays, strings, numbers, booleans). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a).filter((key) => (a as Record<string, unknown>)[key] !== undefined);
  const bKeys = Object.keys(b).filter((key) => (b as Record<string, unknown>)[key] !== undefined);
  if (aKeys.length !== bKeys.length) return false;
  return aKeys.every((key) => sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/** The analysis of one journey, computed lazily; callers that want its results shared pass this object on. */
export function analyse(journey: Journey, settings: JourneySettings = defaultSettings): JourneyAnalysis {
  return new JourneyAnalysis(journey, settings);
}
