/**
 * The importers' common ground: a process graph read from a BPMN or Mermaid model, simplified into journey steps
 * (gateways that only merge are bypassed, parallel branches sequenced) and written as a journey document.
 * Pure: values in, values out.
 */

export type StepKind = 'action' | 'decision' | 'wait' | 'approval' | 'handoff' | 'message' | 'end';
export type Actor = 'customer' | 'agent' | 'backstage' | 'system' | 'partner';

/** Where a step or branch came from in the model: its element id. */
export type SourceFormat = 'bpmn' | 'mermaid';

export interface ImportEdge {
  to: string;
  when?: string;
  failure?: boolean;
  /** Element id of the sequence flow, message flow or boundary event this branch was read from. */
  source?: string;
  /** A branch taken when a boundary event fires: not the step's normal way on. */
  boundary?: boolean;
}

export interface ImportNode {
  /** Unique key in the graph: the element id, prefixed with the keys of the sub-processes it was flattened out of. */
  key: string;
  /** Element id in the model, for traceability and positions. */
  sourceId: string;
  name?: string;
  /** Used for the step id when the element has no name (`start`, `decision`, ...). */
  fallbackName: string;
  /** Names of the sub-processes or call activities the element was flattened out of, outermost first. */
  prefix: string[];
  kind: StepKind;
  actor?: Actor;
  owner?: string;
  channel?: string;
  outcome?: string;
  duration?: string;
  canFail?: boolean;
  collects: string[];
  requires: string[];
  uses: string[];
  /** Assumptions made for this step, written as comments above it. */
  comments: string[];
  out: ImportEdge[];
  /**
   * A node that is no step of its own (a merging gateway, a sub-process boundary, a link event): the branches into it
   * go straight to where it leads.
   */
  bypass?: boolean;
  /** A parallel split or join gateway: its branches are sequenced where they are plain chains. */
  parallel?: 'split' | 'join';
}

/** Something in the model that the journey cannot express, named by element id. */
export interface ImportNote {
  element: string;
  message: string;
}

export interface ImportGraph {
  nodes: Map<string, ImportNode>;
  /** Key of the node the journey starts at. */
  start?: string;
  notes: ImportNote[];
}

export function newNode(key: string, sourceId: string, fallbackName: string, prefix: string[], kind: StepKind): ImportNode {
  return { key, sourceId, fallbackName, prefix, kind, collects: [], requires: [], uses: [], comments: [], out: [] };
}

/** A name as a lowercase kebab-case id: accents dropped, anything else between words becomes one hyphen. */
export function kebab(text: string, maxLength = 60): string {
  const plain = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    // "Adjuster's report" -> adjusters-report, not adjuster-s-report.
    .replace(/(\w)['’](\w)/g, '$1$2')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (plain.length <= maxLength) return plain;
  return plain.slice(0, maxLength).replace(/-[^-]*$/, '').replace(/-+$/, '') || plain.slice(0, maxLength);
}

/** Names in models carry line breaks and runs of spaces (`Invoice&#xA;received`): one line, single spaces. */
export function oneLine(text: string | undefined): string | undefined {
  const line = text?.replace(/\s+/g, ' ').trim();
  return line ? line : undefined;
}

/** Words in an end's name that say the customer did not get what they came for. */
const unresolvedWords = /\b(reject\w*|refer\w*|declin\w*|cancel\w*|fail\w*|abort\w*|refus\w*|not|no|unable|expired?|lost|denied|invalid|timeout|timed out|error)\b/i;

export function outcomeFromName(name: string | undefined): 'unresolved' | undefined {
  return name && unresolvedWords.test(name) ? 'unresolved' : undefined;
}

/** Every branch into `key`, as [from node, branch index]. */
function incoming(graph: ImportGraph): Map<string, [ImportNode, number][]> {
  const into = new Map<string, [ImportNode, number][]>();
  for (const node of graph.nodes.values()) {
    node.out.forEach((edge, index) => {
      let list = into.get(edge.to);
      if (!list) into.set(edge.to, (list = []));
      list.push([node, index]);
    });
  }
  return into;
}

/**
 * Sequences parallel branches that are plain chains from a split to one join (each step one way in and one way
 * out): the journey format has no parallel execution, and a customer meets the steps one after the other anyway.
 * Other parallel splits keep their branches as alternatives, with a note.
 */
function sequenceParallelBranches(graph: ImportGraph): void {
  const into = incoming(graph);
  for (const split of graph.nodes.values()) {
    if (split.parallel !== 'split' || split.out.length < 2) continue;
    const chains: ImportNode[][] = [];
    let join: string | undefined;
    let plain = true;
    for (const edge of split.out) {
      const chain: ImportNode[] = [];
      let current = graph.nodes.get(edge.to);
      const seen = new Set<string>();
      // Boundary branches (errors, timers) do not count: the chain is the steps' normal ways on.
      const normal = (node: ImportNode) => node.out.filter((edge) => !edge.boundary);
      while (current && current.parallel === undefined && !current.bypass && normal(current).length === 1 && (into.get(current.key)?.filter(([from, index]) => !from.out[index]!.boundary).length ?? 0) === 1 && !seen.has(current.key)) {
        seen.add(current.key);
        chain.push(current);
        current = graph.nodes.get(normal(current)[0]!.to);
      }
      if (!current || current.parallel !== 'join' || (join !== undefined && join !== current.key)) {
        plain = false;
        break;
      }
      join = current.key;
      if (chain.length > 0) chains.push(chain);
    }
    if (!plain || join === undefined) {
      graph.notes.push({ element: split.sourceId, message: 'parallel split whose branches are not plain chains to one join: its branches are imported as alternative paths' });
      continue;
    }
    const names = chains.map((chain) => chain.map((node) => oneLine(node.name) ?? node.sourceId).join(', '));
    split.out = chains.length > 0 ? [{ to: chains[0]![0]!.key }] : [{ to: join }];
    chains.forEach((chain, index) => {
      const last = chain[chain.length - 1]!;
      last.out = [{ to: index + 1 < chains.length ? chains[index + 1]![0]!.key : join! }, ...last.out.filter((edge) => edge.boundary)];
      if (chains.length > 1) {
        chain[0]!.comments.push(`runs in parallel with ${names.filter((_, other) => other !== index).map((text) => `'${text}'`).join(' and ')} in the model (parallel gateway ${split.sourceId}); imported one after the other`);
      }
    });
  }
  // Splits and joins are no steps: the ones sequenced, and the ones kept as alternatives, are bypassed alike.
  for (const node of graph.nodes.values()) if (node.parallel) node.bypass = true;
}

/**
 * Removes bypass nodes: each branch into one goes on to where the node leads, keeping its own condition. A bypass node
 * that leads nowhere stays a step (a dead end the rules should see), and so does one that is the journey's start.
 */
function removeBypassNodes(graph: ImportGraph): void {
  const resolved = new Map<string, ImportEdge[]>();
  const resolving = new Set<string>();
  const targetsOf = (key: string): ImportEdge[] => {
    const node = graph.nodes.get(key);
    if (!node || !node.bypass || node.out.length === 0 || resolving.has(key)) return [{ to: key }];
    const cached = resolved.get(key);
    if (cached) return cached;
    resolving.add(key);
    const targets: ImportEdge[] = [];
    for (const edge of node.out) {
      for (const target of targetsOf(edge.to)) {
        targets.push({ ...target, ...mergeLabels(edge, target) });
      }
    }
    resolving.delete(key);
    resolved.set(key, targets);
    return targets;
  };
  // A start that is a bypass node moves to where it leads, when that is one place.
  if (graph.start !== undefined) {
    const targets = targetsOf(graph.start);
    if (targets.length === 1) graph.start = targets[0]!.to;
  }
  for (const node of graph.nodes.values()) {
    const edges: ImportEdge[] = [];
    for (const edge of node.out) {
      for (const target of targetsOf(edge.to)) {
        const merged = { ...target, ...mergeLabels(edge, target) };
        if (!edges.some((existing) => existing.to === merged.to && existing.when === merged.when)) edges.push(merged);
      }
    }
    node.out = edges;
  }
  for (const [key, node] of [...graph.nodes]) {
    if (node.bypass && node.out.length > 0 && key !== graph.start) graph.nodes.delete(key);
  }
}

/** The first branch's condition wins (it is where the choice was made); failure sticks. */
function mergeLabels(first: ImportEdge, then: ImportEdge): Partial<ImportEdge> {
  const merged: Partial<ImportEdge> = {};
  const when = first.when ?? then.when;
  if (when !== undefined) merged.when = when;
  if (first.failure || then.failure) merged.failure = true;
  const source = first.source ?? then.source;
  if (source !== undefined) merged.source = source;
  return merged;
}

export interface JourneyHeader {
  id: string;
  title?: string;
  owner?: string;
  /** Comments at the top of the file: what was read, how, and the general assumptions. */
  comments: string[];
}

export interface ImportedJourney {
  /** The journey as data, valid against the journey schema. */
  data: Record<string, unknown>;
  /** The journey as YAML text, with the assumptions as comments. */
  yaml: string;
  /** Step id -> element id in the model. */
  stepSources: Map<string, string>;
  /** `stepId#branchIndex` -> element id of the flow the branch was read from. */
  branchSources: Map<string, string>;
  notes: ImportNote[];
}

/** Simplifies the graph and assigns readable, unique step ids in model order. */
export function toJourney(graph: ImportGraph, header: JourneyHeader, format: SourceFormat): ImportedJourney {
  sequenceParallelBranches(graph);
  removeBypassNodes(graph);
  const nodes = flowOrder(graph);
  markFailureEnds(graph);

  const ids = new Map<string, string>();
  const used = new Set<string>();
  for (const node of nodes) {
    const base = kebab([...node.prefix, oneLine(node.name) ?? node.fallbackName].join(' ')) || kebab(node.fallbackName) || 'step';
    let id = base;
    for (let count = 2; used.has(id); count++) id = `${base}-${count}`;
    used.add(id);
    ids.set(node.key, id);
  }

  const stepSources = new Map<string, string>();
  const branchSources = new Map<string, string>();
  const steps: Record<string, unknown>[] = [];
  const stepComments: string[][] = [];
  const customerChannels = new Set<string>();
  for (const node of nodes) {
    const id = ids.get(node.key)!;
    stepSources.set(id, node.sourceId);
    const step: Record<string, unknown> = { id };
    const name = oneLine(node.name);
    if (name !== undefined) step.name = name;
    if (node.kind !== 'action') step.kind = node.kind;
    if (node.channel !== undefined) step.channel = node.channel;
    if (node.actor !== undefined) step.actor = node.actor;
    if (node.owner !== undefined && node.actor !== 'customer') step.owner = node.owner;
    if (node.actor === 'customer' && node.channel !== undefined) customerChannels.add(node.channel);
    const collects = unique(node.collects);
    const requires = unique(node.requires);
    const uses = unique(node.uses);
    if (collects.length > 0) step.collects = collects;
    if (requires.length > 0) step.requires = requires;
    if (uses.length > 0) step.uses = uses;
    if (node.duration !== undefined) step.duration = node.duration;
    if (node.canFail) step['can-fail'] = true;
    if (node.kind === 'end') step.outcome = node.outcome ?? 'resolved';
    const next = node.out.filter((edge) => ids.has(edge.to));
    if (next.length > 0 && node.kind !== 'end') {
      const plain = next.length === 1 && next[0]!.when === undefined && !next[0]!.failure;
      step.next = plain
        ? ids.get(next[0]!.to)
        : next.map((edge) => {
            const branch: Record<string, unknown> = { to: ids.get(edge.to) };
            if (edge.when !== undefined) branch.when = edge.when;
            if (edge.failure) branch.failure = true;
            return branch;
          });
      next.forEach((edge, index) => {
        if (edge.source !== undefined) branchSources.set(`${id}#${index}`, edge.source);
      });
    }
    step.source = { [format]: node.sourceId };
    steps.push(step);
    stepComments.push(unique(node.comments));
  }

  const data: Record<string, unknown> = { journey: header.id };
  if (header.title !== undefined) data.title = header.title;
  if (header.owner !== undefined) data.owner = header.owner;
  if (customerChannels.size > 0) data.channels = [...customerChannels].sort();
  if (graph.start !== undefined && ids.has(graph.start)) data.start = ids.get(graph.start);
  data.steps = steps;
  return { data, yaml: journeyYaml(data, header.comments, graph.notes, stepComments), stepSources, branchSources, notes: graph.notes };
}

/**
 * Steps in the order the flow meets them (depth first from the start, branches in their order), then the ones the
 * start does not reach, in model order: the file reads like the process.
 */
function flowOrder(graph: ImportGraph): ImportNode[] {
  const ordered: ImportNode[] = [];
  const seen = new Set<string>();
  const visit = (first: string) => {
    const pending = [first];
    while (pending.length > 0) {
      const key = pending.pop()!;
      const node = graph.nodes.get(key);
      if (!node || seen.has(key)) continue;
      seen.add(key);
      ordered.push(node);
      for (let index = node.out.length - 1; index >= 0; index--) pending.push(node.out[index]!.to);
    }
  };
  if (graph.start !== undefined) visit(graph.start);
  for (const key of graph.nodes.keys()) visit(key);
  return ordered;
}

/** An end that only failure branches lead to (an error caught on the way) is no resolution. */
function markFailureEnds(graph: ImportGraph): void {
  const into = incoming(graph);
  for (const node of graph.nodes.values()) {
    if (node.kind !== 'end' || node.outcome !== undefined) continue;
    const branches = into.get(node.key) ?? [];
    if (branches.length > 0 && branches.every(([from, index]) => from.out[index]!.failure)) {
      node.outcome = 'failed';
      node.comments.push('outcome failed: only failure branches lead here');
    }
  }
}

function unique(items: string[]): string[] {
  return [...new Set(items.filter((item) => item.length > 0))];
}

/** Comment text on one line and without the characters that would end a YAML comment early. */
function commentText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The journey as YAML, keys in a fixed order and comments where they explain something: deterministic, so that
 * importing the same model twice gives the same bytes.
 */
function journeyYaml(data: Record<string, unknown>, header: string[], notes: ImportNote[], stepComments: string[][]): string {
  const lines: string[] = [];
  for (const text of header) lines.push(`# ${commentText(text)}`);
  if (notes.length > 0) {
    lines.push('# Not mapped (element id: what and why):');
    for (const note of notes) lines.push(`#   ${commentText(`${note.element}: ${note.message}`)}`);
  }
  for (const [key, value] of Object.entries(data)) {
    if (key === 'steps') continue;
    lines.push(`${key}: ${scalar(value)}`);
  }
  lines.push('steps:');
  (data.steps as Record<string, unknown>[]).forEach((step, index) => {
    for (const text of stepComments[index] ?? []) lines.push(`  # ${commentText(text)}`);
    let first = true;
    for (const [key, value] of Object.entries(step)) {
      const lead = first ? '  - ' : '    ';
      first = false;
      if (key === 'next' && Array.isArray(value)) {
        lines.push(`${lead}next:`);
        for (const branch of value as Record<string, unknown>[]) {
          let firstField = true;
          for (const [field, fieldValue] of Object.entries(branch)) {
            lines.push(`${firstField ? '      - ' : '        '}${field}: ${scalar(fieldValue)}`);
            firstField = false;
          }
        }
      } else if (key === 'source') {
        const [format, element] = Object.entries(value as Record<string, string>)[0]!;
        lines.push(`${lead}source: { ${format}: ${scalar(element)} }`);
      } else {
        lines.push(`${lead}${key}: ${scalar(value)}`);
      }
    }
  });
  return `${lines.join('\n')}\n`;
}

/** A YAML flow scalar or flow list; strings are quoted whenever plain style could be read as something else. */
function scalar(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(scalar).join(', ')}]`;
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  const text = String(value);
  // Durations (5d, 2h) are strings to YAML as they are; quoting them would only add noise.
  if (/^[0-9]{1,9}(\.[0-9]{1,3})?[smhdw]$/.test(text)) return text;
  const plain = /^[A-Za-z0-9][A-Za-z0-9 _./()'?-]*$/.test(text) && !/^(true|false|yes|no|on|off|null|~|y|n)$/i.test(text) && !/^[0-9.+-]/.test(text) && !/ $/.test(text) && !/[?] /.test(text);
  return plain ? text : JSON.stringify(text);
}
