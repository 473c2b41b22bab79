import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { callAws, codeOfAwsName } from '../../aws/errors';
import { ConnectorError } from '../../runtime/errors';
import { isPlainObject } from '../../runtime/expressions';
import type { ConnectorDeps } from '../deps';
import type { EventBridgeInput } from './schema';

/** PutEvents' limit on one entry, counted as EventBridge counts it (see entrySize). */
export const MAX_ENTRY_BYTES = 256 * 1024;
const BUS = /^(?:[/.\-_A-Za-z0-9]{1,256}|arn:aws[a-z-]*:events:([a-z0-9-]+):[0-9]{12}:event-bus\/[/.\-_A-Za-z0-9]{1,256})$/;

export interface PutEventResult {
  eventId: string;
  eventBusName: string;
  /** For Camunda's answer, which carries the SDK's response metadata. */
  metadata: { requestId?: string; httpStatusCode?: number };
}

/**
 * PutEvents with one entry. An entry EventBridge rejects (FailedEntryCount > 0, the call itself succeeding) fails
 * the task with the entry's error code, mapped to the worker's codes (ThrottlingException and InternalFailure are
 * retried), never a success.
 */
export async function putEvent(input: EventBridgeInput, deps: ConnectorDeps): Promise<PutEventResult> {
  const e = input.event;
  const busName = e.busName?.trim() || 'default';
  const bus = BUS.exec(busName);
  if (!bus) throw invalid('event.busName', `${JSON.stringify(busName.slice(0, 200))} is not an event bus name (letters, digits, / . - _) or ARN`);
  if (e.source.trim() === '') throw invalid('event.source', 'must not be blank');
  if (e.detailType.trim() === '') throw invalid('event.detailType', 'must not be blank');
  const detail = JSON.stringify(detailObject(e.detail));
  (e.resources ?? []).forEach((r, i) => {
    if (!/^arn:[a-z0-9-]+:/.test(r)) throw invalid(`event.resources[${i}]`, `${JSON.stringify(r.slice(0, 200))} is not an ARN`);
  });
  const time = e.time === undefined ? undefined : new Date(e.time);
  if (time !== undefined && Number.isNaN(time.getTime())) throw invalid('event.time', `${JSON.stringify(e.time)} is not an ISO 8601 time such as 2024-05-01T12:00:00Z`);
  const bytes = entrySize(e.source, e.detailType, detail, e.resources ?? [], time !== undefined);
  if (bytes > MAX_ENTRY_BYTES) {
    throw invalid('event.detail', `the event is ${bytes} bytes as EventBridge counts it (source, detail type, detail, resources, time), over its ${MAX_ENTRY_BYTES}-byte (256 KiB) limit`);
  }

  const region = input.configuration?.region || bus[1];
  const { client } = deps.aws.eventbridge({ ...input, configuration: { ...input.configuration, region } });
  const where = `EventBridge PutEvents to ${busName}`;
  const r = await callAws(where, () => client.send(new PutEventsCommand({
    Entries: [{ EventBusName: busName, Source: e.source, DetailType: e.detailType, Detail: detail, Resources: e.resources, Time: time }],
  })));
  const entry = r.Entries?.[0];
  if (!entry) throw new ConnectorError('INVALID_RESULT_FORMAT', `${where}: the answer holds no entry for the event`, { type: 'PutEventsResponse' });
  if ((r.FailedEntryCount ?? 0) > 0 || !entry.EventId) {
    const code = entry.ErrorCode ?? 'Unknown';
    throw new ConnectorError(codeOfAwsName(code, true), `${where}: the event was rejected with ${code}${entry.ErrorMessage ? `: ${entry.ErrorMessage}` : ''}`, {
      type: code,
      variables: { failedEntryCount: r.FailedEntryCount ?? 1, entries: [{ errorCode: entry.ErrorCode ?? null, errorMessage: entry.ErrorMessage ?? null }] },
    });
  }
  return { eventId: entry.EventId, eventBusName: busName, metadata: r.$metadata };
}

/** A FEEL context, or the JSON text of an object (EventBridge takes nothing else as Detail). */
function detailObject(detail: unknown): Record<string, unknown> {
  if (detail === undefined || detail === '') return {};
  let value = detail;
  if (typeof detail === 'string') {
    try {
      value = JSON.parse(detail);
    } catch {
      throw invalid('event.detail', 'is text that is not JSON; give a FEEL context or the JSON text of an object');
    }
  }
  if (!isPlainObject(value)) throw invalid('event.detail', 'must be an object (a FEEL context, or JSON text starting with {): EventBridge takes no other detail');
  return value;
}

/**
 * An entry's size as the "Calculating PutEvents event entry size" page gives it: 14 bytes for a Time, and the UTF-8
 * bytes of Source, DetailType, Detail and each Resource.
 */
export function entrySize(source: string, detailType: string, detail: string, resources: string[], hasTime: boolean): number {
  return (hasTime ? 14 : 0) + Buffer.byteLength(source) + Buffer.byteLength(detailType) + Buffer.byteLength(detail)
    + resources.reduce((sum, r) => sum + Buffer.byteLength(r), 0);
}

function invalid(path: string, message: string): ConnectorError {
  return new ConnectorError('INVALID_INPUT', `${path}: ${message}`, { path });
}
