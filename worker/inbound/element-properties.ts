import { createHash } from 'node:crypto';

/** zeebe:properties that Camunda's runtime reads itself; the rest configure the connector. */
export const RUNTIME_KEYWORDS = new Set([
  'inbound.type', 'activationCondition', 'inbound.activationCondition', 'consumeUnmatchedEvents', 'correlationKeyExpression',
  'correlationRequired', 'messageIdExpression', 'messageTtl', 'resultVariable', 'resultExpression', 'deduplicationMode',
  'deduplicationId', 'deduplicationModeManualFlag', 'synchronousResponse',
]);

/** The connector's own properties, dotted names unflattened (`queue.url` -> { queue: { url } }). */
export function connectorProperties(properties: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [name, value] of Object.entries(properties)) {
    if (RUNTIME_KEYWORDS.has(name)) continue;
    const path = name.split('.');
    if (path.some((segment) => segment === '' || segment === '__proto__' || segment === 'constructor' || segment === 'prototype')) continue;
    let node = out;
    for (const segment of path.slice(0, -1)) {
      const next = node[segment];
      if (next === undefined || typeof next !== 'object' || next === null) node[segment] = Object.create(null) as Record<string, unknown>;
      node = node[segment] as Record<string, unknown>;
    }
    const leaf = path[path.length - 1];
    if (typeof node[leaf] !== 'object') node[leaf] = value;
  }
  return out;
}

/**
 * Which elements share one consumer (one SQS poller, one webhook), as Camunda's connector deduplication does:
 * MANUAL by the element's deduplicationId, AUTO by the connector's properties within one process, and one per
 * element when the model names no mode (templates before it existed).
 */
export function deduplicationKey(e: { tenantId: string; bpmnProcessId: string; elementId: string; processDefinitionKey: string; properties: Record<string, string> }): string {
  const mode = e.properties.deduplicationMode?.trim().toUpperCase();
  const id = e.properties.deduplicationId?.trim();
  if (mode === 'MANUAL' && id && /^[a-zA-Z0-9_-]+$/.test(id)) return `manual|${e.tenantId}|${e.bpmnProcessId}|${id}`;
  if (mode === 'AUTO' || mode === 'MANUAL') {
    const connector = Object.entries(e.properties).filter(([name]) => !RUNTIME_KEYWORDS.has(name) || name === 'inbound.type').sort(([a], [b]) => a.localeCompare(b));
    return `auto|${e.tenantId}|${e.bpmnProcessId}|${createHash('sha256').update(JSON.stringify(connector)).digest('hex')}`;
  }
  return `element|${e.tenantId}|${e.processDefinitionKey}|${e.elementId}`;
}
