import { PutEventsCommand, type EventBridgeClient, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { callAws, codeOfAwsName } from '../../aws/errors';
import { ConnectorError } from '../../runtime/errors';
import { isPlainObject } from '../../runtime/expressions';
import type { ConnectorDeps } from '../deps';
import type { EventBridgeInput, EventEntry } from './schema';

/** PutEvents' limit on an entry, and on a request's entries together, counted as EventBridge counts them (entrySize). */
export const MAX_ENTRY_BYTES = 256 * 1024;
const BUS = /^(?:[/.\-_A-Za-z0-9]{1,256}|arn:aws[a-z-]*:events:([a-z0-9-]+):[0-9]{12}:event-bus\/[/.\-_A-Za-z0-9]{1,256})$/;
/** Entries EventBridge failed on its side (throttled, internal) are put again this many times in the job, after these pauses. */
const ENTRY_RETRY_PAUSES_MS = [200, 800];
const RETRIED_ENTRY_CODES = new Set(['ThrottlingException', 'InternalFailure']);

export interface PutEventResult {
  eventId: string;
  eventBusName: string;
  /** For Camunda's answer, which carries the SDK's response metadata. */
  metadata: { requestId?: string; httpStatusCode?: number };
}

export interface PutEventsResult { events: { index: number; eventId: string; eventBusName: string }[] }

interface Checked { entry: PutEventsRequestEntry; bytes: number; busName: string; region?: string }

/**
 * PutEvents with one entry (putEvent) or up to 10 (putEvents). An entry EventBridge rejects (FailedEntryCount > 0,
 * the call itself succeeding) fails the task with the entry's error code mapped to the worker's codes, never a
 * success; throttled and internal failures of entries are put again within the job first.
 */
export async function putEvent(input: EventBridgeInput, deps: ConnectorDeps): Promise<PutEventResult | PutEventsResult> {
  const single = 'event' in input;
  const events: EventEntry[] = single ? [input.event] : input.events;
  const checked = events.map((e, i) => checkedEntry(e, single ? 'event' : `events[${i}]`));
  const total = checked.reduce((sum, c) => sum + c.bytes, 0);
  if (!single && total > MAX_ENTRY_BYTES) {
    throw invalid('events', `the events are ${total} bytes together as EventBridge counts them, over its ${MAX_ENTRY_BYTES}-byte (256 KiB) limit for one call`);
  }
  const region = input.configuration?.region || checked.find((c) => c.region)?.region;
  const { client } = deps.aws.eventbridge({ ...input, configuration: { ...input.configuration, region } });
  const where = `EventBridge PutEvents to ${[...new Set(checked.map((c) => c.busName))].join(', ')}`;
  const { eventIds, metadata } = await put(client, checked.map((c) => c.entry), where, single);
  if (single) return { eventId: eventIds[0]!, eventBusName: checked[0]!.busName, metadata };
  return { events: eventIds.map((eventId, index) => ({ index, eventId, eventBusName: checked[index]!.busName })) };
}

function checkedEntry(e: EventEntry, path: string): Checked {
  const busName = e.busName?.trim() || 'default';
  const bus = BUS.exec(busName);
  if (!bus) throw invalid(`${path}.busName`, `${JSON.stringify(busName.slice(0, 200))} is not an event bus name (letters, digits, / . - _) or ARN`);
  if (e.source.trim() === '') throw invalid(`${path}.source`, 'must not be blank');
  if (e.detailType.trim() === '') throw invalid(`${path}.detailType`, 'must not be blank');
  const detail = JSON.stringify(detailObject(e.detail, `${path}.detail`));
  (e.resources ?? []).forEach((r, i) => {
    if (!/^arn:[a-z0-9-]+:/.test(r)) throw invalid(`${path}.resources[${i}]`, `${JSON.stringify(r.slice(0, 200))} is not an ARN`);
  });
  const time = e.time === undefined ? undefined : new Date(e.time);
  if (time !== undefined && Number.isNaN(time.getTime())) throw invalid(`${path}.time`, `${JSON.stringify(e.time)} is not an ISO 8601 time such as 2024-05-01T12:00:00Z`);
  const bytes = entrySize(e.source, e.detailType, detail, e.resources ?? [], time !== undefined);
  if (bytes > MAX_ENTRY_BYTES) {
    throw invalid(`${path}.detail`, `the event is ${bytes} bytes as EventBridge counts it (source, detail type, detail, resources, time), over its ${MAX_ENTRY_BYTES}-byte (256 KiB) limit`);
  }
  return { entry: { EventBusName: busName, Source: e.source, DetailType: e.detailType, Detail: detail, Resources: e.resources, Time: time }, bytes, busName, region: bus[1] };
}

/** Puts the entries; EventBridge answers one result per entry, in order. */
async function put(client: EventBridgeClient, entries: PutEventsRequestEntry[], where: string, single: boolean) {
  const eventIds: (string | undefined)[] = entries.map(() => undefined);
  let pending = entries.map((_, i) => i);
  let failed: { index: number; errorCode: string; errorMessage: string | null }[] = [];
  let metadata: PutEventResult['metadata'] = {};
  for (let attempt = 0; ; attempt++) {
    const r = await callAws(where, () => client.send(new PutEventsCommand({ Entries: pending.map((i) => entries[i]!) })));
    metadata = r.$metadata;
    if ((r.Entries ?? []).length !== pending.length) {
      throw new ConnectorError('INVALID_RESULT_FORMAT', `${where}: the answer holds ${(r.Entries ?? []).length} results for ${pending.length} events`, { type: 'PutEventsResponse' });
    }
    failed = [];
    r.Entries!.forEach((e, k) => {
      const index = pending[k]!;
      if (e.EventId && !e.ErrorCode) eventIds[index] = e.EventId;
      else failed.push({ index, errorCode: e.ErrorCode ?? 'Unknown', errorMessage: e.ErrorMessage ?? null });
    });
    const again = failed.filter((f) => RETRIED_ENTRY_CODES.has(f.errorCode));
    if (failed.length === 0 || again.length < failed.length || attempt >= ENTRY_RETRY_PAUSES_MS.length) break;
    await new Promise((resolve) => setTimeout(resolve, ENTRY_RETRY_PAUSES_MS[attempt]));
    pending = again.map((f) => f.index);
  }
  if (failed.length === 0) return { eventIds: eventIds as string[], metadata };

  const first = failed[0]!;
  const code = codeOfAwsName(first.errorCode, true);
  if (single) {
    throw new ConnectorError(code, `${where}: the event was rejected with ${first.errorCode}${first.errorMessage ? `: ${first.errorMessage}` : ''}`, {
      type: first.errorCode, variables: { failedEntryCount: 1, entries: [{ errorCode: first.errorCode, errorMessage: first.errorMessage }] },
    });
  }
  const list = failed.map((f) => `events[${f.index}]: ${f.errorCode}${f.errorMessage ? ` ${f.errorMessage}` : ''}`).join('; ');
  const sent = eventIds.flatMap((eventId, index) => (eventId ? [{ index, eventId }] : []));
  throw new ConnectorError(code, `${where}: ${failed.length} of ${entries.length} events were rejected (${list}); ${sent.length} were put`, {
    path: `events[${first.index}]`, type: first.errorCode, variables: { failed, sent },
  });
}

/** A FEEL context, or the JSON text of an object (EventBridge takes nothing else as Detail). */
function detailObject(detail: unknown, path: string): Record<string, unknown> {
  if (detail === undefined || detail === '') return {};
  let value = detail;
  if (typeof detail === 'string') {
    try {
      value = JSON.parse(detail);
    } catch {
      throw invalid(path, 'is text that is not JSON; give a FEEL context or the JSON text of an object');
    }
  }
  if (!isPlainObject(value)) throw invalid(path, 'must be an object (a FEEL context, or JSON text starting with {): EventBridge takes no other detail');
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
