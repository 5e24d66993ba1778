import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configForFile, loadConfig } from '../../src/config/load.js';
import { auditText } from '../../src/engine/engine.js';
import { auditImportedModel, decodeModelBytes, defaultImportSettings, importModel, type ImportedModel, type ImportSettings } from '../../src/import/index.js';
import { builtinRules } from '../../src/rules/index.js';
import { modelsFolder, skipReason } from './shared-models.js';

const config = loadConfig(undefined, builtinRules, process.cwd());
const effective = configForFile(config, 'model.bpmn');
const channels = Object.keys(effective.settings.channels);

async function importText(xml: string, file = 'model.bpmn', settings: ImportSettings = defaultImportSettings): Promise<ImportedModel> {
  return importModel(xml, file, 'bpmn', settings, channels);
}

function audit(model: ImportedModel) {
  return auditImportedModel(model, { config: effective, rules: builtinRules });
}

/** A small process written for these tests: a start, a disconnected task, a task that ends implicitly, a gateway. */
const defectiveProcess = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Defs" targetNamespace="test">
  <process id="Claims" name="Claims">
    <laneSet id="LaneSet">
      <lane id="LaneCustomer" name="Customer"><flowNodeRef>Start</flowNodeRef><flowNodeRef>FileClaim</flowNodeRef></lane>
      <lane id="LaneCare" name="Customer Care"><flowNodeRef>Review</flowNodeRef><flowNodeRef>Orphan</flowNodeRef></lane>
    </laneSet>
    <startEvent id="Start" name="Claim needed" />
    <userTask id="FileClaim" name="File the claim" />
    <userTask id="Review" name="Review the claim" />
    <task id="Orphan" name="Archive the paperwork" />
    <sequenceFlow id="F1" sourceRef="Start" targetRef="FileClaim" />
    <sequenceFlow id="F2" sourceRef="FileClaim" targetRef="Review" />
  </process>
</definitions>
`;

describe('BPMN import: structure and positions', () => {
  it('finds the defects bpmnlint finds (disconnected element, missing end, implicit end) at the elements in the XML', async () => {
    const result = audit(await importText(defectiveProcess));
    expect(result.findings.map((finding) => `${finding.line}:${finding.column} ${finding.ruleId} ${finding.message}`)).toEqual([
      '2:1 missing-end the journey has no `end` step at all: no customer path finishes with an outcome',
      "10:5 dead-end step 'review-the-claim' has no `next` and is not an end step: the customer is left waiting here [BPMN element Review]",
      "11:5 dead-end step 'archive-the-paperwork' has no `next` and is not an end step: the customer is left waiting here [BPMN element Orphan]",
      "11:5 unreachable-step step 'archive-the-paperwork' cannot be reached from the start step 'claim-needed' [BPMN element Orphan]",
    ]);
    expect(result.findings.every((finding) => finding.file === 'model.bpmn')).toBe(true);
  });

  it('maps lanes to owners and the customer lane to customer steps, but not staff named after customers', async () => {
    const model = await importText(defectiveProcess);
    const steps = model.journey!.data.steps as Record<string, unknown>[];
    expect(steps.map((step) => [step.id, step.actor, step.owner, step.source])).toEqual([
      ['claim-needed', 'customer', undefined, { bpmn: 'Start' }],
      ['file-the-claim', 'customer', undefined, { bpmn: 'FileClaim' }],
      ['review-the-claim', 'agent', 'customer-care', { bpmn: 'Review' }],
      ['archive-the-paperwork', 'backstage', 'customer-care', { bpmn: 'Orphan' }],
    ]);
  });

  it('takes channels, owners and actors from the mapping, and a default channel for the customer and the front line', async () => {
    const settings: ImportSettings = { ...defaultImportSettings, defaultChannel: 'web', lanes: { 'customer care': { channel: 'phone', owner: 'claims-desk' } } };
    const steps = (await importText(defectiveProcess, 'model.bpmn', settings)).journey!.data.steps as Record<string, unknown>[];
    expect(steps.map((step) => [step.id, step.channel, step.owner])).toEqual([
      ['claim-needed', 'web', undefined],
      ['file-the-claim', 'web', undefined],
      ['review-the-claim', 'phone', 'claims-desk'],
      ['archive-the-paperwork', 'phone', 'claims-desk'],
    ]);
  });

  it('reads channels from documentation with --channel-from documentation, and a named pool as the customer', async () => {
    const xml = `<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="t">
  <collaboration id="C">
    <participant id="PolicyHolder" name="Policy holder" processRef="Holder" />
    <participant id="Insurer" name="Insurer" processRef="Claims" />
    <messageFlow id="Report" name="claim by phone" sourceRef="Call" targetRef="Received" />
  </collaboration>
  <process id="Holder"><startEvent id="S" /><task id="Call" name="Report the damage" /><sequenceFlow id="F1" sourceRef="S" targetRef="Call" /></process>
  <process id="Claims">
    <startEvent id="Received" name="Claim reported"><messageEventDefinition id="M" /></startEvent>
    <userTask id="Assess" name="Assess the claim"><documentation>Done by the adjuster on site. Channel: field</documentation></userTask>
    <endEvent id="E" name="Claim settled" />
    <sequenceFlow id="F2" sourceRef="Received" targetRef="Assess" /><sequenceFlow id="F3" sourceRef="Assess" targetRef="E" />
  </process>
</definitions>`;
    const journey = (await importText(xml, 'claim.bpmn', { ...defaultImportSettings, channelFrom: 'documentation' })).journey!;
    const steps = journey.data.steps as Record<string, unknown>[];
    expect(steps.map((step) => [step.id, step.actor, step.channel, step.kind ?? 'action', step.owner])).toEqual([
      ['start', 'customer', undefined, 'action', undefined],
      ['report-the-damage', 'customer', 'phone', 'action', undefined],
      ['claim-reported', undefined, 'phone', 'wait', 'insurer'],
      ['assess-the-claim', 'agent', 'field', 'action', 'insurer'],
      ['claim-settled', undefined, undefined, 'end', undefined],
    ]);
    expect(steps[1]!.next).toEqual([{ to: 'claim-reported', when: 'sends claim by phone' }]);
    expect(journey.data).toMatchObject({ journey: 'claim', title: 'Policy holder and Insurer', owner: 'insurer', channels: ['phone'], start: 'start' });
  });

  it('reports XML that is not well-formed at its position, and XML that is not BPMN', async () => {
    const broken = await importText('<?xml version="1.0"?>\n<definitions>\n  <process id="P">\n</definitions>\n');
    expect(broken.error).toMatchObject({ line: 4, message: expect.stringContaining('unexpected close tag') });
    const finding = audit(broken).findings[0]!;
    expect([finding.ruleId, finding.line, finding.message.startsWith('cannot import the BPMN model: ')]).toEqual(['parse', 4, true]);
    const other = await importText('<html><body/></html>');
    expect(other.error?.message).toMatch(/^not a BPMN 2.0 model: /);
  });

  it('reads ISO-8859-1 bytes that are not UTF-8 as Latin-1, and UTF-8 as UTF-8 whatever the declaration says', () => {
    const declaration = '<?xml version="1.0" encoding="ISO-8859-1"?><a name="';
    expect(decodeModelBytes(Buffer.concat([Buffer.from(declaration, 'latin1'), Buffer.from([0x4b, 0x6c, 0xe4, 0x72, 0x65, 0x6e]), Buffer.from('"/>')]))).toContain('Klären');
    expect(decodeModelBytes(Buffer.from(`${declaration}Klären"/>`, 'utf8'))).toContain('Klären');
  });
});

describe('models where no importer ran', () => {
  it('are an input error naming the way out, not an XML syntax error', async () => {
    const { auditFiles } = await import('../../src/index.js');
    const [result] = auditFiles(['examples/insurance-claim.bpmn'], { config, rules: builtinRules });
    expect(result!.inputError).toBe(true);
    expect(result!.findings.map((finding) => finding.message)).toEqual([
      'examples/insurance-claim.bpmn is a BPMN model, which this command does not import: audit it without --watch, or import it to journey YAML first (journey-audit import)',
    ]);
  });
});

const modelFiles = modelsFolder ? readdirSync(modelsFolder).filter((file) => file.endsWith('.bpmn')).sort() : [];

describe.skipIf(!modelsFolder)(`the public BPMN models (${modelsFolder ? 'shared/bpmn-models' : skipReason})`, () => {
  const load = async (name: string) => {
    const file = path.join(modelsFolder!, name);
    return importModel(decodeModelBytes(readFileSync(file)), file, 'bpmn', defaultImportSettings, channels);
  };

  it('has the fifteen models', () => {
    expect(modelFiles).toHaveLength(15);
  });

  it.each(modelFiles)('%s imports into a valid journey, the same text twice, every step traced to an element', async (name) => {
    const first = await load(name);
    expect(first.error).toBeUndefined();
    const journey = first.journey!;
    const check = auditText(journey.yaml, { file: 'x.journey.yaml', config: effective, rules: builtinRules, validateOnly: true });
    expect(check.findings).toEqual([]);
    expect((await load(name)).journey!.yaml).toBe(journey.yaml);
    for (const element of journey.stepSources.values()) expect(first.positions.has(element), element).toBe(true);
    const result = audit(first);
    expect(result.inputError).toBe(false);
    // Every step-level finding names its element and sits on that element's start tag.
    for (const finding of result.findings.filter((entry) => entry.step !== undefined)) {
      const element = /\[BPMN element ([^\]]+)\]$/.exec(finding.message)?.[1];
      expect(element, finding.message).toBeDefined();
      expect(first.positions.get(element!)?.line).toBe(finding.line);
    }
  });

  it('miwg-A.2.0: the split gateway without branch names is a decision without labelled branches, on its XML line', async () => {
    const result = audit(await load('miwg-A.2.0.bpmn'));
    const finding = result.findings.find((entry) => entry.ruleId === 'decision-without-branches')!;
    expect([finding.line, finding.column, finding.step]).toEqual([23, 9, 'gateway-split-flow']);
    expect(finding.message).toMatch(/\[BPMN element _35fe57a7-1302-44e2-bf58-032f11af7ecb\]$/);
  });

  it('miwg-C.9.1: the interrupting 1-week timer and the non-interrupting daily reminder become labelled branches', async () => {
    const steps = (await load('miwg-C.9.1.bpmn')).journey!.data.steps as Record<string, unknown>[];
    expect(steps.find((step) => step.id === 'wait-for-answer')!.next).toEqual([
      { to: 'document-received' },
      { to: 'send-reminder-email', when: 'reminder every 1d, 6 times: daily (the step goes on)' },
      { to: 'call-customer', when: 'timeout after 7d: 1 week' },
    ]);
  });

  it('camunda-order-handling: the cron timer start is kept as a comment; unnamed elements get readable ids', async () => {
    const journey = (await load('camunda-order-handling.bpmn')).journey!;
    expect(journey.yaml).toContain("# timer cycle '0/5 0/1 * 1/1 * ?' (not ISO 8601, a cron expression or similar): kept as this note");
    expect((journey.data.steps as { id: string }[]).every((step) => /^[a-z0-9]+(-[a-z0-9]+)*$/.test(step.id))).toBe(true);
  });

  it('sub-processes without start or end events (A.3.0, C.3.0) leave no dead ends and no unreachable steps', async () => {
    for (const name of ['miwg-A.3.0.bpmn', 'miwg-C.3.0.bpmn']) {
      const ruleIds = audit(await load(name)).findings.map((finding) => finding.ruleId);
      expect(ruleIds.filter((id) => id === 'dead-end' || id === 'unreachable-step'), name).toEqual([]);
    }
  });

  it('miwg-C.6.0: parallel bookings sequenced; the sub-process error boundary is a failure branch of its first steps', async () => {
    const steps = (await load('miwg-C.6.0.bpmn')).journey!.data.steps as Record<string, unknown>[];
    const byId = (id: string) => steps.find((step) => step.id === id)!;
    expect(byId('make-booking-book-flight')).toMatchObject({ 'can-fail': true, next: [{ to: 'make-booking-book-hotel' }, { to: 'notify-failed-booking', when: 'error', failure: true }] });
    expect(byId('make-booking-book-hotel')).toMatchObject({ 'can-fail': true, next: [{ to: 'charge-credit-card' }, { to: 'notify-failed-booking', when: 'error', failure: true }] });
    // A timer named "24 Hours" without a time expression.
    expect(byId('request-credit-card-information').next).toContainEqual({ to: 'notify-customer-offer-expired', when: 'timeout after 1d: 24 Hours' });
  });

  it('miwg-A.4.1: the second pool, which runs alongside, is entered at its start when the first message reaches it', async () => {
    const model = await load('miwg-A.4.1.bpmn');
    const steps = model.journey!.data.steps as Record<string, unknown>[];
    expect(steps.find((step) => step.id === 'task-1')!.next).toEqual(['task-2', { to: 'start-event-2', when: 'sends Message Flow 1' }].map((entry) => (typeof entry === 'string' ? { to: entry } : entry)));
    expect(steps.find((step) => step.id === 'start-event-2')).toMatchObject({ kind: 'wait' });
    expect(model.journey!.yaml).toContain("# pool 'Pool 2' runs alongside in the model; imported as entered here when message flow sid-D0B859BF-CBFB-4B35-BBC8-BCA308F6455C first reaches it");
    expect(audit(model).findings.map((finding) => finding.ruleId)).not.toContain('unreachable-step');
  });

  it('text annotations become comments on their steps; groups are notes', async () => {
    expect((await load('camunda-loan-granting.bpmn')).journey!.yaml).toContain('  # annotation: Topic name: loanGranter\n  - id: decide-if-a-loan-is-granted-grant-loan\n');
    expect((await load('miwg-B.1.0.bpmn')).journey!.notes).toContainEqual({ element: '_bd04180e-49f6-4cf0-a7d6-da59e2840b4b', message: 'group (a frame drawn around elements): not imported' });
  });

  it('miwg-C.6.0: compensation handlers and the event sub-process are notes with their element ids', async () => {
    const notes = (await load('miwg-C.6.0.bpmn')).journey!.notes.map((note) => note.message);
    expect(notes.filter((message) => message.includes('compensation handler'))).toHaveLength(2);
    expect(notes.some((message) => message.startsWith("event sub-process 'Handle Compensation'"))).toBe(true);
  });

  it('pizza collaboration: the customer pool gives customer steps, message flows contacts, the terminate end a non-resolved outcome', async () => {
    const journey = (await load('bpmnio-pizza-collaboration.bpmn')).journey!;
    const steps = journey.data.steps as Record<string, unknown>[];
    expect(journey.data.start).toBe('hungry-for-pizza');
    expect(steps.find((step) => step.id === 'order-a-pizza')).toMatchObject({ actor: 'customer', next: [{ to: 'decision' }, { to: 'order-received', when: 'sends pizza order' }] });
    expect(steps.find((step) => step.id === 'calm-customer')).toMatchObject({ actor: 'agent', kind: 'message', owner: 'clerk' });
    expect(steps.find((step) => step.source && (step.source as { bpmn: string }).bpmn === '_6-616')).toMatchObject({ kind: 'end', outcome: 'terminated' });
    expect(steps.find((step) => step.id === '60-minutes')).toMatchObject({ kind: 'wait', duration: '1h', actor: 'customer' });
  });
});
