import type { CorrelationOutcome } from './correlation';
import type { WebhookReply } from './webhook-router';

/**
 * The HTTP answer for a correlation outcome, as Camunda's webhook controller gives it: 200 when the engine took
 * the event (or already had it, or an element asked to consume unmatched events); 422 when no element takes it
 * or it cannot be correlated (a sender should not retry); 503 when the engine did not accept it (a retry may).
 */
export function webhookReply(outcome: CorrelationOutcome, mask: (text: string) => string): WebhookReply {
  switch (outcome.kind) {
    case 'correlated':
    case 'duplicate':
      return { status: 200 };
    case 'unmatched':
      return outcome.consume ? { status: 200 } : { status: 422, body: { error: 'ACTIVATION_CONDITION_NOT_MET', message: 'no element\'s activation condition matched the event' } };
    case 'invalid':
      return { status: 422, body: { error: outcome.error.code, message: mask(outcome.error.message) } };
    case 'failed':
      return { status: 503, body: { error: 'SERVICE_UNAVAILABLE', message: 'the engine did not accept the event; retry later' } };
  }
}
