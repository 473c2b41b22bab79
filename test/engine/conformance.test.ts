// BPMN semantics the connectors' models rely on, each checked as Camunda 8 documents it (the section is
// named in the test). Public API only: the SDK over gRPC for commands, REST v2 search to observe, so the
// same tests run against a Camunda 8 cluster.
import type { Camunda8 } from '@camunda8/sdk';
import { camunda, search, uniqueId, waitFor } from '../integration/harness';
import { activateOne, complete, deploy, incidentsOf, instanceState, useClient, variablesOf } from './sdk';
import { definitions, end, error, errorBoundary, errorEnd, exclusiveGateway, flow, parallelGateway, serviceTask, start } from './bpmn';

let c8: Camunda8;
const zeebe = () => c8.getZeebeGrpcApiClient();

beforeAll(() => {
  c8 = camunda();
  useClient(c8);
});

afterAll(async () => {
  await zeebe().close();
});

describe('service tasks (docs: Components > Modeler > BPMN > Service tasks)', () => {
  test('a job carries the task definition type, the retries and the task headers', async () => {
    const id = uniqueId('svc');
    const type = `${id}-type`;
    await deploy(definitions(id, start(), serviceTask('task', type, { retries: '5', headers: { resultVariable: 'r', other: 'x y' } }), end(), flow('f1', 'start', 'task'), flow('f2', 'task', 'end')));
    await zeebe().createProcessInstance({ bpmnProcessId: id, variables: {} });
    const job = await activateOne(type);
    expect(job.retries).toBe(5);
    expect(job.customHeaders).toEqual({ resultVariable: 'r', other: 'x y' });
    expect(job.elementId).toBe('task');
    await complete(job);
  });

  test('type and retries can be FEEL expressions evaluated when the job is created', async () => {
    const id = uniqueId('svcfeel');
    await deploy(definitions(id, start(), serviceTask('task', '="dyn-" + suffix', { retries: '=n * 2' }), end(), flow('f1', 'start', 'task'), flow('f2', 'task', 'end')));
    await zeebe().createProcessInstance({ bpmnProcessId: id, variables: { suffix: id, n: 2 } });
    const job = await activateOne(`dyn-${id}`);
    expect(job.retries).toBe(4);
    await complete(job);
  });
});

describe('variables (docs: Components > Concepts > Variables)', () => {
  test('input mappings create local variables of the task; the job sees them over the process variables', async () => {
    const id = uniqueId('io');
    const type = `${id}-type`;
    await deploy(definitions(id, start(), serviceTask('task', type, { inputs: { 'action.bucket': '=bucket', 'action.type': 'upload', shadow: '="local"' } }), end(), flow('f1', 'start', 'task'), flow('f2', 'task', 'end')));
    const { processInstanceKey } = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: { bucket: 'b1', shadow: 'root' } });
    const job = await activateOne(type);
    expect(job.variables).toMatchObject({ bucket: 'b1', shadow: 'local', action: { bucket: 'b1', type: 'upload' } });
    await complete(job, { result: 1 });
    await waitFor('completion', async () => ((await instanceState(processInstanceKey)) === 'COMPLETED' ? true : undefined));
    // the input-mapped variables stayed local to the task
    expect(await variablesOf(processInstanceKey)).toEqual({ bucket: 'b1', shadow: 'root', result: 1 });
  });

  test('without output mappings the job variables are merged into the process scope', async () => {
    const id = uniqueId('merge');
    const type = `${id}-type`;
    await deploy(definitions(id, start(), serviceTask('task', type), end(), flow('f1', 'start', 'task'), flow('f2', 'task', 'end')));
    const result = zeebe().createProcessInstanceWithResult({ bpmnProcessId: id, variables: { keep: true, change: 1 }, requestTimeout: 20_000 });
    const job = await activateOne(type);
    await complete(job, { change: 2, added: { nested: [1, 2] } });
    expect((await result).variables).toEqual({ keep: true, change: 2, added: { nested: [1, 2] } });
  });

  test('with output mappings only the mapped values reach the parent scope (docs: Input/output variable mappings)', async () => {
    const id = uniqueId('out');
    const type = `${id}-type`;
    await deploy(definitions(id, start(), serviceTask('task', type, { outputs: { 'summary.count': '=count(items)', first: '=items[1]' } }), end(), flow('f1', 'start', 'task'), flow('f2', 'task', 'end')));
    const result = zeebe().createProcessInstanceWithResult({ bpmnProcessId: id, variables: {}, requestTimeout: 20_000 });
    const job = await activateOne(type);
    await complete(job, { items: ['a', 'b', 'c'], unmapped: true });
    expect((await result).variables).toEqual({ summary: { count: 3 }, first: 'a' });
  });

  test('input mappings are evaluated in order, each seeing the targets of the ones before (docs: Input/output variable mappings)', async () => {
    const id = uniqueId('ioorder');
    const type = `${id}-type`;
    const inputs = { a: '=x + 1', b: '=a * 2', 'document.bucket': '=bucket', 'document.key': '="k1"', ref: '=document.bucket + "/" + document.key' };
    await deploy(definitions(id, start(), serviceTask('task', type, { inputs }), end(), flow('f1', 'start', 'task'), flow('f2', 'task', 'end')));
    await zeebe().createProcessInstance({ bpmnProcessId: id, variables: { x: 1, bucket: 'b1' } });
    const job = await activateOne(type);
    expect(job.variables).toMatchObject({ a: 2, b: 4, document: { bucket: 'b1', key: 'k1' }, ref: 'b1/k1' });
    await complete(job);
  });

  test('a failing input mapping raises an IO_MAPPING_ERROR incident; resolving it after fixing the data goes on (docs: Incidents)', async () => {
    const id = uniqueId('ioerr');
    const type = `${id}-type`;
    await deploy(definitions(id, start(), serviceTask('task', type, { inputs: { x: '=assert(value, value != null)' } }), end(), flow('f1', 'start', 'task'), flow('f2', 'task', 'end')));
    const { processInstanceKey } = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: {} });
    const [incident] = await waitFor('the incident', async () => ((await incidentsOf(processInstanceKey)).length > 0 ? incidentsOf(processInstanceKey) : undefined));
    expect(incident.errorType).toBe('IO_MAPPING_ERROR');
    expect(incident.elementId).toBe('task');
    await zeebe().setVariables({ elementInstanceKey: processInstanceKey, variables: { value: 7 }, local: false });
    await zeebe().resolveIncident({ incidentKey: incident.incidentKey });
    const job = await activateOne(type);
    expect(job.variables.x).toBe(7);
    await complete(job);
  });
});

describe('exclusive gateways (docs: Components > Modeler > BPMN > Exclusive gateways)', () => {
  const model = (id: string) =>
    definitions(
      id,
      start(),
      exclusiveGateway('gw', 'fDefault'),
      serviceTask('big', `${id}-big`),
      serviceTask('small', `${id}-small`),
      serviceTask('other', `${id}-other`),
      end('e1'),
      end('e2'),
      end('e3'),
      flow('f1', 'start', 'gw'),
      flow('fBig', 'gw', 'big', '=amount > 100'),
      flow('fSmall', 'gw', 'small', '=amount > 10'),
      flow('fDefault', 'gw', 'other'),
      flow('f2', 'big', 'e1'),
      flow('f3', 'small', 'e2'),
      flow('f4', 'other', 'e3'),
    );

  test('the first flow whose condition is true is taken, else the default flow', async () => {
    const id = uniqueId('xor');
    await deploy(model(id));
    for (const [amount, taken] of [[500, 'big'], [50, 'small'], [5, 'other']] as const) {
      await zeebe().createProcessInstance({ bpmnProcessId: id, variables: { amount } });
      const job = await activateOne(`${id}-${taken}`);
      expect(job.variables.amount).toBe(amount);
      await complete(job);
    }
  });

  test('no true condition and no default flow raises a CONDITION_ERROR incident', async () => {
    const id = uniqueId('xorerr');
    await deploy(definitions(id, start(), exclusiveGateway('gw'), end('e1'), flow('f1', 'start', 'gw'), flow('f2', 'gw', 'e1', '=false')));
    const { processInstanceKey } = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: {} });
    const [incident] = await waitFor('the incident', async () => ((await incidentsOf(processInstanceKey)).length > 0 ? incidentsOf(processInstanceKey) : undefined));
    expect(incident.errorType).toBe('CONDITION_ERROR');
  });
});

describe('parallel gateways (docs: Components > Modeler > BPMN > Parallel gateways)', () => {
  test('a fork activates every branch and the join waits for all of them', async () => {
    const id = uniqueId('and');
    await deploy(
      definitions(
        id,
        start(),
        parallelGateway('fork'),
        serviceTask('a', `${id}-a`),
        serviceTask('b', `${id}-b`),
        parallelGateway('join'),
        serviceTask('after', `${id}-after`),
        end(),
        flow('f1', 'start', 'fork'),
        flow('f2', 'fork', 'a'),
        flow('f3', 'fork', 'b'),
        flow('f4', 'a', 'join'),
        flow('f5', 'b', 'join'),
        flow('f6', 'join', 'after'),
        flow('f7', 'after', 'end'),
      ),
    );
    const result = zeebe().createProcessInstanceWithResult({ bpmnProcessId: id, variables: {}, requestTimeout: 30_000 });
    const a = await activateOne(`${id}-a`);
    const b = await activateOne(`${id}-b`);
    await complete(a, { fromA: 1 });
    // the join holds until b is done too
    const early = await zeebe().activateJobs({ type: `${id}-after`, worker: 'conformance', timeout: 30_000, maxJobsToActivate: 1, requestTimeout: 500 });
    expect(early).toHaveLength(0);
    await complete(b, { fromB: 2 });
    const after = await activateOne(`${id}-after`);
    expect(after.variables).toMatchObject({ fromA: 1, fromB: 2 });
    await complete(after);
    expect((await result).variables).toEqual({ fromA: 1, fromB: 2 });
  });
});

describe('error events (docs: Components > Modeler > BPMN > Error events)', () => {
  const model = (id: string) =>
    definitions(
      id,
      error('errKnown', 'KNOWN'),
      start(),
      serviceTask('task', `${id}-task`),
      end(),
      errorBoundary('byCode', 'task', { errorRef: 'errKnown', outputs: { path: '="byCode"', code: '=errorCode', message: '=errorMessage' } }),
      errorBoundary('catchAll', 'task', { outputs: { path: '="catchAll"', code: '=errorCode', message: '=errorMessage', detail: '=detail' } }),
      end('e2'),
      end('e3'),
      flow('f1', 'start', 'task'),
      flow('f2', 'task', 'end'),
      flow('f3', 'byCode', 'e2'),
      flow('f4', 'catchAll', 'e3'),
    );

  test('a thrown error is caught by the boundary event with its code, which sees errorCode and errorMessage', async () => {
    const id = uniqueId('errcode');
    await deploy(model(id));
    const result = zeebe().createProcessInstanceWithResult({ bpmnProcessId: id, variables: {}, requestTimeout: 20_000 });
    const job = await activateOne(`${id}-task`);
    await zeebe().throwError({ jobKey: job.key, errorCode: 'KNOWN', errorMessage: 'known failure' });
    expect((await result).variables).toEqual({ path: 'byCode', code: 'KNOWN', message: 'known failure' });
  });

  test('an error with another code is caught by the catch-all boundary, with the error variables', async () => {
    const id = uniqueId('errall');
    await deploy(model(id));
    const result = zeebe().createProcessInstanceWithResult({ bpmnProcessId: id, variables: {}, requestTimeout: 20_000 });
    const job = await activateOne(`${id}-task`);
    await zeebe().throwError({ jobKey: job.key, errorCode: 'OTHER', errorMessage: 'other failure', variables: { detail: 42 } });
    const vars = (await result).variables;
    expect(vars).toMatchObject({ path: 'catchAll', code: 'OTHER', message: 'other failure', detail: 42 });
  });

  test('the boundary event interrupts the task: its job can no longer be completed', async () => {
    const id = uniqueId('errint');
    await deploy(model(id));
    await zeebe().createProcessInstance({ bpmnProcessId: id, variables: {} });
    const job = await activateOne(`${id}-task`);
    await zeebe().throwError({ jobKey: job.key, errorCode: 'KNOWN' });
    await expect(zeebe().completeJob({ jobKey: job.key, variables: {} })).rejects.toThrow(/NOT_FOUND/);
  });

  test('an error nobody catches raises an UNHANDLED_ERROR_EVENT incident', async () => {
    const id = uniqueId('erruncaught');
    await deploy(definitions(id, start(), serviceTask('task', `${id}-task`), end(), flow('f1', 'start', 'task'), flow('f2', 'task', 'end')));
    const { processInstanceKey } = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: {} });
    const job = await activateOne(`${id}-task`);
    await zeebe().throwError({ jobKey: job.key, errorCode: 'NOBODY', errorMessage: 'lost' });
    const [incident] = await waitFor('the incident', async () => ((await incidentsOf(processInstanceKey)).length > 0 ? incidentsOf(processInstanceKey) : undefined));
    expect(incident.errorType).toBe('UNHANDLED_ERROR_EVENT');
    expect(incident.errorMessage).toContain("'NOBODY'");
  });

  test("an uncaught error's incident names the codes that are available; resolving it makes the job activatable again, as in Zeebe (docs: Incidents)", async () => {
    const id = uniqueId('errresolve');
    const only = definitions(id, error('errKnown', 'KNOWN'), start(), serviceTask('task', `${id}-task`), end(), errorBoundary('byCode', 'task', { errorRef: 'errKnown' }), end('e2'), flow('f1', 'start', 'task'), flow('f2', 'task', 'end'), flow('f3', 'byCode', 'e2'));
    await deploy(only);
    const { processInstanceKey } = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: {} });
    const job = await activateOne(`${id}-task`);
    await zeebe().throwError({ jobKey: job.key, errorCode: 'OTHER', errorMessage: 'not this one' });
    const [incident] = await waitFor('the incident', async () => ((await incidentsOf(processInstanceKey)).length > 0 ? incidentsOf(processInstanceKey) : undefined));
    expect(incident).toMatchObject({ errorType: 'UNHANDLED_ERROR_EVENT', jobKey: job.key });
    expect(incident.errorMessage).toBe("Expected to throw an error event with the code 'OTHER' with message 'not this one', but it was not caught. Available error events are [KNOWN]");
    await zeebe().resolveIncident({ incidentKey: incident.incidentKey });
    const again = await activateOne(`${id}-task`);
    expect(again.key).toBe(job.key);
    await complete(again, { done: true });
    await waitFor('completion', async () => ((await instanceState(processInstanceKey)) === 'COMPLETED' ? true : undefined));
  });

  test('an error end event with no catching boundary raises an UNHANDLED_ERROR_EVENT incident', async () => {
    const id = uniqueId('errend');
    await deploy(definitions(id, error('errEnd', 'END_CODE'), start(), errorEnd('boom', 'errEnd'), flow('f1', 'start', 'boom')));
    const { processInstanceKey } = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: {} });
    const [incident] = await waitFor('the incident', async () => ((await incidentsOf(processInstanceKey)).length > 0 ? incidentsOf(processInstanceKey) : undefined));
    expect(incident).toMatchObject({ errorType: 'UNHANDLED_ERROR_EVENT', elementId: 'boom' });
    expect(incident.errorMessage).toContain("'END_CODE'");
  });
});

describe('jobs (docs: Components > Concepts > Job workers; Incidents)', () => {
  const oneTask = (id: string, retries = '3') => definitions(id, start(), serviceTask('task', `${id}-task`, { retries }), end(), flow('f1', 'start', 'task'), flow('f2', 'task', 'end'));

  test('a job whose timeout passes can be activated again', async () => {
    const id = uniqueId('timeout');
    await deploy(oneTask(id));
    await zeebe().createProcessInstance({ bpmnProcessId: id, variables: {} });
    const first = await activateOne(`${id}-task`, 500);
    const immediately = await zeebe().activateJobs({ type: `${id}-task`, worker: 'other', timeout: 30_000, maxJobsToActivate: 1, requestTimeout: -1 });
    expect(immediately).toHaveLength(0);
    const again = await activateOne(`${id}-task`);
    expect(again.key).toBe(first.key);
    await complete(again);
  });

  test('a failed job with retries left is activatable again after its backoff', async () => {
    const id = uniqueId('backoff');
    await deploy(oneTask(id));
    await zeebe().createProcessInstance({ bpmnProcessId: id, variables: {} });
    const job = await activateOne(`${id}-task`);
    const failedAt = Date.now();
    await zeebe().failJob({ jobKey: job.key, retries: 2, errorMessage: 'try later', retryBackOff: 1500 });
    const again = await activateOne(`${id}-task`);
    expect(Date.now() - failedAt).toBeGreaterThanOrEqual(1400);
    expect(again.retries).toBe(2);
    await complete(again);
  });

  test('no retries left raises a JOB_NO_RETRIES incident with the failure message; new retries and a resolution make the job activatable again', async () => {
    const id = uniqueId('noretries');
    await deploy(oneTask(id, '1'));
    const { processInstanceKey } = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: {} });
    const job = await activateOne(`${id}-task`);
    await zeebe().failJob({ jobKey: job.key, retries: 0, errorMessage: 'the bucket is gone', retryBackOff: 0 });
    const [incident] = await waitFor('the incident', async () => ((await incidentsOf(processInstanceKey)).length > 0 ? incidentsOf(processInstanceKey) : undefined));
    expect(incident).toMatchObject({ errorType: 'JOB_NO_RETRIES', errorMessage: 'the bucket is gone', jobKey: job.key });
    expect((await search<{ hasIncident: boolean }>('process-instances', { processInstanceKey }))[0].hasIncident).toBe(true);
    await zeebe().updateJobRetries({ jobKey: job.key, retries: 1 });
    await zeebe().resolveIncident({ incidentKey: incident.incidentKey });
    const again = await activateOne(`${id}-task`);
    expect(again.key).toBe(job.key);
    await complete(again);
    await waitFor('completion', async () => ((await instanceState(processInstanceKey)) === 'COMPLETED' ? true : undefined));
  });

  test('a canceled instance cancels its jobs', async () => {
    const id = uniqueId('cancel');
    await deploy(oneTask(id));
    const { processInstanceKey } = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: {} });
    const job = await activateOne(`${id}-task`);
    await zeebe().cancelProcessInstance(processInstanceKey);
    expect(await instanceState(processInstanceKey)).toBe('TERMINATED');
    expect((await search<{ state: string }>('jobs', { jobKey: job.key }))[0].state).toBe('CANCELED');
    await expect(zeebe().completeJob({ jobKey: job.key, variables: {} })).rejects.toThrow(/NOT_FOUND/);
  });
});
