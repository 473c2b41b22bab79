// Process instances: create (optionally awaiting completion), get, cancel.

import { EngineError, type CreatedInstance, type EngineApi } from '../api';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../defaults';
import { keyParam, optionalKey, optionalNumber, optionalObject, optionalString, optionalStringArray, readJson, sendJson, sendNoContent, type Route } from './http';

export function processInstanceRoutes(engine: EngineApi): Route[] {
  return [
    {
      method: 'POST',
      path: '/v2/process-instances',
      async handle({ req, res }) {
        const body = await readJson(req);
        const processDefinitionId = optionalString(body, 'processDefinitionId');
        const processDefinitionKey = optionalKey(body, 'processDefinitionKey');
        if (!processDefinitionId && !processDefinitionKey) throw new EngineError('INVALID_ARGUMENT', 'At least one of [processDefinitionId, processDefinitionKey] is required.');
        if (processDefinitionId && processDefinitionKey) throw new EngineError('INVALID_ARGUMENT', 'Only one of [processDefinitionId, processDefinitionKey] is allowed.');
        if (Array.isArray(body.startInstructions) && body.startInstructions.length > 0) throw new EngineError('INVALID_ARGUMENT', 'Start instructions are not supported by this engine.');
        const version = optionalNumber(body, 'processDefinitionVersion');
        const variables = optionalObject(body, 'variables');
        const fetchVariables = optionalStringArray(body, 'fetchVariables');
        const requestTimeout = optionalNumber(body, 'requestTimeout') ?? 0;

        const created = engine.createProcessInstance({ bpmnProcessId: processDefinitionId, processDefinitionKey, version: version ?? -1, variables });
        if (body.awaitCompletion !== true) {
          sendJson(res, 200, toResponse(created, {}));
          return;
        }
        const timeoutMs = requestTimeout > 0 ? requestTimeout : DEFAULT_REQUEST_TIMEOUT_MS;
        const result = await engine.awaitResult(created.processInstanceKey, fetchVariables?.length ? fetchVariables : undefined, timeoutMs);
        sendJson(res, 200, toResponse(result, result.variables));
      },
    },
    {
      method: 'GET',
      path: '/v2/process-instances/:processInstanceKey',
      handle(context) {
        sendJson(context.res, 200, engine.getProcessInstance(keyParam(context, 'processInstanceKey')));
      },
    },
    {
      method: 'POST',
      path: '/v2/process-instances/:processInstanceKey/cancellation',
      async handle(context) {
        await readJson(context.req);
        engine.cancelProcessInstance(keyParam(context, 'processInstanceKey'));
        sendNoContent(context.res);
      },
    },
  ];
}

function toResponse(instance: CreatedInstance, variables: Record<string, unknown>) {
  return {
    processDefinitionId: instance.bpmnProcessId,
    processDefinitionVersion: instance.version,
    tenantId: instance.tenantId,
    variables,
    processDefinitionKey: instance.processDefinitionKey,
    processInstanceKey: instance.processInstanceKey,
  };
}
