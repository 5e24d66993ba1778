import path from 'node:path';
import { kebab, toJourney, type ImportedJourney } from '../graph.js';
import { elementPositions, type XmlPositions } from './positions.js';
import { readBpmnDefinitions, type BpmnElement, type BpmnImportOptions } from './read.js';

export type { BpmnImportOptions } from './read.js';

export interface ImportedBpmn {
  journey?: ImportedJourney;
  positions: XmlPositions;
  /** Why the model could not be imported, with a position in the XML. */
  error?: { message: string; line: number; column: number };
  /** bpmn-moddle's warnings (unknown elements, unresolved references), without positions of their own. */
  warnings: string[];
}

/** Imports one BPMN 2.0 XML text. bpmn-moddle is loaded here, on the first model, not on every audit. */
export async function importBpmn(xml: string, file: string, options: BpmnImportOptions): Promise<ImportedBpmn> {
  const positions = elementPositions(xml);
  if (positions.error) return { positions, error: positions.error, warnings: [] };
  const { BpmnModdle } = await import('bpmn-moddle');
  const moddle = new BpmnModdle();
  let definitions: BpmnElement;
  let warnings: string[];
  try {
    const read = await moddle.fromXML(xml, 'bpmn:Definitions');
    definitions = read.rootElement as unknown as BpmnElement;
    warnings = read.warnings.map((warning: { message: string }) => warning.message.split('\n')[0]!).filter((message: string) => !/unsupported document encoding/i.test(message));
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    return { positions, error: { message: `not a BPMN 2.0 model: ${message}`, line: positions.root.line, column: positions.root.column }, warnings: [] };
  }
  const read = readBpmnDefinitions(definitions, options);
  for (const warning of warnings) read.graph.notes.push({ element: '-', message: `bpmn-moddle: ${warning}` });
  const base = path.basename(file).replace(/\.(bpmn2?|xml)$/i, '').replace(/\.bpmn$/i, '');
  // The file's name, not a pool's: one model, one journey file, whatever its pools are called.
  const id = kebab(base) || kebab(read.title ?? '') || 'imported-process';
  const journey = toJourney(
    read.graph,
    {
      id,
      ...(read.title !== undefined ? { title: read.title } : {}),
      ...(read.owner !== undefined ? { owner: read.owner } : {}),
      comments: [`Imported from the BPMN model ${path.basename(file)}; each step's source names its BPMN element.`, ...read.assumptions.map((text) => `Assumed ${text}.`)],
    },
    'bpmn',
  );
  return { journey, positions, warnings };
}
