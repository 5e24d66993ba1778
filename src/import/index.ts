/**
 * Importing process models (BPMN 2.0 XML, Mermaid flowcharts) as journeys, and auditing them in place: the journey is
 * imported in memory, audited like a YAML file, and every finding is moved to the model element it came from.
 */
import { isUtf8 } from 'node:buffer';
import { auditText, type AuditedFile, type AuditTextOptions } from '../engine/engine.js';
import type { Finding, Range } from '../types.js';
import { fingerprintOf } from '../engine/fingerprint.js';
import type { Actor, ImportedJourney, ImportNote } from './graph.js';
import type { BpmnImportOptions, LaneMapping } from './bpmn/read.js';
import type { MermaidImportOptions } from './mermaid.js';

export type { ImportNote } from './graph.js';
export type ModelFormat = 'bpmn' | 'mermaid';

/** Model files are recognised by their extension; everything else is a journey YAML file. */
export function modelFormatOf(file: string): ModelFormat | undefined {
  if (/\.(bpmn2?|bpmn\.xml)$/i.test(file)) return 'bpmn';
  if (/\.(mmd|mermaid)$/i.test(file)) return 'mermaid';
  return undefined;
}

/** Everything an import can be told: the mapping file's content and the command line's options. */
export interface ImportSettings {
  channelFrom: 'lane' | 'documentation';
  defaultChannel?: string;
  /** Lane, pool or subgraph name -> channel, owner, actor. */
  lanes: Record<string, LaneMapping>;
  customer: string[];
  /** Mermaid subgraphs: channels or departments. */
  mermaidLanes: 'channel' | 'owner';
}

export const defaultImportSettings: ImportSettings = { channelFrom: 'lane', lanes: {}, customer: [], mermaidLanes: 'channel' };

export interface ImportedModel {
  file: string;
  format: ModelFormat;
  journey?: ImportedJourney;
  /** Element id -> position in the model's text. */
  positions: Map<string, Range>;
  /** Position for findings about the model as a whole. */
  root: Range;
  error?: { message: string; line: number; column: number };
}

/**
 * Model bytes as text. XML declares its encoding: ISO-8859-1 (as several tools still write) is decoded as such unless
 * the bytes are valid UTF-8, which is what such files usually really hold.
 */
export function decodeModelBytes(bytes: Buffer): string {
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bytes.subarray(start);
  if (isUtf8(body)) return body.toString('utf8');
  const declaration = /^<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/i.exec(body.subarray(0, 200).toString('latin1'));
  const encoding = declaration?.[1]?.toLowerCase();
  if (encoding === 'windows-1252' || encoding === 'cp1252') return new TextDecoder('windows-1252').decode(body);
  return body.toString('latin1');
}

export async function importModel(text: string, file: string, format: ModelFormat, settings: ImportSettings, knownChannels: readonly string[]): Promise<ImportedModel> {
  if (format === 'bpmn') {
    const { importBpmn } = await import('./bpmn/index.js');
    const options: BpmnImportOptions = { knownChannels, channelFrom: settings.channelFrom, lanes: settings.lanes, customer: settings.customer, ...(settings.defaultChannel !== undefined ? { defaultChannel: settings.defaultChannel } : {}) };
    const imported = await importBpmn(text, file, options);
    return { file, format, positions: imported.positions.byId, root: imported.positions.root, ...(imported.journey ? { journey: imported.journey } : {}), ...(imported.error ? { error: imported.error } : {}) };
  }
  const { importMermaid } = await import('./mermaid.js');
  const options: MermaidImportOptions = { lanes: settings.mermaidLanes, knownChannels, customer: settings.customer, mapping: settings.lanes, ...(settings.defaultChannel !== undefined ? { defaultChannel: settings.defaultChannel } : {}) };
  const imported = importMermaid(text, file, options);
  return { file, format, positions: imported.positions, root: { line: 1, column: 1, endLine: 1, endColumn: 2 }, ...(imported.journey ? { journey: imported.journey } : {}), ...(imported.error ? { error: imported.error } : {}) };
}

const elementWord: Record<ModelFormat, string> = { bpmn: 'BPMN element', mermaid: 'Mermaid node' };

/**
 * Audits an imported model: the journey's YAML is audited as usual, then each finding moves to the element its step,
 * branch or journey came from, and names that element. Fingerprints stay those of the journey (stable across imports).
 */
export function auditImportedModel(model: ImportedModel, options: Omit<AuditTextOptions, 'file'>): AuditedFile {
  if (!model.journey || model.error) {
    const { line, column, message } = model.error ?? { line: 1, column: 1, message: 'nothing to import' };
    const finding: Finding = {
      ruleId: 'parse',
      category: 'input',
      severity: 'error',
      message: `cannot import the ${model.format === 'bpmn' ? 'BPMN model' : 'Mermaid flowchart'}: ${message}`,
      file: model.file,
      line,
      column,
      endLine: line,
      endColumn: column + 1,
      fingerprint: fingerprintOf({ journey: model.file, ruleId: 'parse', steps: [], data: { message }, anchor: [] }),
      path: [],
    };
    return { file: model.file, findings: [finding], inputError: true };
  }
  const journey = model.journey;
  const result = auditText(journey.yaml, { ...options, file: model.file });
  const steps = (journey.data.steps as { id: string }[]) ?? [];
  for (const finding of result.findings) {
    const element = elementOf(finding, steps, journey);
    const range = (element !== undefined ? model.positions.get(element) : undefined) ?? model.root;
    finding.line = range.line;
    finding.column = range.column;
    finding.endLine = range.endLine;
    finding.endColumn = range.endColumn;
    if (element !== undefined) finding.message = `${finding.message} [${elementWord[model.format]} ${element}]`;
  }
  result.findings.sort((a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId) || a.message.localeCompare(b.message));
  result.journeyRange = model.root;
  return result;
}

/** The model element a finding belongs to: the flow of a branch, else the element of its step. */
function elementOf(finding: Finding, steps: { id: string }[], journey: ImportedJourney): string | undefined {
  const path = finding.path;
  const stepIndex = path[0] === 'steps' && typeof path[1] === 'number' ? path[1] : undefined;
  const stepId = finding.step ?? (stepIndex !== undefined ? steps[stepIndex]?.id : undefined);
  if (stepId === undefined) return undefined;
  if (path[2] === 'next' && typeof path[3] === 'number') {
    const flow = journey.branchSources.get(`${stepId}#${path[3]}`);
    if (flow !== undefined) return flow;
  }
  return journey.stepSources.get(stepId);
}

/** Reads a mapping file's data (YAML already parsed) into import settings; returns problems as text. */
export function settingsFromMapping(data: unknown): { settings: Partial<ImportSettings>; problems: string[] } {
  const problems: string[] = [];
  const settings: Partial<ImportSettings> = {};
  if (data === null || data === undefined) return { settings, problems };
  if (typeof data !== 'object' || Array.isArray(data)) return { settings, problems: ['the mapping file must be a mapping with `lanes`, `customer`, `channel-from`, `default-channel`'] };
  const record = data as Record<string, unknown>;
  const actors: Actor[] = ['customer', 'agent', 'backstage', 'system', 'partner'];
  const idPattern = /^[a-z0-9]+([-_.][a-z0-9]+)*$/;
  for (const key of Object.keys(record)) {
    if (!['lanes', 'customer', 'channel-from', 'default-channel', 'mermaid-lanes'].includes(key)) problems.push(`unknown key '${key}' (known: lanes, customer, channel-from, default-channel, mermaid-lanes)`);
  }
  if (record.lanes !== undefined) {
    if (typeof record.lanes !== 'object' || record.lanes === null || Array.isArray(record.lanes)) problems.push('`lanes` must map lane names to {channel, owner, actor}');
    else {
      const lanes: Record<string, LaneMapping> = {};
      for (const [lane, value] of Object.entries(record.lanes as Record<string, unknown>)) {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
          problems.push(`lanes.${lane} must be a mapping with channel, owner or actor`);
          continue;
        }
        const entry = value as Record<string, unknown>;
        const mapping: LaneMapping = {};
        for (const field of Object.keys(entry)) if (!['channel', 'owner', 'actor'].includes(field)) problems.push(`lanes.${lane}: unknown field '${field}' (channel, owner, actor)`);
        if (entry.channel !== undefined) {
          if (typeof entry.channel === 'string' && idPattern.test(entry.channel)) mapping.channel = entry.channel;
          else problems.push(`lanes.${lane}.channel must be a channel id such as phone or web`);
        }
        if (entry.owner !== undefined) {
          if (typeof entry.owner === 'string' && idPattern.test(entry.owner)) mapping.owner = entry.owner;
          else problems.push(`lanes.${lane}.owner must be a department id such as customer-care`);
        }
        if (entry.actor !== undefined) {
          if (typeof entry.actor === 'string' && (actors as string[]).includes(entry.actor)) mapping.actor = entry.actor as Actor;
          else problems.push(`lanes.${lane}.actor must be one of ${actors.join(', ')}`);
        }
        lanes[lane] = mapping;
      }
      settings.lanes = lanes;
    }
  }
  if (record.customer !== undefined) {
    const names = typeof record.customer === 'string' ? [record.customer] : record.customer;
    if (Array.isArray(names) && names.every((name) => typeof name === 'string')) settings.customer = names as string[];
    else problems.push('`customer` must be a pool or lane name, or a list of them');
  }
  if (record['channel-from'] !== undefined) {
    if (record['channel-from'] === 'lane' || record['channel-from'] === 'documentation') settings.channelFrom = record['channel-from'];
    else problems.push('`channel-from` must be lane or documentation');
  }
  if (record['default-channel'] !== undefined) {
    if (typeof record['default-channel'] === 'string' && idPattern.test(record['default-channel'])) settings.defaultChannel = record['default-channel'];
    else problems.push('`default-channel` must be a channel id');
  }
  if (record['mermaid-lanes'] !== undefined) {
    if (record['mermaid-lanes'] === 'channel' || record['mermaid-lanes'] === 'owner') settings.mermaidLanes = record['mermaid-lanes'];
    else problems.push('`mermaid-lanes` must be channel or owner');
  }
  return { settings, problems };
}

export function describeNote(note: ImportNote): string {
  return `${note.element}: ${note.message}`;
}
