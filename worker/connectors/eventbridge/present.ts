import { sdkMetadata } from '../camunda-shapes';
import type { PutEventResult } from './handler';

/** Our own answer. */
export function presentEventBridge(result: PutEventResult): Record<string, unknown> {
  return { eventId: result.eventId, eventBusName: result.eventBusName };
}

/** The official connector's answer (8.9.7 and later): the AWS SDK v1 PutEventsResult as Jackson writes it. */
export function presentCamundaEventBridge(result: PutEventResult): Record<string, unknown> {
  return { ...sdkMetadata(result.metadata), failedEntryCount: 0, entries: [{ eventId: result.eventId, errorCode: null, errorMessage: null }] };
}
