import { sdkMetadata } from '../camunda-shapes';
import type { PutEventResult, PutEventsResult } from './handler';

/** Our own answer. */
export function presentEventBridge(result: PutEventResult | PutEventsResult): Record<string, unknown> {
  if ('events' in result) return { events: result.events };
  return { eventId: result.eventId, eventBusName: result.eventBusName };
}

/** The official connector's answer (8.9.7 and later): the AWS SDK v1 PutEventsResult as Jackson writes it. */
export function presentCamundaEventBridge(result: PutEventResult | PutEventsResult): Record<string, unknown> {
  if ('events' in result) throw new Error('Camunda\'s connector puts one event');
  return { ...sdkMetadata(result.metadata), failedEntryCount: 0, entries: [{ eventId: result.eventId, errorCode: null, errorMessage: null }] };
}
