import type { Logger } from 'pino';
import { ConnectorError } from '../runtime/errors';
import { correlate, outcomeLabel, type InboundEngine, type RecordOutcome } from './correlation';
import type { InboundElement } from './inbound-elements';
import { regionOfTopic, SnsVerificationError, trustedSnsUrl, type CertificateStore } from './sns-signature';
import { webhookReply } from './webhook-correlation';
import type { WebhookHandler } from './webhook-router';

export interface SnsSettings {
  context: string;
  /** Topic ARNs whose messages are taken; the element must name them. */
  topics: string[];
}

const CONFIRM_TIMEOUT_MS = 5000;

/**
 * The settings of an SNS inbound element (Camunda's bindings inbound.context, inbound.securitySubscriptionAllowedFor,
 * inbound.topicsAllowList). Unlike Camunda's runtime, "any topic" is refused: any AWS account can subscribe an
 * HTTPS endpoint to its own topic, and its messages are signed by SNS too.
 */
export function snsSettings(connector: Record<string, unknown>): SnsSettings {
  const inbound = (connector.inbound ?? {}) as Record<string, unknown>;
  const context = typeof inbound.context === 'string' ? inbound.context.trim() : '';
  if (!context) throw new ConnectorError('MISSING_INPUT', 'inbound.context: is required (the subscription id)', { path: 'inbound.context' });
  const list = typeof inbound.topicsAllowList === 'string' ? inbound.topicsAllowList : '';
  const topics = list.split(',').map((t) => t.trim()).filter(Boolean);
  if (topics.length === 0) {
    throw new ConnectorError('MISSING_INPUT', 'inbound.topicsAllowList: name the topic ARNs this element takes messages from (set "Allow to receive messages from topic(s)" to specific); any topic is not allowed', { path: 'inbound.topicsAllowList' });
  }
  return { context, topics };
}

/**
 * The handler of an SNS HTTPS subscription for a group of elements: the message's topic must be allowed, its
 * signature must hold against SNS's certificate; a SubscriptionConfirmation is confirmed (it starts nothing),
 * a Notification is correlated with its MessageId as the message id (SNS retries become duplicates).
 */
export function snsHandler(elements: InboundElement[], settings: SnsSettings, engine: InboundEngine, certificates: CertificateStore, log: Logger, mask: (t: string) => string, record: RecordOutcome = () => undefined): WebhookHandler {
  return async (request) => {
    if (request.method !== 'POST') return { status: 405, body: { error: 'METHOD_NOT_ALLOWED', message: 'SNS posts its messages' } };
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(request.rawBody.toString('utf8')) as Record<string, unknown>;
    } catch {
      return { status: 400, body: { error: 'BAD_REQUEST', message: 'the body is not an SNS message (raw message delivery is not supported)' } };
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return { status: 400, body: { error: 'BAD_REQUEST', message: 'the body is not an SNS message' } };
    const topicArn = typeof body.TopicArn === 'string' ? body.TopicArn : '';
    const headerTopic = request.headers['x-amz-sns-topic-arn'];
    if (headerTopic !== undefined && headerTopic !== topicArn) return { status: 400, body: { error: 'BAD_REQUEST', message: 'the topic header and the message disagree' } };
    if (!settings.topics.includes(topicArn)) {
      log.warn({ context: settings.context, topicArn: topicArn.slice(0, 256) }, 'SNS message from a topic this element does not allow; refused');
      record('refused');
      return { status: 403, body: { error: 'FORBIDDEN', message: 'this topic is not allowed for this subscription' } };
    }
    try {
      await certificates.verify(body);
    } catch (error) {
      const reason = error instanceof SnsVerificationError ? error.message : `the signing certificate could not be read (${(error as Error).message})`;
      log.warn({ context: settings.context, topicArn, reason }, 'SNS message refused: its signature could not be verified');
      record('refused');
      return { status: error instanceof SnsVerificationError ? 403 : 503, body: { error: 'FORBIDDEN', message: reason } };
    }
    switch (body.Type) {
      case 'SubscriptionConfirmation':
        return confirm(body, certificates.allowedHosts, settings, log);
      case 'UnsubscribeConfirmation':
        log.info({ context: settings.context, topicArn }, 'SNS subscription removed by the topic owner');
        return { status: 200 };
      default: {
        const event = { request: { body, headers: request.headers, params: request.params }, connectorData: { snsEventType: 'Notification' }, documents: [] };
        const outcome = await correlate(elements, event, engine, typeof body.MessageId === 'string' ? body.MessageId : undefined);
        record(outcomeLabel(outcome));
        return webhookReply(outcome, mask);
      }
    }
  };
}

async function confirm(body: Record<string, unknown>, allowedHosts: readonly string[], settings: SnsSettings, log: Logger) {
  const topicArn = String(body.TopicArn);
  let url: URL;
  try {
    url = trustedSnsUrl(body.SubscribeURL, regionOfTopic(topicArn), allowedHosts, 'SubscribeURL');
  } catch (error) {
    return { status: 403, body: { error: 'FORBIDDEN', message: (error as Error).message } };
  }
  try {
    const response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(CONFIRM_TIMEOUT_MS) });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
  } catch (error) {
    log.warn({ context: settings.context, topicArn, reason: (error as Error).message }, 'SNS subscription could not be confirmed');
    return { status: 502, body: { error: 'BAD_GATEWAY', message: 'the subscription could not be confirmed' } };
  }
  log.info({ context: settings.context, topicArn }, 'SNS subscription confirmed');
  return { status: 200 };
}
