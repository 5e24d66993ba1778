// bpmn-moddle ships its types under a subpath its `exports` do not map for `import 'bpmn-moddle'`; the little used here.
declare module 'bpmn-moddle' {
  export class BpmnModdle {
    fromXML(xml: string, typeName?: string): Promise<{ rootElement: unknown; warnings: { message: string }[] }>;
  }
}
