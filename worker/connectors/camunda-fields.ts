import { Type } from '@sinclair/typebox';
import { ConnectorError } from '../runtime/errors';

/**
 * How fields of Camunda's templates arrive: a checkbox as a boolean or as "true"/"false" (older templates bound
 * it as text), a text field left blank as "" (or only spaces), a context typed as JSON text.
 */

/** A checkbox's binding. */
export const CamundaFlag = Type.Optional(Type.Union([Type.Boolean(), Type.String()]));

/** Whether a checkbox is ticked. */
export const yes = (v: boolean | string | undefined): boolean => v === true || v === 'true';

/** A text field's value, or undefined when it was left blank. */
export const given = (v: string | undefined): string | undefined => (v === undefined || v.trim() === '' ? undefined : v);

/** A text field that must not be left blank (MISSING_INPUT with its binding otherwise). */
export function required(v: string | undefined, path: string): string {
  const value = given(v);
  if (value === undefined) throw new ConnectorError('MISSING_INPUT', `${path}: is required`, { path });
  return value;
}

/** A field's JSON text, parsed (INVALID_INPUT with its binding when it is not JSON). */
export function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ConnectorError('INVALID_INPUT', `${path}: is not valid JSON`, { path });
  }
}

/**
 * SQS's and SNS's `queue.type` / `topic.type` (`standard`, the default, or `fifo`): FIFO when chosen, or when the
 * queue's or topic's name ends in .fifo whatever the type says (the service would refuse the message otherwise).
 */
export function isFifo(type: string | undefined, path: string, queueOrTopic: string): boolean {
  const chosen = given(type) ?? 'standard';
  if (chosen !== 'standard' && chosen !== 'fifo') {
    throw new ConnectorError('INVALID_INPUT', `${path}: must be "standard" or "fifo", got ${JSON.stringify(type)}`, { path });
  }
  return chosen === 'fifo' || queueOrTopic.trim().endsWith('.fifo');
}
