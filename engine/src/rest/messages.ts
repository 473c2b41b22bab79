// Messages: POST /v2/messages/publication (buffered for its time to live) and POST /v2/messages/correlation
// (correlated at once or 404), as Camunda 8's REST API answers them.

import type { EngineApi } from '../api';
import { optionalNumber, optionalObject, optionalString, readJson, requiredString, sendJson, type Route } from './http';

export function messageRoutes(engine: EngineApi): Route[] {
  return [
    {
      method: 'POST',
      path: '/v2/messages/publication',
      async handle({ req, res }) {
        const body = await readJson(req);
        const published = engine.publishMessage({
          name: requiredString(body, 'name'),
          correlationKey: optionalString(body, 'correlationKey'),
          timeToLiveMs: optionalNumber(body, 'timeToLive') ?? 0,
          messageId: optionalString(body, 'messageId'),
          variables: optionalObject(body, 'variables'),
          tenantId: optionalString(body, 'tenantId'),
        });
        sendJson(res, 200, { tenantId: published.tenantId, messageKey: published.messageKey });
      },
    },
    {
      method: 'POST',
      path: '/v2/messages/correlation',
      async handle({ req, res }) {
        const body = await readJson(req);
        const correlated = engine.correlateMessage({
          name: requiredString(body, 'name'),
          correlationKey: optionalString(body, 'correlationKey'),
          variables: optionalObject(body, 'variables'),
          tenantId: optionalString(body, 'tenantId'),
        });
        sendJson(res, 200, correlated);
      },
    },
  ];
}
