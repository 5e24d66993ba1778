/**
 * BPMN 2.0 definitions (as bpmn-moddle reads them) -> the importers' process graph. Pure: no disk, no clock.
 * docs/import.md has the mapping table this file implements.
 */
import { describeIsoCycle, fromIsoDuration } from '../duration.js';
import { kebab, newNode, oneLine, outcomeFromName, type Actor, type ImportEdge, type ImportGraph, type ImportNode, type StepKind } from '../graph.js';

/** A bpmn-moddle element: typed loosely, read through the helpers below. */
export interface BpmnElement {
  $type: string;
  id?: string;
  name?: string;
  [key: string]: unknown;
}

export interface LaneMapping {
  channel?: string;
  owner?: string;
  actor?: Actor;
}

export interface BpmnImportOptions {
  /** Channels the config knows: a lane or documentation names a channel only when it is one of these. */
  knownChannels: readonly string[];
  /** Where a step's channel comes from: its lane's name (default) or its documentation text. */
  channelFrom: 'lane' | 'documentation';
  /** Channel for customer and front-line steps that get none otherwise. */
  defaultChannel?: string;
  /** Lane or pool name -> channel, owner, actor (the mapping file). Names match case-insensitively. */
  lanes: Record<string, LaneMapping>;
  /** Pool or lane names that are the customer; default: names containing customer, client, consumer, buyer, ... */
  customer: readonly string[];
}

const customerWords = /\b(customers?|clients?|consumers?|buyers?|patients?|guests?|passengers?|travell?ers?|citizens?|applicants?|shoppers?|subscribers?|members?|tenants?|(policy|account|card) ?holders?|policyholders?)\b/i;
/** Staff named after the customers they serve ("Private Customer Account Manager", "Customer Service") are not customers. */
const staffWords = /\b(managers?|agents?|service|support|care|team|officers?|desk|department|advis[eo]rs?|representatives?|relations|success|center|centre|assistants?)\b/i;
export const isCustomerName = (name: string) => customerWords.test(name) && !staffWords.test(name);

const list = (element: BpmnElement | undefined, key: string): BpmnElement[] => {
  const value = element?.[key];
  return Array.isArray(value) ? (value as BpmnElement[]) : [];
};
const ref = (element: BpmnElement | undefined, key: string): BpmnElement | undefined => {
  const value = element?.[key];
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as BpmnElement) : undefined;
};
const text = (element: BpmnElement | undefined, key: string): string | undefined => {
  const value = element?.[key];
  return typeof value === 'string' ? value : undefined;
};
const localType = (element: BpmnElement) => element.$type.replace(/^bpmn:/, '');
const label = (element: BpmnElement | undefined) => oneLine(element?.name);
const describe = (element: BpmnElement) => `${localType(element)}${label(element) ? ` '${label(element)}'` : ''}`;

/** Called processes are copied into the journey until it has this many elements; later calls stay single steps. */
const maxFlattenedNodes = 20_000;

const taskTypes = new Set(['Task', 'UserTask', 'ManualTask', 'ServiceTask', 'ScriptTask', 'BusinessRuleTask', 'SendTask', 'ReceiveTask']);
const gatewayTypes = new Set(['ExclusiveGateway', 'InclusiveGateway', 'EventBasedGateway', 'ComplexGateway', 'ParallelGateway']);

/** Where an element sits: its pool, lane and the sub-processes around it. */
interface Scope {
  /** Prefix for node keys: empty, or the call activity's key and a slash for a called process's copy. */
  keyPrefix: string;
  names: string[];
  pool?: string;
  /** Lane of the enclosing sub-process or call activity, for elements no lane lists. */
  lane?: string;
  lanesById: Map<string, string>;
  processId: string;
  calls: string[];
}

interface FlattenedContainer {
  entryKey: string;
  exitKey: string;
  /** Keys of end events inside, and of elements that end implicitly (no outgoing flow). */
  endKeys: string[];
  implicitEndKeys: string[];
  errorEndKeys: string[];
}

export interface ReadBpmn {
  graph: ImportGraph;
  title?: string;
  owner?: string;
  customerNames: string[];
  /** Assumptions that hold for the whole journey, for the file's header. */
  assumptions: string[];
}

export function readBpmnDefinitions(definitions: BpmnElement, options: BpmnImportOptions): ReadBpmn {
  const graph: ImportGraph = { nodes: new Map(), notes: [] };
  const note = (element: BpmnElement | string, message: string) => graph.notes.push({ element: typeof element === 'string' ? element : (element.id ?? '?'), message });
  const rootElements = list(definitions, 'rootElements');
  const processes = rootElements.filter((element) => element.$type === 'bpmn:Process');
  const processById = new Map(processes.map((process) => [process.id ?? '', process]));
  const collaboration = rootElements.find((element) => element.$type === 'bpmn:Collaboration');
  const participants = list(collaboration, 'participants');
  const poolOfProcess = new Map<string, string>();
  for (const participant of participants) {
    const process = ref(participant, 'processRef');
    if (process?.id && label(participant)) poolOfProcess.set(process.id, label(participant)!);
  }
  const called = new Set<string>();
  const collectCalls = (container: BpmnElement) => {
    for (const element of list(container, 'flowElements')) {
      if (element.$type === 'bpmn:CallActivity') {
        const target = calledProcess(element, processById);
        if (target?.id) called.add(target.id);
      }
      if (list(element, 'flowElements').length > 0) collectCalls(element);
    }
  };
  processes.forEach(collectCalls);
  // Pools first, in the collaboration's order; then processes nobody calls.
  const topLevel: BpmnElement[] = [];
  for (const participant of participants) {
    const process = ref(participant, 'processRef');
    if (process && !topLevel.includes(process)) topLevel.push(process);
  }
  for (const process of processes) if (!topLevel.includes(process) && !called.has(process.id ?? '')) topLevel.push(process);
  for (const participant of participants) {
    if (!ref(participant, 'processRef')) note(participant, `pool '${label(participant) ?? participant.id}' has no process (a black box): its messages are noted on the steps that exchange them`);
  }

  const customerNames = new Set<string>();
  const isCustomer = (name: string | undefined): boolean => {
    if (!name) return false;
    const mapped = mappingFor(options, name);
    const customer = mapped?.actor === 'customer' || options.customer.some((entry) => entry.toLowerCase() === name.toLowerCase()) || isCustomerName(name);
    if (customer) customerNames.add(name);
    return customer;
  };

  const sequenceTargets = new Set<string>();
  const flattened = new Map<string, FlattenedContainer>();
  const boundaryOf = new Map<string, BpmnElement[]>();
  const nodeKeysBySource = new Map<string, string[]>();
  /** `out:<id>` and `in:<id>` -> number of sequence flows leaving and entering the element. */
  const flowCount = new Map<string, number>();

  const addNode = (node: ImportNode) => {
    graph.nodes.set(node.key, node);
    const keys = nodeKeysBySource.get(node.sourceId) ?? [];
    keys.push(node.key);
    nodeKeysBySource.set(node.sourceId, keys);
    return node;
  };

  const placeNode = (node: ImportNode, element: BpmnElement, scope: Scope, typeActor: Actor | undefined) => {
    const lane = scope.lanesById.get(element.id ?? '') ?? scope.lane;
    const mapping = (lane !== undefined ? mappingFor(options, lane) : undefined) ?? (scope.pool !== undefined ? mappingFor(options, scope.pool) : undefined);
    const customer = isCustomer(lane) || isCustomer(scope.pool);
    const owner = mapping?.owner ?? (kebab(lane ?? scope.pool ?? '') || undefined);
    if (owner !== undefined && !customer) node.owner = owner;
    if (customer) node.actor = 'customer';
    else if (mapping?.actor && typeActor !== undefined) node.actor = mapping.actor;
    else if (typeActor !== undefined) node.actor = typeActor;
    const channel =
      mapping?.channel ??
      (options.channelFrom === 'lane' ? (channelIn(lane, options.knownChannels) ?? channelIn(scope.pool, options.knownChannels)) : channelFromDocumentation(element, options.knownChannels));
    if (channel !== undefined) node.channel = channel;
  };

  const importContainer = (container: BpmnElement, scope: Scope, nested: boolean): FlattenedContainer => {
    const elements = list(container, 'flowElements');
    const key = (id: string | undefined) => `${scope.keyPrefix}${id ?? ''}`;
    const containerKey = key(container.id);
    const result: FlattenedContainer = { entryKey: `${containerKey}#entry`, exitKey: `${containerKey}#exit`, endKeys: [], implicitEndKeys: [], errorEndKeys: [] };
    // Counted from the flows themselves: <outgoing>/<incoming> children are optional in BPMN XML.
    const outgoing = new Set<string>();
    const incomingIds = new Set<string>();
    for (const element of elements) {
      if (element.$type !== 'bpmn:SequenceFlow') continue;
      const from = ref(element, 'sourceRef')?.id;
      const to = ref(element, 'targetRef')?.id;
      if (from) {
        outgoing.add(from);
        flowCount.set(`out:${from}`, (flowCount.get(`out:${from}`) ?? 0) + 1);
      }
      if (to) {
        incomingIds.add(to);
        flowCount.set(`in:${to}`, (flowCount.get(`in:${to}`) ?? 0) + 1);
      }
    }
    for (const element of elements) {
      if (element.$type === 'bpmn:BoundaryEvent') {
        const host = ref(element, 'attachedToRef')?.id ?? '';
        boundaryOf.set(key(host), [...(boundaryOf.get(key(host)) ?? []), element]);
      }
    }
    const startKeys: string[] = [];
    // Elements no flow leads to: BPMN starts them all when a container has no start event.
    const orphanKeys: string[] = [];
    for (const element of elements) {
      const type = localType(element);
      const id = element.id ?? '';
      if (type === 'SequenceFlow' || type === 'DataObject' || type === 'DataObjectReference' || type === 'DataStoreReference') continue;
      if (element.isForCompensation === true) {
        note(element, `${describe(element)} is a compensation handler, reached through an association rather than a flow: not imported`);
        continue;
      }
      if ((type === 'SubProcess' || type === 'Transaction' || type === 'AdHocSubProcess') && element.triggeredByEvent === true) {
        note(element, `event sub-process${label(element) ? ` '${label(element)}'` : ''} (${list(element, 'flowElements').filter((inner) => inner.$type !== 'bpmn:SequenceFlow').length} elements) starts on an event, not through the flow: not imported`);
        continue;
      }
      const innerScope: Scope = { ...scope, lane: scope.lanesById.get(id) ?? scope.lane, names: label(element) ? [...scope.names, label(element)!] : scope.names };
      const hasContent = list(element, 'flowElements').some((inner) => inner.$type !== 'bpmn:SequenceFlow');
      if ((type === 'SubProcess' || type === 'Transaction' || type === 'AdHocSubProcess') && !hasContent) {
        // A collapsed sub-process whose content the file does not hold is one piece of work: a step.
        const node = addNode(newNode(key(id), id, 'sub-process', scope.names, 'action'));
        node.name = label(element);
        placeNode(node, element, innerScope, 'backstage');
        readData(node, element);
        // bpmnlint reports such a sub-process (no start and no end event); here it is a note with its element id.
        note(element, `sub-process${label(element) ? ` '${label(element)}'` : ''} has no content in this file (no start or end event): imported as one step`);
        if (!outgoing.has(id)) result.implicitEndKeys.push(node.key);
        if (!incomingIds.has(id)) orphanKeys.push(node.key);
        continue;
      }
      if (type === 'SubProcess' || type === 'Transaction' || type === 'AdHocSubProcess') {
        const inner = importContainer(element, innerScope, true);
        flattened.set(key(id), inner);
        addNode({ ...newNode(key(id), id, 'sub-process', scope.names, 'action'), bypass: true, out: [{ to: inner.entryKey }], ...(label(element) ? { name: label(element)! } : {}) });
        if (type === 'AdHocSubProcess') note(element, `ad-hoc sub-process '${label(element) ?? id}': its activities run in any order; imported in the order of their flows`);
        if (!outgoing.has(id)) result.implicitEndKeys.push(key(id));
        if (!incomingIds.has(id)) orphanKeys.push(key(id));
        continue;
      }
      if (type === 'CallActivity') {
        const target = calledProcess(element, processById);
        // Each call is a copy of the called process: bounded, so that calls within calls cannot multiply without end.
        if (target && !scope.calls.includes(target.id ?? '') && scope.calls.length < 8 && graph.nodes.size < maxFlattenedNodes) {
          const calleeScope: Scope = {
            keyPrefix: `${key(id)}/`,
            names: innerScope.names,
            lanesById: lanesOf(target),
            processId: target.id ?? '',
            calls: [...scope.calls, target.id ?? ''],
            ...(scope.pool !== undefined ? { pool: scope.pool } : {}),
            ...(innerScope.lane !== undefined ? { lane: innerScope.lane } : {}),
          };
          const inner = importContainer(target, calleeScope, true);
          // The called process's copy is entered and left through this call activity.
          flattened.set(key(id), { ...inner });
          addNode({ ...newNode(key(id), id, 'call', scope.names, 'action'), bypass: true, out: [{ to: inner.entryKey }], ...(label(element) ? { name: label(element)! } : {}) });
          if (!outgoing.has(id)) result.implicitEndKeys.push(key(id));
          if (!incomingIds.has(id)) orphanKeys.push(key(id));
          continue;
        }
        const node = addNode(newNode(key(id), id, 'call', scope.names, 'action'));
        node.name = label(element);
        placeNode(node, element, innerScope, 'backstage');
        const callee = text(element, 'calledElement') ?? ref(element, 'calledElement')?.id;
        note(element, target ? `call activity '${label(element) ?? id}' calls process ${target.id} ${graph.nodes.size >= maxFlattenedNodes ? `after ${maxFlattenedNodes} elements were already flattened` : 'again (recursion) or too deep'}: imported as one step` : `call activity '${label(element) ?? id}' calls ${callee ?? 'nothing named'}, which is not in this file: imported as one step`);
        readData(node, element);
        if (!outgoing.has(id)) result.implicitEndKeys.push(node.key);
        if (!incomingIds.has(id)) orphanKeys.push(node.key);
        continue;
      }
      const node = importFlowNode(element, scope, nested);
      if (!node || type === 'BoundaryEvent') continue;
      if (!incomingIds.has(id) && !isLinkEvent(element)) (type === 'StartEvent' ? startKeys : orphanKeys).push(node.key);
      if (type === 'EndEvent') {
        if (hasDefinition(element, 'ErrorEventDefinition')) result.errorEndKeys.push(node.key);
        else result.endKeys.push(node.key);
      } else if (!outgoing.has(id) && !isLinkEvent(element)) {
        result.implicitEndKeys.push(node.key);
      }
    }

    // Sequence flows; a flow leaving a flattened sub-process leaves from its exit.
    for (const element of elements) {
      if (element.$type !== 'bpmn:SequenceFlow') continue;
      const source = ref(element, 'sourceRef');
      const target = ref(element, 'targetRef');
      if (!source?.id || !target?.id) continue;
      const sourceKey = flattened.has(key(source.id)) ? flattened.get(key(source.id))!.exitKey : key(source.id);
      const from = graph.nodes.get(sourceKey) ?? (flattened.has(key(source.id)) ? addNode({ ...newNode(sourceKey, source.id, 'sub-process', scope.names, 'action'), bypass: true }) : undefined);
      if (!from) continue;
      sequenceTargets.add(key(target.id));
      const edge: ImportEdge = { to: key(target.id), source: element.id ?? '' };
      const when = branchLabel(element, source);
      if (when !== undefined) edge.when = when;
      from.out.push(edge);
    }

    readArtifacts(container, scope.keyPrefix);

    // Link events: a throw goes on at the catch with the same name.
    const catches = new Map<string, string>();
    for (const element of elements) if (isLinkEvent(element) && element.$type === 'bpmn:IntermediateCatchEvent') catches.set(linkName(element), key(element.id));
    for (const element of elements) {
      if (!isLinkEvent(element) || element.$type !== 'bpmn:IntermediateThrowEvent') continue;
      const node = graph.nodes.get(key(element.id));
      const target = catches.get(linkName(element));
      if (node && target) node.out.push({ to: target });
      else if (node) note(element, `link event '${linkName(element)}' has no matching catch link in the same process`);
    }

    // The container is entered at its start events, or (BPMN's rule) at every element without incoming flow.
    const starts = startKeys.length > 0 ? startKeys : orphanKeys;
    addNode({ ...newNode(result.entryKey, container.id ?? '', 'start', scope.names, 'action'), bypass: true, out: starts.map((to) => ({ to })) });
    if (nested && starts.length > 1) note(container, `${describe(container)} starts at ${starts.length} elements at once: imported as alternative ways in`);
    if (nested && startKeys.length === 0 && starts.length > 0) note(container, `${describe(container)} has no start event: entered at the element${starts.length > 1 ? 's' : ''} no flow leads to`);
    return result;
  };

  const importFlowNode = (element: BpmnElement, scope: Scope, nested: boolean): ImportNode | undefined => {
    const type = localType(element);
    const id = element.id ?? '';
    const key = `${scope.keyPrefix}${id}`;
    const name = label(element);
    if (type === 'BoundaryEvent') {
      const node = addNode({ ...newNode(key, id, 'boundary', scope.names, 'action'), bypass: true });
      node.name = name;
      return node;
    }
    if (taskTypes.has(type)) {
      const node = addNode(newNode(key, id, 'task', scope.names, kindOfTask(type)));
      node.name = name;
      placeNode(node, element, scope, actorOfTask(type));
      // The customer sending something is the customer acting, not the company telling them something.
      if (node.actor === 'customer' && node.kind === 'message') node.kind = 'action';
      readData(node, element);
      if (element.loopCharacteristics) {
        const loop = ref(element, 'loopCharacteristics');
        node.comments.push(loop?.$type === 'bpmn:MultiInstanceLoopCharacteristics' ? `multi-instance in the model (${loop.isSequential === true ? 'one after another' : 'in parallel'}): imported as one step` : 'a loop in the model: imported as one step');
      }
      return node;
    }
    if (gatewayTypes.has(type)) {
      const node = addNode(newNode(key, id, 'decision', scope.names, type === 'ParallelGateway' ? 'action' : 'decision'));
      node.name = name;
      const outgoing = flowCount.get(`out:${id}`) ?? 0;
      const incomingCount = flowCount.get(`in:${id}`) ?? 0;
      if (type === 'ParallelGateway') {
        node.parallel = outgoing > 1 ? 'split' : 'join';
        node.fallbackName = 'parallel';
        if (outgoing > 1 && incomingCount > 1) note(element, 'parallel gateway that both joins and splits: imported as a split');
        return node;
      }
      // A gateway with one way out only merges branches: no decision of its own.
      if (outgoing <= 1) {
        node.bypass = true;
        return node;
      }
      placeNode(node, element, scope, 'backstage');
      if (type === 'InclusiveGateway') node.comments.push('inclusive gateway: one or more branches may be taken; imported as a choice between them');
      if (type === 'EventBasedGateway') node.comments.push('event-based gateway: the first event to happen decides');
      if (type === 'ComplexGateway') node.comments.push('complex gateway: imported as a choice between its branches');
      return node;
    }
    if (type === 'StartEvent') {
      const node = addNode(newNode(key, id, 'start', scope.names, 'action'));
      node.name = name;
      if (nested) node.bypass = true;
      else placeNode(node, element, scope, undefined);
      describeTrigger(node, element, note);
      // A start that waits for a message, a time, a signal or a condition is a wait, not work that only forwards.
      if (list(element, 'eventDefinitions').length > 0) node.kind = 'wait';
      readData(node, element);
      return node;
    }
    if (type === 'EndEvent') {
      const node = addNode(newNode(key, id, 'end', scope.names, 'end'));
      node.name = name;
      if (hasDefinition(element, 'ErrorEventDefinition')) {
        node.outcome = 'failed';
        node.comments.push('error end event: outcome failed');
      } else if (hasDefinition(element, 'TerminateEventDefinition')) {
        node.outcome = 'terminated';
        node.comments.push('terminate end event: outcome terminated');
      } else if (hasDefinition(element, 'CancelEventDefinition')) {
        node.outcome = 'cancelled';
        node.comments.push('cancel end event: outcome cancelled');
      } else if (hasDefinition(element, 'EscalationEventDefinition')) {
        node.outcome = 'escalated';
        node.comments.push('escalation end event: outcome escalated');
      } else if (outcomeFromName(name)) {
        node.outcome = 'unresolved';
        node.comments.push(`outcome unresolved, read from the end's name`);
      }
      if (hasDefinition(element, 'MessageEventDefinition')) node.comments.push('message end event: the process ends by sending a message');
      const lane = scope.lanesById.get(id) ?? scope.lane;
      const mapping = lane !== undefined ? mappingFor(options, lane) : undefined;
      if (mapping?.channel) node.channel = mapping.channel;
      return node;
    }
    if (type === 'IntermediateCatchEvent' || type === 'IntermediateThrowEvent') {
      const link = isLinkEvent(element);
      const node = addNode(newNode(key, id, link ? 'link' : type === 'IntermediateCatchEvent' ? 'wait' : 'event', scope.names, 'action'));
      node.name = name;
      if (link) {
        node.bypass = true;
        return node;
      }
      if (type === 'IntermediateCatchEvent') {
        node.kind = 'wait';
        describeTrigger(node, element, note);
      } else if (hasDefinition(element, 'MessageEventDefinition')) {
        node.kind = 'message';
        placeNode(node, element, scope, 'system');
        if (node.actor === 'customer') node.kind = 'action';
        readData(node, element);
        return node;
      } else {
        // Signals, escalations, compensation and milestones are nothing the customer or a department does: no step.
        const definition = list(element, 'eventDefinitions')[0];
        note(element, `${definition ? `${localType(definition).replace(/EventDefinition$/, '').toLowerCase()} event` : 'milestone event'}${name ? ` '${name}'` : ''} thrown: not a step, the flow goes straight on`);
        node.bypass = true;
        return node;
      }
      placeNode(node, element, scope, type === 'IntermediateCatchEvent' ? undefined : 'system');
      readData(node, element);
      return node;
    }
    note(element, `${describe(element)} is not a flow element the journey format has: not imported`);
    return undefined;
  };

  /**
   * Text annotations become comments on the steps they are attached to; annotations attached to nothing, and groups
   * (a visual frame), are notes: nothing in the model is dropped without a word.
   */
  const readArtifacts = (container: BpmnElement, keyPrefix: string) => {
    const artifacts = list(container, 'artifacts');
    const attached = new Set<string>();
    for (const association of artifacts.filter((artifact) => artifact.$type === 'bpmn:Association')) {
      const ends = [ref(association, 'sourceRef'), ref(association, 'targetRef')];
      const annotation = ends.find((end) => end?.$type === 'bpmn:TextAnnotation');
      const other = ends.find((end) => end !== annotation);
      const node = other?.id !== undefined ? graph.nodes.get(`${keyPrefix}${other.id}`) : undefined;
      const words = oneLine(text(annotation, 'text'));
      if (!annotation?.id || !node || !words) continue;
      node.comments.push(`annotation: ${words}`);
      attached.add(annotation.id);
    }
    for (const artifact of artifacts) {
      if (artifact.$type === 'bpmn:TextAnnotation' && artifact.id && !attached.has(artifact.id) && oneLine(text(artifact, 'text'))) {
        note(artifact, `text annotation '${oneLine(text(artifact, 'text'))}' is attached to no step: not imported`);
      } else if (artifact.$type === 'bpmn:Group') {
        note(artifact, 'group (a frame drawn around elements): not imported');
      }
    }
  };

  const readData = (node: ImportNode, element: BpmnElement) => {
    for (const association of list(element, 'dataInputAssociations')) {
      for (const source of list(association, 'sourceRef')) addData(node, source, 'in');
    }
    for (const association of list(element, 'dataOutputAssociations')) {
      const target = ref(association, 'targetRef');
      if (target) addData(node, target, 'out');
    }
  };

  const addData = (node: ImportNode, reference: BpmnElement, direction: 'in' | 'out') => {
    const name = kebab(dataName(reference));
    if (!name) return;
    if (reference.$type === 'bpmn:DataStoreReference') {
      node.uses.push(name);
    } else if (direction === 'in') {
      node.requires.push(name);
    } else if (node.actor === 'customer') {
      node.collects.push(name);
    } else {
      // Data a company step produces is not asked from the customer: kept as a note so it is not lost.
      node.comments.push(`produces data object '${dataName(reference)}'`);
    }
  };

  for (const process of topLevel) {
    // A pool names who does the work; a process's own name ("Fridge repair process") names no department.
    const pool = poolOfProcess.get(process.id ?? '');
    importContainer(process, { keyPrefix: '', names: [], lanesById: lanesOf(process), processId: process.id ?? '', calls: [process.id ?? ''], ...(pool !== undefined ? { pool } : {}) }, false);
  }

  if (collaboration) readArtifacts(collaboration, '');
  attachBoundaryEvents(graph, boundaryOf, flattened, note);
  closeFlattenedContainers(graph, flattened);
  const contacts = readMessageFlows(graph, list(collaboration, 'messageFlows'), nodeKeysBySource, sequenceTargets, options, note);

  // The journey starts where the customer starts, else in the first pool not started by another pool's message.
  const startOf = (process: BpmnElement): string | undefined => {
    const entry = graph.nodes.get(`${process.id ?? ''}#entry`);
    return entry?.out[0]?.to;
  };
  const customerProcess = topLevel.find((process) => isCustomer(poolOfProcess.get(process.id ?? '')));
  const initiator = customerProcess ?? topLevel.find((process) => !contacts.startedByMessage.has(process.id ?? '') && startOf(process) !== undefined) ?? topLevel[0];
  const start = initiator ? startOf(initiator) : undefined;
  if (start !== undefined) graph.start = start;
  for (const process of topLevel) {
    const entry = graph.nodes.get(`${process.id ?? ''}#entry`);
    if (entry && entry.out.length > 1) note(process, `process${label(process) ? ` '${label(process)}'` : ''} has ${entry.out.length} start events or elements without incoming flow; the journey starts at the first`);
  }
  // A pool that runs alongside the journey and only hears from it midway (its start has no message) is sequenced: the
  // journey enters it at its start when the first message reaches it. Repeated, since that pool may reach another.
  const joined = new Set<BpmnElement>([...(initiator ? [initiator] : []), ...topLevel.filter((process) => contacts.startedByMessage.has(process.id ?? ''))]);
  for (let changed = true; changed; ) {
    changed = false;
    const reached = reachableFrom(graph, graph.start);
    for (const process of topLevel) {
      if (joined.has(process)) continue;
      const processStart = startOf(process);
      const first = contacts.crossing.find((flow) => flow.targetProcess === process.id && reached.has(flow.from));
      if (processStart === undefined || !first) continue;
      const sender = graph.nodes.get(first.from)!;
      sender.out.push({ to: processStart, when: sendsLabel(first.payload), source: first.flow });
      const entered = graph.nodes.get(processStart);
      // The pool waits at its start for the journey to get there: a wait, not work that only forwards.
      if (entered && entered.kind === 'action') entered.kind = 'wait';
      entered?.comments.push(
        `pool '${poolOfProcess.get(process.id ?? '') ?? label(process) ?? process.id}' runs alongside in the model; imported as entered here when message flow ${first.flow} first reaches it`,
      );
      joined.add(process);
      changed = true;
    }
  }
  for (const process of topLevel) {
    if (!joined.has(process)) note(process, `pool '${poolOfProcess.get(process.id ?? '') ?? label(process) ?? process.id}' is reached by no message from the journey: its steps are unreachable from the start`);
  }
  // Default channel for the customer's and the front line's steps that have none.
  if (options.defaultChannel !== undefined) {
    for (const node of graph.nodes.values()) {
      if (node.channel === undefined && (node.actor === 'customer' || node.actor === 'agent')) node.channel = options.defaultChannel;
    }
  }

  // The journey's owner is the company pool with the most steps: the one the customer mostly deals with.
  const stepsInPool = new Map<string, number>();
  for (const node of graph.nodes.values()) if (!node.bypass && node.owner !== undefined) stepsInPool.set(node.owner, (stepsInPool.get(node.owner) ?? 0) + 1);
  const companyPools = topLevel
    .map((process) => poolOfProcess.get(process.id ?? ''))
    .filter((name): name is string => name !== undefined && !isCustomer(name));
  const poolSize = (pool: string) => [...lanesOf(topLevel.find((process) => poolOfProcess.get(process.id ?? '') === pool)!).values()].reduce((total, lane) => total + (stepsInPool.get(kebab(lane)) ?? 0), stepsInPool.get(kebab(pool)) ?? 0);
  const mainPool = [...companyPools].sort((a, b) => poolSize(b) - poolSize(a))[0];
  const pools = topLevel.map((process) => poolOfProcess.get(process.id ?? '')).filter((name): name is string => name !== undefined);
  const title =
    label(collaboration) ??
    (topLevel.length === 1 ? (label(topLevel[0]) ?? poolOfProcess.get(topLevel[0]?.id ?? '')) : undefined) ??
    (pools.length > 1 ? `${pools.slice(0, -1).join(', ')} and ${pools[pools.length - 1]}` : pools[0]) ??
    topLevel.map(label).find((name) => name !== undefined);
  const owner = mainPool !== undefined ? kebab(mainPool) || undefined : undefined;
  const assumptions = [
    'owner: the lane the element is in, else its pool; a process name is no department (the mapping file can name owners)',
    'actor: user and manual tasks are agent steps, service, script, business-rule and send tasks system steps, other tasks and gateways backstage; everything in a customer pool or lane is a customer step',
  ];
  if (customerNames.size > 0) assumptions.push(`customer: ${[...customerNames].sort().map((name) => `'${name}'`).join(', ')}`);
  return { graph, ...(title !== undefined ? { title } : {}), ...(owner !== undefined ? { owner } : {}), customerNames: [...customerNames], assumptions };
}

function mappingFor(options: BpmnImportOptions, name: string): LaneMapping | undefined {
  const wanted = name.replace(/\s+/g, ' ').trim().toLowerCase();
  for (const [key, mapping] of Object.entries(options.lanes)) if (key.toLowerCase() === wanted) return mapping;
  return undefined;
}

function calledProcess(element: BpmnElement, processById: Map<string, BpmnElement>): BpmnElement | undefined {
  const called = element.calledElement;
  if (typeof called === 'string') return processById.get(called);
  if (called && typeof called === 'object') return processById.get((called as BpmnElement).id ?? '');
  return undefined;
}

/** Element id -> innermost lane name, through nested lane sets. */
function lanesOf(process: BpmnElement): Map<string, string> {
  const lanes = new Map<string, string>();
  const visit = (laneSet: BpmnElement) => {
    for (const lane of list(laneSet, 'lanes')) {
      const name = label(lane);
      for (const node of list(lane, 'flowNodeRef')) if (name && node.id) lanes.set(node.id, name);
      const child = ref(lane, 'childLaneSet');
      if (child) visit(child);
    }
  };
  for (const laneSet of list(process, 'laneSets')) visit(laneSet);
  const single = ref(process, 'laneSet');
  if (single) visit(single);
  return lanes;
}

/** A known channel named as a word in a lane or pool name ("Web shop" -> web). */
function channelIn(name: string | undefined, knownChannels: readonly string[]): string | undefined {
  if (!name) return undefined;
  const whole = kebab(name);
  if (knownChannels.includes(whole)) return whole;
  for (const word of whole.split('-')) if (knownChannels.includes(word)) return word;
  return undefined;
}

/** `channel: phone` in the element's documentation, else the first known channel it names. */
function channelFromDocumentation(element: BpmnElement, knownChannels: readonly string[]): string | undefined {
  const documentation = list(element, 'documentation').map((entry) => text(entry, 'text') ?? '').join('\n');
  if (!documentation) return undefined;
  const explicit = /channel\s*[:=]\s*([a-z0-9-]+)/i.exec(documentation);
  if (explicit && knownChannels.includes(explicit[1]!.toLowerCase())) return explicit[1]!.toLowerCase();
  for (const word of kebab(documentation, 10_000).split('-')) if (knownChannels.includes(word)) return word;
  return undefined;
}

function hasDefinition(element: BpmnElement, type: string): boolean {
  return list(element, 'eventDefinitions').some((definition) => definition.$type === `bpmn:${type}`);
}

function isLinkEvent(element: BpmnElement): boolean {
  return hasDefinition(element, 'LinkEventDefinition');
}

function linkName(element: BpmnElement): string {
  const definition = list(element, 'eventDefinitions').find((entry) => entry.$type === 'bpmn:LinkEventDefinition');
  return label(definition) ?? label(element) ?? '';
}

function dataName(reference: BpmnElement): string {
  const name = label(reference) ?? label(ref(reference, 'dataObjectRef')) ?? label(ref(reference, 'dataStoreRef')) ?? '';
  // "Invoice [approved]": the state in brackets is not part of the item.
  return name.replace(/\s*\[[^\]]*\]\s*$/, '');
}

function kindOfTask(type: string): StepKind {
  if (type === 'SendTask') return 'message';
  if (type === 'ReceiveTask') return 'wait';
  return 'action';
}

function actorOfTask(type: string): Actor {
  if (type === 'UserTask' || type === 'ManualTask') return 'agent';
  if (type === 'ServiceTask' || type === 'ScriptTask' || type === 'BusinessRuleTask' || type === 'SendTask') return 'system';
  return 'backstage';
}

/** A timer's expression: `timeDuration`, `timeCycle` or `timeDate`. */
function timerOf(element: BpmnElement): { kind: 'duration' | 'cycle' | 'date'; value: string; fromName?: boolean } | undefined {
  const timer = list(element, 'eventDefinitions').find((definition) => definition.$type === 'bpmn:TimerEventDefinition');
  if (!timer) return undefined;
  for (const kind of ['duration', 'cycle', 'date'] as const) {
    const expression = ref(timer, `time${kind[0]!.toUpperCase()}${kind.slice(1)}`);
    const value = (text(expression, 'body') ?? '').trim();
    if (expression && value) return { kind, value };
  }
  // Diagrams drawn for people often leave the expression empty and name the timer instead: "60 minutes", "24 Hours".
  const named = durationInName(label(element));
  if (named) return { kind: 'duration', value: named, fromName: true };
  return { kind: 'date', value: '' };
}

const nameUnits: Record<string, string> = { minute: 'M', hour: 'H', day: 'D', week: 'W' };

/** `60 minutes`, `24 Hours`, `1 week`, `2 days` in an element's name, as an ISO 8601 duration. */
function durationInName(name: string | undefined): string | undefined {
  const match = /^(\d{1,6})\s*(minute|hour|day|week)s?$/i.exec(name ?? '');
  if (!match) return undefined;
  const unit = nameUnits[match[2]!.toLowerCase()]!;
  return unit === 'M' || unit === 'H' ? `PT${match[1]}${unit}` : `P${match[1]}${unit}`;
}

/** Timers, messages and other triggers of start and catch events, as durations or comments. */
function describeTrigger(node: ImportNode, element: BpmnElement, note: (element: BpmnElement, message: string) => void): void {
  const timer = timerOf(element);
  if (timer) {
    if (timer.kind === 'duration') {
      const read = fromIsoDuration(timer.value);
      if (read) {
        node.duration = read.duration;
        if (timer.fromName) node.comments.push(`duration ${read.duration} read from the timer's name (no time expression in the model)`);
        node.kind = element.$type === 'bpmn:StartEvent' ? node.kind : 'wait';
        if (read.approximate) node.comments.push(`timer ${timer.value}: years and months counted as 365 and 30 days`);
      } else {
        note(element, `timer duration '${timer.value}' is not an ISO 8601 duration: no duration imported`);
      }
    } else if (timer.kind === 'cycle') {
      const cycle = describeIsoCycle(timer.value);
      node.comments.push(cycle ? `timer cycle ${timer.value}: ${cycle}` : `timer cycle '${timer.value}' (not ISO 8601, a cron expression or similar): kept as this note`);
    } else {
      node.comments.push(timer.value ? `timer date ${timer.value}` : 'timer without a time in the model');
    }
    return;
  }
  if (hasDefinition(element, 'MessageEventDefinition')) node.comments.push('waits for a message');
  else if (hasDefinition(element, 'SignalEventDefinition')) node.comments.push('waits for a signal');
  else if (hasDefinition(element, 'ConditionalEventDefinition')) node.comments.push('waits for a condition');
  else if (hasDefinition(element, 'EscalationEventDefinition') || hasDefinition(element, 'ErrorEventDefinition') || hasDefinition(element, 'CompensateEventDefinition')) {
    note(element, `${describe(element)}: its trigger has no journey equivalent`);
  }
}

/** The condition of a branch in words: the flow's name, its condition, `otherwise` for a default flow. */
function branchLabel(flow: BpmnElement, source: BpmnElement): string | undefined {
  const name = label(flow);
  if (name) return name;
  const condition = oneLine(text(ref(flow, 'conditionExpression'), 'body'));
  if (condition) return condition;
  if (ref(source, 'default') === flow) return 'otherwise';
  // After an event-based gateway, the event that happens is the condition.
  if (source.$type === 'bpmn:EventBasedGateway') {
    const target = ref(flow, 'targetRef');
    if (target) {
      const timer = timerOf(target);
      const duration = timer?.kind === 'duration' ? fromIsoDuration(timer.value)?.duration : undefined;
      return label(target) ?? (duration ? `after ${duration}` : undefined);
    }
  }
  return undefined;
}

/** Boundary events become branches of the activity they are attached to (failure branches for errors). */
function attachBoundaryEvents(graph: ImportGraph, boundaryOf: Map<string, BpmnElement[]>, flattened: Map<string, FlattenedContainer>, note: (element: BpmnElement | string, message: string) => void): void {
  for (const [hostKey, events] of boundaryOf) {
    const host = graph.nodes.get(hostKey);
    for (const event of events) {
      const boundaryKey = `${hostKey.includes('/') ? hostKey.slice(0, hostKey.lastIndexOf('/') + 1) : ''}${event.id ?? ''}`;
      const boundary = graph.nodes.get(boundaryKey);
      if (!host || !boundary) continue;
      if (boundary.out.length === 0) {
        note(event, `boundary event${label(event) ? ` '${label(event)}'` : ''} on '${oneLine(host.name) ?? host.sourceId}' leads nowhere (compensation or unfinished model): not imported`);
        graph.nodes.delete(boundaryKey);
        continue;
      }
      const error = hasDefinition(event, 'ErrorEventDefinition') || hasDefinition(event, 'CancelEventDefinition');
      const interrupting = event.cancelActivity !== false;
      const when = boundaryLabel(event, error, interrupting);
      const edge: ImportEdge = { to: boundaryKey, when, source: event.id ?? '', boundary: true };
      if (error) edge.failure = true;
      const inner = flattened.get(hostKey);
      if (inner && error && inner.errorEndKeys.length > 0) {
        // An error thrown inside the sub-process is caught here: the error end continues on the boundary's path.
        for (const endKey of inner.errorEndKeys) {
          const end = graph.nodes.get(endKey);
          if (!end) continue;
          end.bypass = true;
          end.kind = 'action';
          end.out = [{ ...edge }];
        }
        continue;
      }
      // On a sub-process, the branch leaves from its first steps: where the customer is when the sub-process begins.
      const attachTo = inner ? firstSteps(graph, inner.entryKey) : [host];
      for (const step of attachTo) {
        step.out.push({ ...edge });
        if (error) step.canFail = true;
      }
      if (inner) note(event, `boundary event${label(event) ? ` '${label(event)}'` : ''} on sub-process '${host.name ?? host.sourceId}': imported as a branch of its first step${attachTo.length === 1 ? '' : 's'}`);
      if (!interrupting) boundary.comments.push('non-interrupting: the activity goes on meanwhile');
    }
  }
}

/** The steps a bypass node leads to first (through merges, parallel gateways, nested starts). */
function firstSteps(graph: ImportGraph, key: string): ImportNode[] {
  const found: ImportNode[] = [];
  const seen = new Set<string>();
  const pending = [key];
  while (pending.length > 0) {
    const current = graph.nodes.get(pending.shift()!);
    if (!current || seen.has(current.key)) continue;
    seen.add(current.key);
    if (current.bypass || current.parallel) pending.push(...current.out.map((edge) => edge.to));
    else found.push(current);
  }
  return found;
}

function boundaryLabel(event: BpmnElement, error: boolean, interrupting: boolean): string {
  const name = label(event);
  const timer = timerOf(event);
  let what: string;
  if (timer) {
    const duration = timer.kind === 'duration' ? fromIsoDuration(timer.value)?.duration : undefined;
    const cycle = timer.kind === 'cycle' ? describeIsoCycle(timer.value) : undefined;
    what = duration ? `timeout after ${duration}` : cycle ? `reminder ${cycle}` : `timer ${timer.value}`.trim();
  } else if (error) {
    what = 'error';
  } else {
    const definition = list(event, 'eventDefinitions')[0];
    what = definition ? localType(definition).replace(/EventDefinition$/, '').toLowerCase() : 'event';
  }
  const full = name && name.toLowerCase() !== what ? `${what}: ${name}` : what;
  return interrupting ? full : `${full} (the step goes on)`;
}

/**
 * A flattened sub-process continues after itself where its ends are: end events and elements without outgoing flow
 * inside it lead to what follows it. One that is itself the last element keeps its ends as ends.
 */
function closeFlattenedContainers(graph: ImportGraph, flattened: Map<string, FlattenedContainer>): void {
  for (const inner of flattened.values()) {
    const exit = graph.nodes.get(inner.exitKey);
    if (!exit || exit.out.length === 0) {
      // Nothing follows the sub-process: its ends end the journey, as they would in the process.
      graph.nodes.delete(inner.exitKey);
      continue;
    }
    for (const endKey of inner.endKeys) {
      const end = graph.nodes.get(endKey);
      if (!end) continue;
      end.bypass = true;
      end.kind = 'action';
      end.out = [{ to: inner.exitKey }];
    }
    for (const key of inner.implicitEndKeys) {
      const node = graph.nodes.get(key);
      if (node && node.out.length === 0) node.out.push({ to: inner.exitKey });
    }
  }
}

/**
 * Message flows: a message that starts another pool's process is a way into it; between the customer and the company
 * it is a contact, in a channel where the flow or the mapping names one.
 */
function readMessageFlows(
  graph: ImportGraph,
  flows: BpmnElement[],
  nodeKeysBySource: Map<string, string[]>,
  sequenceTargets: Set<string>,
  options: BpmnImportOptions,
  note: (element: BpmnElement | string, message: string) => void,
): { startedByMessage: Set<string>; crossing: CrossingMessage[] } {
  const startedByMessage = new Set<string>();
  const crossing: CrossingMessage[] = [];
  for (const flow of flows) {
    const source = ref(flow, 'sourceRef');
    const target = ref(flow, 'targetRef');
    const from = graph.nodes.get(nodeKeysBySource.get(source?.id ?? '')?.[0] ?? '');
    const to = graph.nodes.get(nodeKeysBySource.get(target?.id ?? '')?.[0] ?? '');
    const payload = label(ref(flow, 'messageRef')) ?? label(flow);
    if (!from || !to) {
      const missing = !from ? source : target;
      note(flow, `message flow${payload ? ` '${payload}'` : ''} ${!from ? 'from' : 'to'} ${missing ? describe(missing) : 'nothing'}, which is no step (a black-box pool or an element not imported)`);
      continue;
    }
    const channel = channelIn(label(flow), options.knownChannels) ?? channelIn(label(ref(flow, 'messageRef')), options.knownChannels);
    const customerContact = from.actor === 'customer' && to.actor !== 'customer';
    const companyToCustomer = from.actor !== 'customer' && to.actor === 'customer';
    if (customerContact || companyToCustomer) {
      const contactChannel = channel ?? from.channel ?? to.channel ?? options.defaultChannel;
      if (contactChannel !== undefined) {
        from.channel ??= contactChannel;
        to.channel ??= contactChannel;
      } else {
        (customerContact ? from : to).comments.push('contact between the customer and the company in no named channel: give it one with --default-channel or the mapping file');
      }
    }
    // A company step that exchanges messages with the customer is the front line, whatever its task type says.
    const companySide = customerContact ? to : companyToCustomer ? from : undefined;
    if (companySide?.actor === 'backstage') {
      companySide.actor = 'agent';
      companySide.comments.push('agent: exchanges messages with the customer');
    }
    if (customerContact) {
      from.comments.push(`contacts the company${payload ? ` ('${payload}')` : ''}: message flow ${flow.id ?? ''}`);
      // The message's own name is the data; a flow's name is usually a verb phrase ("Send credit card information").
      const data = label(ref(flow, 'messageRef'));
      if (data && to.actor !== 'customer') to.collects.push(kebab(data));
    } else if (companyToCustomer) {
      from.comments.push(`tells the customer${payload ? ` ('${payload}')` : ''}: message flow ${flow.id ?? ''}`);
      if (from.kind === 'action' && from.actor !== undefined) from.kind = 'message';
    }
    const targetProcess = processOf(target);
    if (targetProcess !== undefined && targetProcess !== processOf(source)) {
      crossing.push({ from: from.key, targetProcess, flow: flow.id ?? '', ...(payload !== undefined ? { payload } : {}) });
    }
    // A message that starts the other side's process (its start, or an element no flow leads to) is a way into it.
    if (!sequenceTargets.has(to.key) && (to.sourceId !== from.sourceId)) {
      const edge: ImportEdge = { to: to.key, when: sendsLabel(payload), source: flow.id ?? '' };
      from.out.push(edge);
      const processId = processOf(target);
      if (processId) startedByMessage.add(processId);
    }
  }
  return { startedByMessage, crossing };
}

/** A message as a branch label: `sends pizza order`; a name that is already a verb phrase stays as it is. */
function sendsLabel(payload: string | undefined): string {
  if (payload === undefined) return 'sends a message';
  return /^(send|sends|sending)\b/i.test(payload) ? payload : `sends ${payload}`;
}

/** A message flow from a step into another pool's process. */
interface CrossingMessage {
  from: string;
  targetProcess: string;
  flow: string;
  payload?: string;
}

/** Node keys reachable from `start` along the branches, through bypass nodes too. */
function reachableFrom(graph: ImportGraph, start: string | undefined): Set<string> {
  const seen = new Set<string>();
  const pending = start === undefined ? [] : [start];
  while (pending.length > 0) {
    const key = pending.pop()!;
    if (seen.has(key)) continue;
    seen.add(key);
    for (const edge of graph.nodes.get(key)?.out ?? []) pending.push(edge.to);
  }
  return seen;
}

function processOf(element: BpmnElement | undefined): string | undefined {
  let current: BpmnElement | undefined = element;
  while (current) {
    if (current.$type === 'bpmn:Process') return current.id;
    current = current.$parent as BpmnElement | undefined;
  }
  return undefined;
}
