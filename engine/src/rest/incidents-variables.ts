// Incident resolution and setting variables on an element instance.

import { EngineError, type EngineApi } from '../api';
import { keyParam, optionalObject, readJson, sendNoContent, type Route } from './http';

export function incidentAndVariableRoutes(engine: EngineApi): Route[] {
  return [
    {
      method: 'POST',
      path: '/v2/incidents/:incidentKey/resolution',
      async handle(context) {
        await readJson(context.req);
        engine.resolveIncident(keyParam(context, 'incidentKey'));
        sendNoContent(context.res);
      },
    },
    {
      method: 'PUT',
      path: '/v2/element-instances/:elementInstanceKey/variables',
      async handle(context) {
        const body = await readJson(context.req);
        const variables = optionalObject(body, 'variables');
        if (!variables) throw new EngineError('INVALID_ARGUMENT', 'No variables provided.');
        engine.setVariables(keyParam(context, 'elementInstanceKey'), variables, body.local === true);
        sendNoContent(context.res);
      },
    },
  ];
}
