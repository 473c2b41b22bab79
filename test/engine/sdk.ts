// The conformance tests' helpers: the real SDK over gRPC for commands, REST v2 search to observe.
import type { Camunda8 } from '@camunda8/sdk';
import { camunda, search, waitFor } from '../integration/harness';

export type JSONDoc = Parameters<ReturnType<Camunda8['getZeebeGrpcApiClient']>['completeJob']>[0]['variables'];

let c8: Camunda8;
const zeebe = () => c8.getZeebeGrpcApiClient();

/** The client the helpers use (each test file makes its own). */
export function useClient(client: Camunda8): void {
  c8 = client;
}

export async function deploy(xml: string): Promise<void> {
  const id = /<bpmn:process id="([^"]+)"/.exec(xml)![1];
  await zeebe().deployResource({ process: Buffer.from(xml), name: `${id}.bpmn` });
}

export async function activateOne(type: string, timeout = 30_000) {
  return waitFor(`a job of type ${type}`, async () => {
    const jobs = await zeebe().activateJobs({ type, worker: 'conformance', timeout, maxJobsToActivate: 1, requestTimeout: 1000 });
    return jobs[0];
  });
}

export const complete = (job: { key: string }, variables: JSONDoc = {}) => zeebe().completeJob({ jobKey: job.key, variables });

export const variablesOf = async (processInstanceKey: string) =>
  Object.fromEntries(
    (await search<{ name: string; value: string; scopeKey: string }>('variables', { processInstanceKey }))
      .filter((v) => v.scopeKey === processInstanceKey)
      .map((v) => [v.name, JSON.parse(v.value)]),
  );

export const incidentsOf = (processInstanceKey: string) =>
  search<{ incidentKey: string; errorType: string; errorMessage: string; state: string; jobKey?: string; elementId: string }>('incidents', { processInstanceKey, state: 'ACTIVE' });

export const instanceState = async (processInstanceKey: string) => (await search<{ state: string }>('process-instances', { processInstanceKey }))[0]?.state;


/** The stack's engine for a test file: a client made before its tests, the clock reset after each, closed after all. */
export function connectToStack() {
  beforeAll(() => useClient(camunda()));
  afterEach(async () => {
    await c8.getCamundaRestClient().resetClock();
  });
  afterAll(async () => {
    c8.getCamundaRestClient().stopWorkers();
    await c8.getZeebeGrpcApiClient().close();
  });
  return { zeebe: () => c8.getZeebeGrpcApiClient(), rest: () => c8.getCamundaRestClient() };
}

export const completed = (processInstanceKey: string) => waitFor('completion', async () => ((await instanceState(processInstanceKey)) === 'COMPLETED' ? true : undefined));

export const elements = (processInstanceKey: string, elementId: string) =>
  search<{ state: string; type: string; elementInstanceKey: string }>('element-instances', { processInstanceKey, elementId });

/** Moves the engine's clock `ms` ahead of now (pinned; connectToStack resets it after each test). */
export const advance = (ms: number) => c8.getCamundaRestClient().pinInternalClock(Date.now() + ms);
