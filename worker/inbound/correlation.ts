import { asConnectorError, ConnectorError } from '../runtime/errors';
import { evaluateFeel, evaluateResultExpression, parseIsoDuration } from '../runtime/expressions';
import { MAX_OUTPUT_BYTES } from '../runtime/job-processor';
import type { InboundElement } from './inbound-elements';

/** What the engine is asked to do with an event (gRPC PublishMessage / CreateProcessInstance). */
export interface InboundEngine {
  publishMessage(message: { name: string; correlationKey: string; messageId: string; timeToLiveMs: number; variables: Record<string, unknown>; tenantId: string }): Promise<'published' | 'duplicate'>;
  createProcessInstance(start: { bpmnProcessId: string; version: number; variables: Record<string, unknown>; tenantId: string }): Promise<void>;
}

/**
 * The outcome of handing one event to the elements of one subscription, as Camunda's runtime names them:
 * `correlated` and `duplicate` are acknowledged; `unmatched` is acknowledged only when an element asks for it
 * (consumeUnmatchedEvents); `invalid` (the element's expressions cannot handle this event) and `failed` (the
 * engine did not accept it) are not.
 */
export type CorrelationOutcome =
  | { kind: 'correlated'; elementId: string }
  | { kind: 'duplicate'; elementId: string }
  | { kind: 'unmatched'; consume: boolean }
  | { kind: 'invalid'; error: ConnectorError }
  | { kind: 'failed'; error: ConnectorError };

/** The outcome as the metric connector_inbound_events_total names it. */
export function outcomeLabel(outcome: CorrelationOutcome): string {
  return outcome.kind === 'unmatched' ? (outcome.consume ? 'unmatched_consumed' : 'unmatched_left') : outcome.kind;
}

/** Counts one inbound event's outcome (the worker's metrics). */
export type RecordOutcome = (outcome: string) => void;

/** One hour, Camunda's default message time to live for inbound connectors. */
export const DEFAULT_MESSAGE_TTL_MS = 3_600_000;

/**
 * Hands an event to the engine for the first of `elements` whose activation condition holds. Several may hold
 * only when they are message catch points with the same message and the same correlation settings (they are
 * then one message); otherwise the event is invalid, as in Camunda's runtime.
 * `defaultMessageId`: the id used when the element sets no messageIdExpression (SQS: the message's id).
 */
export async function correlate(elements: InboundElement[], event: Record<string, unknown>, engine: InboundEngine, defaultMessageId?: string): Promise<CorrelationOutcome> {
  const matched: InboundElement[] = [];
  try {
    for (const element of elements) if (await activated(element, event)) matched.push(element);
  } catch (error) {
    return { kind: 'invalid', error: asConnectorError(error) };
  }
  if (matched.length === 0) {
    return { kind: 'unmatched', consume: elements.some((e) => e.properties.consumeUnmatchedEvents?.trim().toLowerCase() === 'true') };
  }
  const [element] = matched;
  if (matched.length > 1 && !matched.every((e) => sameMessage(e, element))) {
    return {
      kind: 'invalid',
      error: new ConnectorError('INVALID_INPUT', `Multiple connectors are activated for the same input: ${matched.map((e) => e.elementId).join(', ')}; give them activation conditions that exclude each other`, { path: 'activationCondition' }),
    };
  }
  let request: Awaited<ReturnType<typeof messageOf>>;
  try {
    request = await messageOf(element, event, defaultMessageId);
  } catch (error) {
    return { kind: 'invalid', error: asConnectorError(error) };
  }
  try {
    if (element.kind === 'none-start') {
      await engine.createProcessInstance({ bpmnProcessId: element.bpmnProcessId, version: element.version, variables: request.variables, tenantId: element.tenantId });
      return { kind: 'correlated', elementId: element.elementId };
    }
    const answer = await engine.publishMessage({ name: element.messageName!, ...request, tenantId: element.tenantId });
    return { kind: answer === 'duplicate' ? 'duplicate' : 'correlated', elementId: element.elementId };
  } catch (error) {
    return { kind: 'failed', error: asConnectorError(error) };
  }
}

async function activated(element: InboundElement, event: Record<string, unknown>): Promise<boolean> {
  const condition = (element.properties.activationCondition ?? element.properties['inbound.activationCondition'])?.trim();
  if (!condition || condition === '=') return true;
  return (await evaluateFeel(condition, event, 'activationCondition')) === true;
}

const MESSAGE_SETTINGS = ['correlationKeyExpression', 'messageIdExpression', 'messageTtl', 'resultVariable', 'resultExpression'];

function sameMessage(a: InboundElement, b: InboundElement): boolean {
  return a.kind !== 'none-start' && b.kind !== 'none-start' && a.messageName === b.messageName &&
    MESSAGE_SETTINGS.every((name) => (a.properties[name] ?? '') === (b.properties[name] ?? ''));
}

async function messageOf(element: InboundElement, event: Record<string, unknown>, defaultMessageId: string | undefined) {
  const p = element.properties;
  const variables = await variablesOf(p, event);
  if (element.kind === 'none-start') return { correlationKey: '', messageId: '', timeToLiveMs: 0, variables };
  const keyExpression = p.correlationKeyExpression?.trim();
  let correlationKey = '';
  if (keyExpression) {
    correlationKey = textOf(await evaluateFeel(keyExpression, event, 'correlationKeyExpression'), 'correlationKeyExpression');
  } else if (element.kind !== 'message-start') {
    throw new ConnectorError('MISSING_INPUT', 'correlationKeyExpression: is required for an intermediate event, a boundary event or a receive task', { path: 'correlationKeyExpression' });
  }
  const idExpression = p.messageIdExpression?.trim();
  const messageId = idExpression ? textOf(await evaluateFeel(idExpression, event, 'messageIdExpression'), 'messageIdExpression') : (defaultMessageId ?? '');
  const ttl = p.messageTtl?.trim();
  const timeToLiveMs = ttl ? parseIsoDuration(ttl, 'messageTtl') : DEFAULT_MESSAGE_TTL_MS;
  return { correlationKey, messageId, timeToLiveMs, variables };
}

/** resultVariable gets the whole event, resultExpression maps it; with neither the engine gets no variables. */
async function variablesOf(p: Record<string, string>, event: Record<string, unknown>): Promise<Record<string, unknown>> {
  const variables: Record<string, unknown> = {};
  const resultVariable = p.resultVariable?.trim();
  if (resultVariable) variables[resultVariable] = event;
  const expression = p.resultExpression?.trim();
  if (expression) Object.assign(variables, await evaluateResultExpression(expression, event));
  const bytes = Buffer.byteLength(JSON.stringify(variables));
  if (bytes > MAX_OUTPUT_BYTES) {
    throw new ConnectorError('INVALID_INPUT', `The event's variables (${bytes} bytes) exceed the 1.5 MB safe variable size limit for Zeebe; map fewer fields with resultExpression`, { path: 'resultExpression' });
  }
  return variables;
}

/** A correlation key or message id: a string, or a number written as text; anything else is an input error. */
function textOf(value: unknown, path: string): string {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new ConnectorError('INVALID_INPUT', `${path}: must give a string or a number for this event, got ${value === null || value === undefined ? 'null' : typeof value}`, { path });
}
