import { Type } from '@sinclair/typebox';
import { fromResponse, type OpenedDocument } from '../runtime/documents';
import { ConnectorError } from '../runtime/errors';
import { isPlainObject } from '../runtime/expressions';
import { pathSegment } from '../runtime/path-segment';
import { fetchUrl } from '../runtime/url-fetch';
import type { ConnectorDeps } from './deps';
import { openAnyDocument } from './document-input';
import { shown } from './template-meta';
import { trimEnd } from '../runtime/trim-end';

/**
 * The seeds' ways to name the content to analyse (Alfresco Process Automation, seeds 000 and 001):
 * `file` (a file variable: a Camunda document, an Alfresco file `{nodeId, ...}`, or any document source),
 * `files` (a list of those; the first is analysed, as the seeds say), `uri` (an http(s) URL) and
 * `nodeId` (a node of Alfresco Content Services at ALFRESCO_CONTENT_REPO_BASE_URL). Exactly one is given.
 */
export const ContentSourceSchema = {
  file: Type.Optional(shown(Type.Unknown(), {
    label: 'File', group: 'source', feel: 'required', editor: 'String',
    description: 'A file variable: a Camunda document reference, an Alfresco file {nodeId}, an S3 object {bucket, key}, an external or inline document, or {base64, name}.',
  })),
  files: Type.Optional(shown(Type.Array(Type.Unknown(), { minItems: 1 }), {
    label: 'Files', group: 'source', feel: 'required', editor: 'String', description: 'A list of files; the first one is analysed.',
  })),
  uri: Type.Optional(shown(Type.String({ minLength: 1 }), { label: 'URI', group: 'source', feel: 'optional', description: 'An http(s) URL to fetch the content from.' })),
  nodeId: Type.Optional(shown(Type.String({ minLength: 1, pattern: '^[A-Za-z0-9][A-Za-z0-9;._:-]*$' }), {
    label: 'Alfresco node ID', group: 'source', feel: 'optional', description: 'A node of Alfresco Content Services, read at the worker\'s ALFRESCO_CONTENT_REPO_BASE_URL.',
  })),
};

export interface ContentSourceInput {
  file?: unknown;
  files?: unknown[];
  uri?: string;
  nodeId?: string;
}

const SOURCES = ['file', 'files', 'uri', 'nodeId'] as const;
export type ContentSourceName = (typeof SOURCES)[number];

/** The content sources an input gives (a task should give exactly one). */
export function givenSources(input: ContentSourceInput): ContentSourceName[] {
  return SOURCES.filter((s) => input[s] !== undefined);
}

/** `prefix.<the source given>`, the field at fault for what was read from it (`prefix.file` when none is given). */
export function sourcePath(input: ContentSourceInput, prefix = 'action'): string {
  return `${prefix}.${givenSources(input)[0] ?? 'file'}`;
}

/**
 * Opens the one source given under `prefix` (e.g. `action`). `others` names further sources the
 * connector accepts (Comprehend's `text`) for the "exactly one" rule.
 */
export async function openContentSource(
  input: ContentSourceInput,
  deps: ConnectorDeps,
  prefix: string,
  awsInput: object,
  others: Record<string, unknown> = {},
): Promise<OpenedDocument> {
  const given = [...givenSources(input), ...Object.keys(others).filter((k) => others[k] !== undefined)];
  const names = [...SOURCES, ...Object.keys(others)].map((s) => `${prefix}.${s}`);
  if (given.length === 0) throw new ConnectorError('MISSING_INPUT', `${prefix}: one of ${names.join(', ')} is required`, { path: names[0] });
  if (given.length > 1) {
    throw new ConnectorError('INVALID_INPUT', `${prefix}: give only one of ${names.join(', ')} (got ${given.map((s) => `${prefix}.${s}`).join(' and ')})`, {
      path: `${prefix}.${given[1]}`,
    });
  }
  if (input.nodeId !== undefined) return readNode(input.nodeId, deps, `${prefix}.nodeId`);
  if (input.uri !== undefined) return fromResponse(await fetchUrl(input.uri, deps.urls, `${prefix}.uri`), undefined);
  const path = input.files !== undefined ? `${prefix}.files[0]` : `${prefix}.file`;
  let file = input.files !== undefined ? input.files[0] : input.file;
  // Alfresco passes file variables as a list of nodes.
  if (Array.isArray(file) && file.length > 0 && isPlainObject(file[0]) && typeof file[0].nodeId === 'string') file = file[0];
  if (isPlainObject(file) && typeof file.nodeId === 'string' && file['camunda.document.type'] === undefined) {
    return readNode(file.nodeId, deps, `${path}.nodeId`);
  }
  return openAnyDocument(file, deps, path, awsInput);
}

/** A node's content through the Alfresco Content Services public REST API. */
async function readNode(nodeId: string, deps: ConnectorDeps, path: string): Promise<OpenedDocument> {
  const repo = deps.alfresco;
  if (!repo) {
    throw new ConnectorError('INVALID_INPUT', `${path}: reading Alfresco nodes needs ALFRESCO_CONTENT_REPO_BASE_URL set for the worker`, { path });
  }
  const base = trimEnd(repo.baseUrl, '/');
  const root = base.endsWith('/alfresco') ? base : `${base}/alfresco`;
  const url = `${root}/api/-default-/public/alfresco/versions/1/nodes/${pathSegment(nodeId, path)}/content`;
  const headers: Record<string, string> = {};
  if (repo.username !== undefined) headers.authorization = `Basic ${Buffer.from(`${repo.username}:${repo.password ?? ''}`).toString('base64')}`;
  // The repository is the operator's own configuration, so private addresses are allowed for its origin,
  // and for nothing a redirect leads to elsewhere.
  const response = await fetchUrl(url, deps.urls, path, { headers, trustedOrigin: new URL(url).origin });
  return fromResponse(response, undefined);
}
