/**
 * Mermaid flowcharts (`flowchart` / `graph`) -> the importers' process graph. Mermaid's own parser package covers
 * other diagram types only (no flowcharts), so this is a small grammar for the subset wikis use: nodes with shapes,
 * edges with labels, chains and `&`, subgraphs. Anything else is an error with its line and column. Pure.
 */
import type { Range } from '../types.js';
import { isCustomerName, type LaneMapping } from './bpmn/read.js';
import { kebab, newNode, oneLine, outcomeFromName, toJourney, type Actor, type ImportGraph, type ImportNode, type ImportedJourney } from './graph.js';

export interface MermaidImportOptions {
  /** What a subgraph stands for: the channel (default) or the owning department. */
  lanes: 'channel' | 'owner';
  knownChannels: readonly string[];
  defaultChannel?: string;
  /** Subgraph titles that are the customer, besides titles naming customers, clients, ... */
  customer: readonly string[];
  /** Subgraph title -> channel, owner, actor (the mapping file's `lanes`); wins over `lanes`. */
  mapping?: Record<string, LaneMapping>;
}

function mappingFor(mapping: Record<string, LaneMapping> | undefined, title: string): LaneMapping | undefined {
  const wanted = title.replace(/\s+/g, ' ').trim().toLowerCase();
  for (const [key, value] of Object.entries(mapping ?? {})) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

export interface ImportedMermaid {
  journey?: ImportedJourney;
  /** Node id -> where it is first written. */
  positions: Map<string, Range>;
  error?: { message: string; line: number; column: number };
}

class MermaidSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

type Shape = 'rect' | 'round' | 'stadium' | 'subroutine' | 'cylinder' | 'circle' | 'asymmetric' | 'diamond' | 'hexagon' | 'parallelogram' | 'trapezoid';

/** Opening and closing brackets of node shapes, longest first so `((` wins over `(`. */
const shapes: [string, string, Shape][] = [
  ['(((', ')))', 'circle'],
  ['((', '))', 'circle'],
  ['([', '])', 'stadium'],
  ['[[', ']]', 'subroutine'],
  ['[(', ')]', 'cylinder'],
  ['{{', '}}', 'hexagon'],
  ['[/', '/]', 'parallelogram'],
  ['[\\', '\\]', 'parallelogram'],
  ['[/', '\\]', 'trapezoid'],
  ['[', ']', 'rect'],
  ['(', ')', 'round'],
  ['{', '}', 'diamond'],
  ['>', ']', 'asymmetric'],
];

interface ParsedNode {
  id: string;
  text?: string;
  shape?: Shape;
  lane?: string;
  range: Range;
}

interface ParsedEdge {
  from: string;
  to: string;
  label?: string;
}

const maxStatementLength = 5000;
const ignoredStatement = /^(classDef|class|style|linkStyle|click|direction|accTitle|accDescr)\b/;
/** Edge operators: `-->`, `---`, `-.->`, `==>`, `--o`, `--x`, `<-->`, with any number of dashes or equals. */
const edgeOperator = /^(<?)(-{2,}|={2,}|-\.+-)(>|o|x|-)?/;

/** Reads the flowchart into nodes (in order of first mention) and edges; throws MermaidSyntaxError. */
function parseFlowchart(source: string): { nodes: Map<string, ParsedNode>; edges: ParsedEdge[]; lanes: string[] } {
  const nodes = new Map<string, ParsedNode>();
  const edges: ParsedEdge[] = [];
  const lanes: string[] = [];
  const laneStack: string[] = [];
  const lines = source.split(/\r?\n/);
  let header = false;
  lines.forEach((raw, index) => {
    const lineNumber = index + 1;
    // Statements end at a line's end or a `;`; `%%` starts a comment.
    const withoutComment = raw.replace(/%%.*$/, '');
    const statements = splitStatements(withoutComment);
    for (const { text, column } of statements) {
      // The edge grammar backtracks on a long statement; no hand-drawn flowchart has one this long.
      if (text.length > maxStatementLength) throw new MermaidSyntaxError(`statement longer than ${maxStatementLength} characters`, lineNumber, column);
      if (!header) {
        if (/^---/.test(text)) throw new MermaidSyntaxError('front matter (---) is not supported: remove it or keep the flowchart only', lineNumber, column);
        const match = /^(flowchart|graph)(\s+(TB|TD|BT|RL|LR))?\s*$/.exec(text);
        if (!match) throw new MermaidSyntaxError(`expected 'flowchart' or 'graph' and a direction, found '${text.slice(0, 40)}': only flowcharts can be imported`, lineNumber, column);
        header = true;
        continue;
      }
      if (ignoredStatement.test(text)) continue;
      const subgraph = /^subgraph\s+(.+)$/.exec(text);
      if (subgraph) {
        const title = subgraphTitle(subgraph[1]!);
        laneStack.push(title);
        if (!lanes.includes(title)) lanes.push(title);
        continue;
      }
      if (text === 'end') {
        if (laneStack.length === 0) throw new MermaidSyntaxError("'end' without a subgraph", lineNumber, column);
        laneStack.pop();
        continue;
      }
      parseStatement(text, lineNumber, column, laneStack[laneStack.length - 1], nodes, edges);
    }
  });
  if (!header) throw new MermaidSyntaxError("empty diagram: expected 'flowchart' or 'graph'", 1, 1);
  if (laneStack.length > 0) throw new MermaidSyntaxError(`subgraph '${laneStack[laneStack.length - 1]}' has no 'end'`, lines.length, 1);
  return { nodes, edges, lanes };
}

function splitStatements(line: string): { text: string; column: number }[] {
  const statements: { text: string; column: number }[] = [];
  let start = 0;
  let quoted = false;
  for (let index = 0; index <= line.length; index++) {
    const char = line[index];
    if (char === '"') quoted = !quoted;
    if (index === line.length || (char === ';' && !quoted)) {
      const piece = line.slice(start, index);
      const trimmed = piece.trim();
      if (trimmed) statements.push({ text: trimmed, column: start + piece.indexOf(trimmed) + 1 });
      start = index + 1;
    }
  }
  return statements;
}

/** `id [Title]`, `"Title"` or `Title words`. */
function subgraphTitle(rest: string): string {
  const bracketed = /^\S+\s*\[(.*)\]\s*$/.exec(rest);
  const title = bracketed ? bracketed[1]! : rest;
  return title.replace(/^"(.*)"$/, '$1').trim();
}

/** One statement: a node, or a chain of node groups joined by edges (`A & B --> C -->|yes| D`). */
function parseStatement(text: string, line: number, column: number, lane: string | undefined, nodes: Map<string, ParsedNode>, edges: ParsedEdge[]): void {
  let position = 0;
  const fail = (message: string): never => {
    throw new MermaidSyntaxError(message, line, column + position);
  };
  const skipSpaces = () => {
    while (position < text.length && /\s/.test(text[position]!)) position++;
  };
  const readNode = (): string => {
    skipSpaces();
    const start = position;
    const id = /^[A-Za-z0-9_][A-Za-z0-9_.-]*/.exec(text.slice(position))?.[0];
    if (!id) fail(`expected a node id, found '${text.slice(position, position + 20)}'`);
    // A node id may contain '-' but an edge starts with '--': stop before it.
    let nodeId = id!;
    const dashes = nodeId.search(/-[-.=]|\.-/);
    if (dashes > 0) nodeId = nodeId.slice(0, dashes);
    position += nodeId.length;
    if (text.startsWith(':::', position)) {
      position += 3;
      position += /^[A-Za-z0-9_-]*/.exec(text.slice(position))![0].length;
    }
    let shape: Shape | undefined;
    let label: string | undefined;
    for (const [open, close, kind] of shapes) {
      if (!text.startsWith(open, position)) continue;
      const from = position + open.length;
      const end = closingIndex(text, from, close);
      if (end < 0) continue;
      label = unquote(text.slice(from, end));
      shape = kind;
      position = end + close.length;
      break;
    }
    if (shape === undefined && /^[[({>]/.test(text.slice(position))) fail(`node '${nodeId}': the shape opened with '${text[position]}' is not closed`);
    if (text.startsWith('@{', position)) fail(`node '${nodeId}': shape data (@{ ... }) is not supported; use the bracket shapes`);
    const range: Range = { line, column: column + start, endLine: line, endColumn: column + start + nodeId.length };
    const existing = nodes.get(nodeId);
    if (!existing) {
      const node: ParsedNode = { id: nodeId, range };
      if (label !== undefined) node.text = label;
      if (shape !== undefined) node.shape = shape;
      if (lane !== undefined) node.lane = lane;
      nodes.set(nodeId, node);
    } else {
      if (label !== undefined && existing.text === undefined) existing.text = label;
      if (shape !== undefined && existing.shape === undefined) existing.shape = shape;
      if (lane !== undefined && existing.lane === undefined) existing.lane = lane;
    }
    return nodeId;
  };
  const readGroup = (): string[] => {
    const group = [readNode()];
    skipSpaces();
    while (text[position] === '&') {
      position++;
      group.push(readNode());
      skipSpaces();
    }
    return group;
  };
  /** An edge and its label: `-->|label|`, `-- label -->`, `-. label .->`, `== label ==>`. */
  const readEdge = (): { label?: string } | undefined => {
    skipSpaces();
    if (position >= text.length) return undefined;
    const rest = text.slice(position);
    const inline = /^(--|==|-\.)\s*([^->=|.][^|]*?)\s*(-{2,}>|={2,}>|\.-+>|-{3,}|={3,})/.exec(rest);
    if (inline && !/^(-->|==>|-\.->)/.test(rest)) {
      position += inline[0].length;
      return { label: unquote(inline[2]!) };
    }
    const operator = edgeOperator.exec(rest);
    if (!operator) fail(`expected an edge (-->, ---, -.->, ==>) or the end of the statement, found '${rest.slice(0, 20)}'`);
    position += operator![0].length;
    skipSpaces();
    if (text[position] === '|') {
      const end = text.indexOf('|', position + 1);
      if (end < 0) fail("edge label: '|' is not closed");
      const label = unquote(text.slice(position + 1, end));
      position = end + 1;
      return label ? { label } : {};
    }
    return {};
  };

  let sources = readGroup();
  for (;;) {
    const edge = readEdge();
    if (!edge) break;
    const targets = readGroup();
    for (const from of sources) {
      for (const to of targets) edges.push({ from, to, ...(edge.label ? { label: edge.label } : {}) });
    }
    sources = targets;
  }
}

function closingIndex(text: string, from: number, close: string): number {
  if (text[from] === '"') {
    const endQuote = text.indexOf('"', from + 1);
    if (endQuote >= 0 && text.startsWith(close, endQuote + 1)) return endQuote + 1;
  }
  return text.indexOf(close, from);
}

function unquote(text: string): string {
  const trimmed = text.trim();
  const inner = /^"(.*)"$/s.exec(trimmed)?.[1] ?? trimmed;
  // Line breaks and simple markup in labels.
  return inner.replace(/<br\s*\/?>/gi, ' ').replace(/<\/?(b|i|em|strong)>/gi, '').replace(/#quot;/g, '"').replace(/\s+/g, ' ').trim();
}

export function importMermaid(source: string, file: string, options: MermaidImportOptions): ImportedMermaid {
  let parsed;
  try {
    parsed = parseFlowchart(source);
  } catch (error) {
    if (error instanceof MermaidSyntaxError) return { positions: new Map(), error: { message: error.message, line: error.line, column: error.column } };
    throw error;
  }
  const positions = new Map([...parsed.nodes.values()].map((node) => [node.id, node.range]));
  if (parsed.nodes.size === 0) return { positions, error: { message: 'the flowchart has no nodes', line: 1, column: 1 } };

  const graph: ImportGraph = { nodes: new Map(), notes: [] };
  const into = new Map<string, number>();
  for (const edge of parsed.edges) into.set(edge.to, (into.get(edge.to) ?? 0) + 1);
  const outOf = new Map<string, number>();
  for (const edge of parsed.edges) outOf.set(edge.from, (outOf.get(edge.from) ?? 0) + 1);
  const customerLanes = new Set<string>();
  const isCustomer = (lane: string | undefined) => {
    if (!lane) return false;
    const customer = options.customer.some((name) => name.toLowerCase() === lane.toLowerCase()) || isCustomerName(lane);
    if (customer) customerLanes.add(lane);
    return customer;
  };
  const channelOf = (lane: string | undefined) => {
    if (!lane) return undefined;
    const whole = kebab(lane);
    if (options.knownChannels.includes(whole)) return whole;
    return kebab(lane).split('-').find((word) => options.knownChannels.includes(word));
  };

  const notedLanes = new Set<string>();
  for (const parsedNode of parsed.nodes.values()) {
    const name = oneLine(parsedNode.text) ?? parsedNode.id;
    const sink = (outOf.get(parsedNode.id) ?? 0) === 0;
    const decision = parsedNode.shape === 'diamond' || parsedNode.shape === 'hexagon';
    const node: ImportNode = newNode(parsedNode.id, parsedNode.id, 'step', [], decision ? 'decision' : sink ? 'end' : 'action');
    node.name = name;
    if (sink) {
      node.comments.push('no edge leaves this node: read as an end');
      if (outcomeFromName(name)) {
        node.outcome = 'unresolved';
        node.comments.push(`outcome unresolved, read from the node's text`);
      }
    }
    const lane = parsedNode.lane;
    const mapping = lane !== undefined ? mappingFor(options.mapping, lane) : undefined;
    const customer = mapping?.actor === 'customer' || isCustomer(lane);
    if (customer) node.actor = 'customer' satisfies Actor;
    else if (mapping?.actor !== undefined) node.actor = mapping.actor;
    if (mapping?.owner !== undefined && !customer) node.owner = mapping.owner;
    if (mapping?.channel !== undefined) node.channel = mapping.channel;
    if (lane !== undefined && mapping === undefined) {
      if (options.lanes === 'owner' && !customer) {
        const owner = kebab(lane);
        if (owner) node.owner = owner;
      } else if (options.lanes === 'channel') {
        const channel = channelOf(lane);
        if (channel !== undefined) node.channel = channel;
        else if (!customer && !notedLanes.has(lane)) {
          notedLanes.add(lane);
          graph.notes.push({ element: parsedNode.id, message: `subgraph '${lane}' names no known channel: its steps get none (--lanes owner reads subgraphs as departments; the mapping file can name a channel)` });
        }
      }
    }
    if (node.channel === undefined && options.defaultChannel !== undefined && !sink) node.channel = options.defaultChannel;
    graph.nodes.set(node.key, node);
  }
  for (const edge of parsed.edges) {
    const from = graph.nodes.get(edge.from)!;
    from.out.push({ to: edge.to, ...(edge.label ? { when: edge.label } : {}) });
  }
  // The start: the first node no edge leads to, else the first node written.
  const first = [...parsed.nodes.keys()].find((id) => (into.get(id) ?? 0) === 0) ?? [...parsed.nodes.keys()][0]!;
  graph.start = first;
  const title = oneLine(graph.nodes.get(first)?.name);
  const base = file.replace(/^.*[\\/]/, '').replace(/\.(mmd|mermaid|md)$/i, '');
  const comments = [`Imported from the Mermaid flowchart ${file.replace(/^.*[\\/]/, '')}; each step's source names its node.`];
  comments.push(`Assumed subgraphs are ${options.lanes === 'owner' ? 'owning departments' : 'channels'}; diamonds and hexagons are decisions; nodes without outgoing edges are ends.`);
  if (customerLanes.size > 0) comments.push(`Assumed customer: ${[...customerLanes].map((lane) => `'${lane}'`).join(', ')}.`);
  const journey = toJourney(graph, { id: kebab(base) || 'imported-flowchart', ...(title !== undefined ? { title: base } : {}), comments }, 'mermaid');
  return { journey, positions };
}
