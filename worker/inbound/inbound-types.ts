/** The inbound connectors the worker serves. */
export type InboundKind = 'sqs' | 'sns' | 'eventbridge';

/** Our own `inbound.type` values and Camunda's, per connector. */
export const INBOUND_TYPES: Record<InboundKind, { own: string; camunda: string }> = {
  sqs: { own: 'aws:sqs-inbound:1', camunda: 'io.camunda:aws-sqs-inbound:1' },
  sns: { own: 'aws:sns-inbound:1', camunda: 'io.camunda:aws-sns-webhook:1' },
  // Camunda's EventBridge templates use its generic HTTP webhook with a marker; only the marked ones are ours.
  eventbridge: { own: 'aws:eventbridge-inbound:1', camunda: 'io.camunda:webhook:1' },
};

export const EVENTBRIDGE_SUBTYPE = 'aws:eventbridge';

/** The connector an element's properties ask for, or undefined when it is not one of ours (a plain HTTP webhook, Kafka, ...). */
export function inboundKindOf(properties: Record<string, string>): InboundKind | undefined {
  const type = properties['inbound.type']?.trim();
  if (type === INBOUND_TYPES.sqs.own || type === INBOUND_TYPES.sqs.camunda) return 'sqs';
  if (type === INBOUND_TYPES.sns.own || type === INBOUND_TYPES.sns.camunda) return 'sns';
  if (type === INBOUND_TYPES.eventbridge.own) return 'eventbridge';
  if (type === INBOUND_TYPES.eventbridge.camunda && properties['inbound.subtype']?.trim() === EVENTBRIDGE_SUBTYPE) return 'eventbridge';
  return undefined;
}
