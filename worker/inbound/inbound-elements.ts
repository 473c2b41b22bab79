import { XMLParser } from 'fast-xml-parser';

/**
 * How an inbound element hands an event to the engine (Camunda's connector runtime decides it the same way):
 * a none start event creates an instance of its version; the message kinds publish a message by name.
 */
export type InboundElementKind = 'none-start' | 'message-start' | 'intermediate' | 'boundary' | 'receive';

/** One element of a deployed process definition that carries `inbound.type`. */
export interface InboundElement {
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  tenantId: string;
  elementId: string;
  kind: InboundElementKind;
  /** The bpmn:Message name the element waits for (absent for a none start event). */
  messageName?: string;
  /** The element's zeebe:properties, first value of each name, null values dropped. */
  properties: Record<string, string>;
}

export interface DefinitionRef {
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  tenantId: string;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  // Every element is a list, so one walker reads single and repeated children alike.
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

type XmlNode = Record<string, unknown>;

const CATCH_KINDS = ['startEvent', 'intermediateCatchEvent', 'boundaryEvent', 'receiveTask'] as const;
const SCOPES = ['subProcess', 'transaction', 'adHocSubProcess'];

/** A problem with one element (logged by discovery; the element gets no subscription). */
export interface SkippedElement {
  elementId: string;
  reason: string;
}

/**
 * The inbound elements of one process definition's BPMN: start events, intermediate catch events, boundary
 * events and receive tasks, also inside (nested) sub-processes, whose zeebe:properties name `inbound.type`.
 * Only the process with the definition's BPMN process id is read (a file may hold several).
 */
export function inboundElementsOf(xml: string, definition: DefinitionRef): { elements: InboundElement[]; skipped: SkippedElement[] } {
  const root = parser.parse(xml) as XmlNode;
  const definitions = first(root.definitions);
  if (!definitions) return { elements: [], skipped: [] };
  const messages = new Map<string, string>();
  for (const message of list(definitions.message)) {
    const id = attr(message, 'id');
    const name = attr(message, 'name');
    if (id && name !== undefined) messages.set(id, name);
  }
  const process = list(definitions.process).find((p) => attr(p, 'id') === definition.bpmnProcessId);
  const elements: InboundElement[] = [];
  const skipped: SkippedElement[] = [];
  if (!process) return { elements, skipped };

  const scopes: { node: XmlNode; topLevel: boolean }[] = [{ node: process, topLevel: true }];
  while (scopes.length > 0) {
    const { node, topLevel } = scopes.pop()!;
    for (const scope of SCOPES) for (const child of list(node[scope])) scopes.push({ node: child, topLevel: false });
    for (const tag of CATCH_KINDS) {
      for (const element of list(node[tag])) {
        const properties = propertiesOf(element);
        if (properties['inbound.type'] === undefined) continue;
        const elementId = attr(element, 'id') ?? '';
        const messageRef = tag === 'receiveTask' ? attr(element, 'messageRef') : attr(first(element.messageEventDefinition) ?? {}, 'messageRef');
        const hasMessageDefinition = tag === 'receiveTask' || element.messageEventDefinition !== undefined;
        const kind = kindOf(tag, hasMessageDefinition, topLevel);
        if (!kind) {
          skipped.push({ elementId, reason: `a ${tag} ${tag === 'startEvent' ? 'inside a sub-process without a message' : 'without a message event definition'} cannot be started or continued by an inbound connector` });
          continue;
        }
        const messageName = messageRef === undefined ? undefined : messages.get(messageRef);
        if (kind !== 'none-start' && (messageName === undefined || messageName === '')) {
          skipped.push({ elementId, reason: 'the element refers to no message with a name (bpmn:message name)' });
          continue;
        }
        elements.push({ ...definition, elementId, kind, messageName: kind === 'none-start' ? undefined : messageName, properties });
      }
    }
  }
  return { elements, skipped };
}

function kindOf(tag: (typeof CATCH_KINDS)[number], hasMessage: boolean, topLevel: boolean): InboundElementKind | undefined {
  switch (tag) {
    case 'startEvent':
      if (hasMessage) return 'message-start';
      return topLevel ? 'none-start' : undefined;
    case 'intermediateCatchEvent':
      return hasMessage ? 'intermediate' : undefined;
    case 'boundaryEvent':
      return hasMessage ? 'boundary' : undefined;
    case 'receiveTask':
      return 'receive';
  }
}

/** zeebe:properties of an element: the first value of each name wins, a property without a value is dropped. */
function propertiesOf(element: XmlNode): Record<string, string> {
  const out: Record<string, string> = {};
  for (const extensions of list(element.extensionElements)) {
    for (const properties of list(extensions.properties)) {
      for (const property of list(properties.property)) {
        const name = attr(property, 'name');
        const value = attr(property, 'value');
        if (name === undefined || value === undefined || Object.prototype.hasOwnProperty.call(out, name)) continue;
        out[name] = value;
      }
    }
  }
  return out;
}

function list(value: unknown): XmlNode[] {
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is XmlNode => v !== null && typeof v === 'object');
}

function first(value: unknown): XmlNode | undefined {
  return list(value)[0];
}

function attr(node: XmlNode, name: string): string | undefined {
  const value = node[`@_${name}`];
  return value === undefined || value === null ? undefined : String(value);
}
