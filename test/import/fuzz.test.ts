import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configForFile, loadConfig } from '../../src/config/load.js';
import { auditText } from '../../src/engine/engine.js';
import { defaultImportSettings, importModel } from '../../src/import/index.js';
import { importMermaid } from '../../src/import/mermaid.js';
import { builtinRules } from '../../src/rules/index.js';

const config = configForFile(loadConfig(undefined, builtinRules, process.cwd()), 'x.journey.yaml');
const channels = Object.keys(config.settings.channels);
const runs = Number(process.env.JOURNEY_AUDIT_FUZZ_RUNS ?? 40);

/** The journey an importer wrote is valid: no parse or schema finding. */
function expectValid(yaml: string): void {
  const problems = auditText(yaml, { file: 'x.journey.yaml', config, rules: builtinRules, validateOnly: true }).findings;
  expect(problems.map((finding) => finding.message)).toEqual([]);
}

const elementTypes = ['task', 'userTask', 'serviceTask', 'sendTask', 'receiveTask', 'exclusiveGateway', 'parallelGateway', 'inclusiveGateway', 'eventBasedGateway', 'intermediateCatchEvent', 'intermediateThrowEvent', 'endEvent', 'subProcess'] as const;

/** A random process: elements with random names (accents, quotes, empty), random flows between them, nested sub-processes. */
const processXml = fc
  .record({
    elements: fc.array(fc.record({ type: fc.constantFrom(...elementTypes), name: fc.option(fc.string({ maxLength: 12 }), { nil: undefined }), inner: fc.nat(3) }), { minLength: 1, maxLength: 14 }),
    flows: fc.array(fc.record({ from: fc.nat(15), to: fc.nat(15), name: fc.option(fc.constantFrom('yes', 'no', 'Zahlung ok?', '', '"quoted"'), { nil: undefined }) }), { maxLength: 24 }),
    lanes: fc.boolean(),
  })
  .map(({ elements, flows, lanes }) => {
    const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
    const nameAttribute = (name: string | undefined) => (name === undefined ? '' : ` name="${escape(name)}"`);
    const body = elements
      .map((element, index) => {
        const id = `E${index}`;
        if (element.type === 'subProcess') {
          const inner = Array.from({ length: element.inner }, (_, at) => `<task id="${id}_${at}" name="Inner ${at}"/>`).join('');
          const innerFlows = Array.from({ length: Math.max(0, element.inner - 1) }, (_, at) => `<sequenceFlow id="${id}_f${at}" sourceRef="${id}_${at}" targetRef="${id}_${at + 1}"/>`).join('');
          return `<subProcess id="${id}"${nameAttribute(element.name)}>${inner}${innerFlows}</subProcess>`;
        }
        const timer = element.type === 'intermediateCatchEvent' ? '<timerEventDefinition><timeDuration>PT2H</timeDuration></timerEventDefinition>' : '';
        return `<${element.type} id="${id}"${nameAttribute(element.name)}>${timer}</${element.type}>`;
      })
      .join('\n');
    const links = flows
      .filter((flow) => flow.from < elements.length && flow.to < elements.length)
      .map((flow, index) => `<sequenceFlow id="F${index}"${nameAttribute(flow.name)} sourceRef="E${flow.from}" targetRef="E${flow.to}"/>`)
      .join('\n');
    const laneSet = lanes ? `<laneSet id="L"><lane id="L1" name="Customer">${elements.map((_, index) => (index % 2 === 0 ? `<flowNodeRef>E${index}</flowNodeRef>` : '')).join('')}</lane><lane id="L2" name="Back office">${elements.map((_, index) => (index % 2 === 1 ? `<flowNodeRef>E${index}</flowNodeRef>` : '')).join('')}</lane></laneSet>` : '';
    return `<?xml version="1.0"?>\n<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="t">\n<process id="P" name="Random"><startEvent id="S"/><sequenceFlow id="FS" sourceRef="S" targetRef="E0"/>${laneSet}\n${body}\n${links}\n</process></definitions>\n`;
  });

describe('imports of arbitrary models', () => {
  it('every BPMN process imports into a valid journey, the same text twice', async () => {
    await fc.assert(
      fc.asyncProperty(processXml, async (xml) => {
        const first = await importModel(xml, 'random.bpmn', 'bpmn', defaultImportSettings, channels);
        expect(first.error).toBeUndefined();
        expectValid(first.journey!.yaml);
        const second = await importModel(xml, 'random.bpmn', 'bpmn', defaultImportSettings, channels);
        expect(second.journey!.yaml).toBe(first.journey!.yaml);
      }),
      { numRuns: runs },
    );
  }, 60_000);

  it('any text given as a flowchart is a valid journey or a positioned error, never an exception', () => {
    const token = fc.constantFrom('A', 'B', 'c1', '-->', '---', '-.->', '==>', '|yes|', '-- no -->', '[Text]', '{Q?}', '((x))', '([y])', '&', ';', '\n', ' ', 'subgraph Web', 'subgraph Customer', 'end', '%% c', '"q"', '[', '{', ':::cls', 'style A fill:#fff');
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), fc.constantFrom('flowchart TD\n', 'graph LR\n', ''), (tokens, header) => {
        const result = importMermaid(header + tokens.join(' '), 'random.mmd', { lanes: 'channel', knownChannels: channels, customer: [] });
        if (result.error) {
          expect(result.error.line).toBeGreaterThanOrEqual(1);
          expect(result.error.column).toBeGreaterThanOrEqual(1);
        } else {
          expectValid(result.journey!.yaml);
        }
      }),
      { numRuns: runs * 5 },
    );
  });
});
