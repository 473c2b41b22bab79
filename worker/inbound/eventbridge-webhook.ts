import { createHmac, timingSafeEqual } from 'node:crypto';
import { ConnectorError } from '../runtime/errors';
import { evaluateFeel } from '../runtime/expressions';
import { correlate, outcomeLabel, type InboundEngine, type RecordOutcome } from './correlation';
import type { InboundElement } from './inbound-elements';
import { webhookReply } from './webhook-correlation';
import type { WebhookHandler, WebhookRequest } from './webhook-router';

/** How an EventBridge API destination proves it is the caller (the element's `inbound.*` properties). */
export type WebhookAuth =
  | { type: 'NONE' }
  | { type: 'APIKEY'; apiKey: string; locator: string }
  | { type: 'BASIC'; username: string; password: string }
  | { type: 'HMAC'; secret: string; header: string; algorithm: 'sha1' | 'sha256' | 'sha512' };

export interface EventBridgeSettings {
  context: string;
  method: string;
  auth: WebhookAuth;
}

const HMAC_ALGORITHMS: Record<string, 'sha1' | 'sha256' | 'sha512'> = { sha_1: 'sha1', sha_256: 'sha256', sha_512: 'sha512', sha1: 'sha1', sha256: 'sha256', sha512: 'sha512' };

/**
 * The settings of an EventBridge inbound element (Camunda's generic webhook bindings: inbound.context,
 * inbound.method, inbound.auth.*, inbound.shouldValidateHmac/hmacSecret/hmacHeader/hmacAlgorithm), secrets
 * resolved. An element without a shared secret is served only when the operator allows it.
 */
export function eventBridgeSettings(connector: Record<string, unknown>, allowNoAuth: boolean): EventBridgeSettings {
  const inbound = (connector.inbound ?? {}) as Record<string, unknown>;
  const auth = (inbound.auth ?? {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const context = text(inbound.context);
  if (!context) throw new ConnectorError('MISSING_INPUT', 'inbound.context: is required (the webhook id)', { path: 'inbound.context' });
  const method = (text(inbound.method) || 'any').toUpperCase();
  const required = (value: unknown, path: string) => {
    const v = typeof value === 'string' ? value : '';
    if (v === '') throw new ConnectorError('MISSING_INPUT', `${path}: is required`, { path });
    return v;
  };
  let settings: WebhookAuth;
  if (text(inbound.shouldValidateHmac).toLowerCase() === 'enabled') {
    const algorithm = HMAC_ALGORITHMS[text(inbound.hmacAlgorithm).toLowerCase() || 'sha_256'];
    if (!algorithm) throw new ConnectorError('INVALID_INPUT', 'inbound.hmacAlgorithm: must be sha_1, sha_256 or sha_512', { path: 'inbound.hmacAlgorithm' });
    settings = { type: 'HMAC', secret: required(inbound.hmacSecret, 'inbound.hmacSecret'), header: required(inbound.hmacHeader, 'inbound.hmacHeader').trim().toLowerCase(), algorithm };
  } else {
    const type = (text(auth.type) || 'NONE').toUpperCase();
    if (type === 'APIKEY') {
      settings = { type, apiKey: required(auth.apiKey, 'inbound.auth.apiKey'), locator: text(auth.apiKeyLocator) || '=request.headers.apikey' };
    } else if (type === 'BASIC') {
      settings = { type, username: required(auth.username, 'inbound.auth.username'), password: required(auth.password, 'inbound.auth.password') };
    } else if (type === 'NONE') {
      settings = { type };
    } else {
      throw new ConnectorError('INVALID_INPUT', `inbound.auth.type: ${type} is not served by this worker (use APIKEY, BASIC or HMAC)`, { path: 'inbound.auth.type' });
    }
  }
  if (settings.type === 'NONE' && !allowNoAuth) {
    throw new ConnectorError('INVALID_INPUT', 'inbound.auth.type: an EventBridge webhook needs a shared secret (API key, basic or HMAC); the operator allows unauthenticated webhooks with INBOUND_WEBHOOK_ALLOW_NO_AUTH=true', { path: 'inbound.auth.type' });
  }
  return { context, method, auth: settings };
}

/** The handler of an EventBridge API destination's calls for a group of elements. */
export function eventBridgeHandler(elements: InboundElement[], settings: EventBridgeSettings, engine: InboundEngine, mask: (t: string) => string, record: RecordOutcome = () => undefined): WebhookHandler {
  return async (request) => {
    if (settings.method !== 'ANY' && request.method !== settings.method) return { status: 405, body: { error: 'METHOD_NOT_ALLOWED', message: `this webhook takes ${settings.method}` } };
    let body: unknown;
    try {
      body = request.rawBody.length === 0 ? {} : JSON.parse(request.rawBody.toString('utf8'));
    } catch {
      return { status: 400, body: { error: 'BAD_REQUEST', message: 'the body is not JSON' } };
    }
    const event = { request: { body, headers: request.headers, params: request.params }, connectorData: {}, documents: [] };
    if (!(await authorised(settings.auth, request, event))) {
      record('refused');
      return { status: 401, body: { error: 'UNAUTHORIZED', message: 'the request does not carry this webhook\'s shared secret' } };
    }
    // EventBridge retries a delivery it thinks failed: the event id makes a retry a duplicate, not a second message.
    const eventId = body !== null && typeof body === 'object' && typeof (body as { id?: unknown }).id === 'string' ? (body as { id: string }).id : undefined;
    const outcome = await correlate(elements, event, engine, eventId);
    record(outcomeLabel(outcome));
    return webhookReply(outcome, mask);
  };
}

async function authorised(auth: WebhookAuth, request: WebhookRequest, event: Record<string, unknown>): Promise<boolean> {
  switch (auth.type) {
    case 'NONE':
      return true;
    case 'APIKEY': {
      let given: unknown;
      try {
        given = await evaluateFeel(auth.locator, event, 'inbound.auth.apiKeyLocator');
      } catch {
        return false;
      }
      return typeof given === 'string' && sameText(given, auth.apiKey);
    }
    case 'BASIC': {
      const header = request.headers.authorization ?? '';
      if (!/^basic /i.test(header)) return false;
      return sameText(Buffer.from(header.slice(6).trim(), 'base64').toString('utf8'), `${auth.username}:${auth.password}`);
    }
    case 'HMAC': {
      const given = (request.headers[auth.header] ?? '').trim().replace(/^sha(1|256|512)=/i, '');
      const expected = createHmac(auth.algorithm, auth.secret).update(request.rawBody).digest();
      return sameText(given.toLowerCase(), expected.toString('hex')) || sameText(given, expected.toString('base64'));
    }
  }
}

/** Constant-time comparison of two strings (their lengths may differ). */
function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
