import { ConnectorError } from '../runtime/errors';

/**
 * A message's text as SQS and SNS carry it (and as Camunda's connectors send it): a string as it is, any
 * other value (a FEEL context, a list, a number) as its JSON. Nothing, or only spaces, is MISSING_INPUT.
 */
export function messageText(value: unknown, path: string): string {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    throw new ConnectorError('MISSING_INPUT', `${path}: is required (the message to send)`, { path });
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}
