import { XMLParser } from 'fast-xml-parser';
import { ConnectorError } from './errors';
import { findPlaceholders } from './secret-placeholders';
import type { SecretScope } from './secrets';

/**
 * A secret the deployed model wrote into one of the task's input mappings: its name, and the target
 * path of the mapping (`authentication.accessKey` -> ['authentication', 'accessKey']).
 *
 * This is how Camunda's own connector runtime decides which placeholders to resolve (its "secret
 * filter": ProcessDefinitionSecretKeyCache reads the element's zeebe:input mappings from the deployed
 * BPMN, and SecretFilter.allowOnly lets a placeholder resolve only under the target path of a mapping
 * whose source names that secret). A placeholder that arrives in process data (a form field) is not in
 * the model, so it stays text.
 */
export interface DeclaredSecret {
  name: string;
  path: string[];
}

/** The placeholders allowed for a job: those the model declared for the property that holds them (or a parent). */
export function scopeOf(declared: DeclaredSecret[]): SecretScope {
  return (name, path) => declared.some((d) => d.name === name && d.path.length <= path.length && d.path.every((segment, i) => String(path[i]) === segment));
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  isArray: (name) => name === 'input',
});

type XmlNode = Record<string, unknown>;

/** The secrets written in the zeebe:input mappings of element `elementId` of a BPMN document. Iterative search. */
export function declaredSecretsOf(bpmnXml: string, elementId: string): DeclaredSecret[] {
  const root = parser.parse(bpmnXml) as XmlNode;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    const element = node as XmlNode;
    if (element['@_id'] === elementId && element.extensionElements !== undefined) return secretsOfElement(element);
    for (const [key, value] of Object.entries(element)) if (!key.startsWith('@_')) stack.push(value);
  }
  return [];
}

function secretsOfElement(element: XmlNode): DeclaredSecret[] {
  const extensions = element.extensionElements as XmlNode | undefined;
  const mapping = extensions?.ioMapping as XmlNode | undefined;
  const inputs = (mapping?.input ?? []) as XmlNode[];
  const declared: DeclaredSecret[] = [];
  for (const input of inputs) {
    const source = input['@_source'];
    const target = input['@_target'];
    if (typeof source !== 'string' || typeof target !== 'string') continue;
    // The source of a mapping is FEEL or static text; a placeholder in it is text either way.
    for (const p of findPlaceholdersInSource(source)) declared.push({ name: p, path: target.split('.') });
  }
  return declared;
}

/** `{{secrets.X}}` anywhere in the source (also inside FEEL string literals), and a legacy `secrets.X` source. */
function findPlaceholdersInSource(source: string): string[] {
  const names = findPlaceholders(source).map((p) => p.name);
  const unquoted = source.trim().replace(/^=\s*/, '').replace(/^"(.*)"$/s, '$1');
  if (names.length === 0 && unquoted !== source) names.push(...findPlaceholders(unquoted).map((p) => p.name));
  return names;
}

const MAX_CACHED_DEFINITIONS = 256;

/**
 * The declared secrets of a job's element, from the deployed BPMN (read once per process definition
 * through the orchestration cluster's REST API, GET /v2/process-definitions/{key}/xml, Camunda 8.8+).
 * When the model cannot be read, no placeholder is resolved and the job fails with a message for the
 * operator (fail closed).
 */
export class ModelSecrets {
  private readonly cache = new Map<string, Promise<string>>();

  constructor(private readonly fetchXml: (processDefinitionKey: string) => Promise<string>) {}

  async declared(processDefinitionKey: string | undefined, elementId: string): Promise<DeclaredSecret[]> {
    if (!processDefinitionKey) return [];
    let xml = this.cache.get(processDefinitionKey);
    if (!xml) {
      xml = this.fetchXml(processDefinitionKey);
      this.cache.set(processDefinitionKey, xml);
      if (this.cache.size > MAX_CACHED_DEFINITIONS) this.cache.delete(this.cache.keys().next().value as string);
      xml.catch(() => this.cache.delete(processDefinitionKey));
    }
    let text: string;
    try {
      text = await xml;
    } catch (error) {
      throw new ConnectorError('SERVICE_UNAVAILABLE', `The job holds secret placeholders, but the process model (definition ${processDefinitionKey}) could not be read to see which ones the model wrote (${(error as Error).message}). ` +
        'Camunda 8.8+ serves it; with an older cluster the operator may set SECRETS_PLACEHOLDER_SOURCE=variables', { type: 'ModelUnavailable', cause: error });
    }
    return declaredSecretsOf(text, elementId);
  }
}
