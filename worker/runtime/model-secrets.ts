import { ConnectorError } from './errors';
import { modelReader, type ModelInputs, type ModelReader } from './model-reader';
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

/** The secrets written in the zeebe:input mappings of element `elementId` of a BPMN document, read off the event loop. */
export async function declaredSecretsOf(bpmnXml: string, elementId: string, reader: ModelReader = modelReader()): Promise<DeclaredSecret[]> {
  return declaredOf(await reader.read(bpmnXml), elementId);
}

function declaredOf(inputs: ModelInputs, elementId: string): DeclaredSecret[] {
  const declared: DeclaredSecret[] = [];
  if (!Object.prototype.hasOwnProperty.call(inputs, elementId)) return declared;
  for (const [source, target] of inputs[elementId]) {
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
/** What the cache of read models may hold: the mappings that name secrets, counted as their text's length. */
const MAX_CACHED_BYTES = 16 * 1024 * 1024;

/**
 * The declared secrets of a job's element, from the deployed BPMN (read once per process definition
 * through the orchestration cluster's REST API, GET /v2/process-definitions/{key}/xml, Camunda 8.8+).
 * When the model cannot be read, no placeholder is resolved and the job fails with a message for the
 * operator (fail closed). A model that is too big, has a DOCTYPE or is not XML fails its jobs with
 * INVALID_INPUT (the modeler's to mend), and that verdict is remembered like a model.
 * Only the mappings that name a secret are kept, and the cache is bounded by their size.
 */
export class ModelSecrets {
  private readonly cache = new Map<string, { inputs: Promise<ModelInputs>; bytes: number }>();
  private cachedBytes = 0;

  constructor(private readonly fetchXml: (processDefinitionKey: string) => Promise<string | Uint8Array>, private readonly reader: ModelReader = modelReader()) {}

  async declared(processDefinitionKey: string | undefined, elementId: string): Promise<DeclaredSecret[]> {
    if (!processDefinitionKey) return [];
    let entry = this.cache.get(processDefinitionKey);
    if (entry) {
      this.cache.delete(processDefinitionKey);
      this.cache.set(processDefinitionKey, entry);
    } else {
      entry = { inputs: this.load(processDefinitionKey), bytes: 0 };
      this.cache.set(processDefinitionKey, entry);
      const cached = entry;
      entry.inputs.then((inputs) => this.account(cached, sizeOf(inputs)), (error: unknown) => {
        if (error instanceof ConnectorError && error.code === 'INVALID_INPUT') this.account(cached, 256);
        else if (this.cache.get(processDefinitionKey) === cached) this.cache.delete(processDefinitionKey);
      });
      this.evict();
    }
    return declaredOf(await entry.inputs, elementId);
  }

  private async load(processDefinitionKey: string): Promise<ModelInputs> {
    let text: string | Uint8Array;
    try {
      text = await this.fetchXml(processDefinitionKey);
    } catch (error) {
      if (error instanceof ConnectorError && error.code === 'INVALID_INPUT') throw error;
      throw new ConnectorError('SERVICE_UNAVAILABLE', `The job holds secret placeholders, but the process model (definition ${processDefinitionKey}) could not be read to see which ones the model wrote (${(error as Error).message}). ` +
        'Camunda 8.8+ serves it; with an older cluster the operator may set SECRETS_PLACEHOLDER_SOURCE=variables', { type: 'ModelUnavailable', cause: error });
    }
    return this.reader.read(text, processDefinitionKey);
  }

  private account(entry: { bytes: number }, bytes: number): void {
    if (![...this.cache.values()].includes(entry as never)) return;
    entry.bytes = bytes;
    this.cachedBytes += bytes;
    this.evict();
  }

  private evict(): void {
    while (this.cache.size > MAX_CACHED_DEFINITIONS || (this.cachedBytes > MAX_CACHED_BYTES && this.cache.size > 1)) {
      const [oldestKey, oldest] = this.cache.entries().next().value as [string, { bytes: number }];
      this.cache.delete(oldestKey);
      this.cachedBytes -= oldest.bytes;
    }
  }

  /** Bytes the cache holds (tests). */
  get bytes(): number {
    return this.cachedBytes;
  }
}

function sizeOf(inputs: ModelInputs): number {
  let bytes = 64;
  for (const [id, pairs] of Object.entries(inputs)) {
    bytes += id.length * 2 + 64;
    for (const [source, target] of pairs) bytes += (source.length + target.length) * 2 + 64;
  }
  return bytes;
}

/**
 * GETs a deployed model's XML through the cluster's REST API (GET /v2/process-definitions/{key}/xml), reading
 * at most `maxBytes` (MODEL_XML_MAX_BYTES): a bigger model is INVALID_INPUT, unread past the cap.
 */
export async function fetchModelXml(restAddress: string, headers: () => Promise<Record<string, string>>, processDefinitionKey: string, maxBytes: number): Promise<Uint8Array> {
  if (!/^\d{1,20}$/.test(processDefinitionKey)) throw new Error(`'${processDefinitionKey.slice(0, 40)}' is not a process definition key`);
  const base = restAddress.endsWith('/') ? restAddress : `${restAddress}/`;
  const response = await fetch(new URL(`v2/process-definitions/${processDefinitionKey}/xml`, base), { headers: { accept: 'text/xml', ...(await headers()) } });
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`HTTP ${response.status} from GET /v2/process-definitions/${processDefinitionKey}/xml`);
  }
  const tooBig = () => new ConnectorError('INVALID_INPUT', `The process model (definition ${processDefinitionKey}) is over the ${maxBytes} bytes the worker reads (MODEL_XML_MAX_BYTES); ` +
    'make the model smaller, or ask the operator to raise the limit', { type: 'ModelTooLarge' });
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
    await response.body?.cancel();
    throw tooBig();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += (chunk as Uint8Array).length;
    if (size > maxBytes) throw tooBig();
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  // Bytes: the reading thread decodes them (model-reader.ts).
  return Buffer.concat(chunks);
}
