/**
 * The engine, through the Camunda 8 REST API v2 only (the project's engine or a Camunda 8.8+ cluster without
 * authentication): deploy a diagram, start an instance, wait until it ends or has an incident, and read what it did.
 */

const POLL_MS = 250;

export class EngineError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function engineClient(restAddress) {
  const base = restAddress.replace(/\/+$/, '');

  async function call(method, path, body) {
    const init = { method, headers: {} };
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) {
      init.headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let res;
    try {
      res = await fetch(`${base}${path}`, init);
    } catch (error) {
      throw new EngineError(502, `The engine at ${base} does not answer (${error.cause?.code ?? error.message}). Is the stack running?`);
    }
    const text = await res.text();
    const json = text ? JSON.parse(text) : {};
    // Problem documents (RFC 9457) carry the engine's own message in detail.
    if (!res.ok) throw new EngineError(res.status === 404 ? 404 : 400, json.detail ?? json.title ?? `${method} ${path}: HTTP ${res.status}`);
    return json;
  }

  const search = async (entity, filter) =>
    (await call('POST', `/v2/${entity}/search`, { filter, page: { limit: 1000 } })).items ?? [];

  return {
    /** Deploys the BPMN XML; answers the first process it defines. */
    async deploy(xml, name) {
      const form = new FormData();
      form.append('resources', new Blob([xml], { type: 'application/xml' }), name);
      const deployment = await call('POST', '/v2/deployments', form);
      const process = deployment.deployments?.find((d) => d.processDefinition)?.processDefinition;
      if (!process) throw new EngineError(400, 'The diagram defines no executable process.');
      return process;
    },

    async start(processDefinitionKey, variables) {
      return call('POST', '/v2/process-instances', { processDefinitionKey, variables });
    },

    /** Polls until the instance is no longer active or has an incident, or the time is up; answers its last state. */
    async waitForOutcome(processInstanceKey, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const [instance] = await search('process-instances', { processInstanceKey });
        if (instance && (instance.state !== 'ACTIVE' || instance.hasIncident)) return instance;
        if (Date.now() >= deadline) return instance ?? { processInstanceKey, state: 'UNKNOWN' };
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    },

    /** The element instances (the path taken), the process-level variables and the open incidents. */
    async report(processInstanceKey) {
      const [elements, variables, incidents] = await Promise.all([
        search('element-instances', { processInstanceKey }),
        search('variables', { processInstanceKey, scopeKey: processInstanceKey }),
        search('incidents', { processInstanceKey }),
      ]);
      return {
        elements: elements
          .sort((a, b) => compareKeys(a.elementInstanceKey, b.elementInstanceKey))
          .map(({ elementId, type, state }) => ({ elementId, type, state })),
        variables: Object.fromEntries(variables.sort((a, b) => a.name.localeCompare(b.name)).map((v) => [v.name, parseValue(v.value)])),
        incidents: incidents
          .filter((i) => i.state !== 'RESOLVED')
          .map(({ elementId, errorType, errorMessage }) => ({ elementId, errorType, errorMessage })),
      };
    },
  };
}

function compareKeys(a, b) {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Variable values come as JSON text. */
function parseValue(value) {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
