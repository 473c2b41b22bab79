// Scopes as Camunda 8 documents them (the section is named in each describe): embedded and event
// sub-processes, multi-instance, inclusive gateways, execution listeners; and what the engine refuses at
// deployment. Public API only: the SDK over gRPC for commands, REST v2 search to observe.
import { search, uniqueId, waitFor } from '../integration/harness';
import { boundary, definitions, end, error, errorEnd, eventStart, flow, inclusiveGateway, message, serviceTask, serviceTaskWith, start, subProcess } from './bpmn';
import { activateOne, advance, complete, completed, connectToStack, deploy, elements, incidentsOf, variablesOf } from './sdk';

const { zeebe } = connectToStack();

const innerIncidents = (processInstanceKey: string) =>
  search<{ incidentKey: string; errorType: string; elementInstanceKey: string }>('incidents', { processInstanceKey, state: 'ACTIVE' });

async function activateAll(type: string, count: number) {
  const jobs: Awaited<ReturnType<typeof activateOne>>[] = [];
  await waitFor(`${count} jobs of type ${type}`, async () => {
    jobs.push(...(await zeebe().activateJobs({ type, worker: 'conformance', timeout: 30_000, maxJobsToActivate: count, requestTimeout: 500 })));
    return jobs.length >= count ? true : undefined;
  });
  return jobs;
}

describe('embedded sub-processes (docs: Components > Modeler > BPMN > Embedded subprocess)', () => {
  test('the sub-process is a variable scope of its own: its input mappings are local to it, its output mappings reach the process', async () => {
    const id = uniqueId('sub');
    const inner = [start('s2'), serviceTask('inner', `${id}-task`), end('e2'), flow('g1', 's2', 'inner'), flow('g2', 'inner', 'e2')];
    await deploy(definitions(id, start(), subProcess('sub', inner, { inputs: { local: '=n + 1' }, outputs: { fromSub: '=local' } }), end(), flow('f1', 'start', 'sub'), flow('f2', 'sub', 'end')));
    const { processInstanceKey } = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: { n: 1 } });
    const job = await activateOne(`${id}-task`);
    expect(job.variables).toMatchObject({ n: 1, local: 2 });
    await complete(job);
    await completed(processInstanceKey);
    expect(await variablesOf(processInstanceKey)).toEqual({ n: 1, fromSub: 2 });
    expect((await elements(processInstanceKey, 'sub'))[0]).toMatchObject({ type: 'SUB_PROCESS', state: 'COMPLETED' });
  });

  test('an error thrown inside is caught by an error boundary event of the sub-process, which terminates it', async () => {
    const id = uniqueId('suberr');
    const inner = [start('s2'), serviceTask('inner', `${id}-task`), end('e2'), flow('g1', 's2', 'inner'), flow('g2', 'inner', 'e2')];
    await deploy(definitions(id, error('errX', 'X'), start(), subProcess('sub', inner), end(), boundary('caught', 'sub', { errorRef: 'errX' }), end('e3'), flow('f1', 'start', 'sub'), flow('f2', 'sub', 'end'), flow('f3', 'caught', 'e3')));
    const { processInstanceKey } = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: {} });
    const job = await activateOne(`${id}-task`);
    await zeebe().throwError({ jobKey: job.key, errorCode: 'X' });
    await completed(processInstanceKey);
    expect((await elements(processInstanceKey, 'sub'))[0].state).toBe('TERMINATED');
    expect((await elements(processInstanceKey, 'e3'))[0].state).toBe('COMPLETED');
  });

  test('a timer boundary event on the sub-process terminates everything inside it', async () => {
    const id = uniqueId('subtimer');
    const inner = [start('s2'), serviceTask('inner', `${id}-task`), end('e2'), flow('g1', 's2', 'inner'), flow('g2', 'inner', 'e2')];
    await deploy(definitions(id, start(), subProcess('sub', inner), end(), boundary('late', 'sub', { timer: { duration: 'PT5M' } }), end('e3'), flow('f1', 'start', 'sub'), flow('f2', 'sub', 'end'), flow('f3', 'late', 'e3')));
    const { processInstanceKey } = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: {} });
    const job = await activateOne(`${id}-task`);
    await advance(6 * 60_000);
    await completed(processInstanceKey);
    expect((await elements(processInstanceKey, 'inner'))[0].state).toBe('TERMINATED');
    await expect(complete(job)).rejects.toThrow(/NOT_FOUND/);
  });
});

describe('event sub-processes (docs: Components > Modeler > BPMN > Event subprocesses)', () => {
  const main = (id: string) => [start(), serviceTask('task', `${id}-task`), end(), flow('f1', 'start', 'task'), flow('f2', 'task', 'end')];

  test('an error event sub-process catches an error thrown in its scope and interrupts it', async () => {
    const id = uniqueId('esperr');
    const handler = subProcess('onError', [eventStart('es', { errorRef: 'errY' }, { outputs: { code: '=errorCode' } }), end('ee'), flow('h1', 'es', 'ee')], { triggeredByEvent: true });
    await deploy(definitions(id, error('errY', 'Y'), ...main(id), handler));
    const { processInstanceKey } = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: {} });
    const job = await activateOne(`${id}-task`);
    await zeebe().throwError({ jobKey: job.key, errorCode: 'Y' });
    await completed(processInstanceKey);
    expect(await variablesOf(processInstanceKey)).toMatchObject({ code: 'Y' });
    expect((await elements(processInstanceKey, 'onError'))[0]).toMatchObject({ type: 'EVENT_SUB_PROCESS', state: 'COMPLETED' });
  });

  test('a non-interrupting message event sub-process runs beside the process, which goes on', async () => {
    const id = uniqueId('espmsg');
    const handler = subProcess('onNote', [eventStart('es', { messageRef: 'm' }, { interrupting: false }), serviceTask('noteTask', `${id}-note`), end('ee'), flow('h1', 'es', 'noteTask'), flow('h2', 'noteTask', 'ee')], { triggeredByEvent: true });
    await deploy(definitions(id, message('m', `${id}-note`, '=key'), ...main(id), handler));
    const { processInstanceKey } = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: { key: 'k1' } });
    const job = await activateOne(`${id}-task`);
    await zeebe().publishMessage({ name: `${id}-note`, correlationKey: 'k1', variables: { note: 'hello' }, timeToLive: 0 });
    const note = await activateOne(`${id}-note`);
    expect(note.variables).toMatchObject({ note: 'hello' });
    await complete(note);
    await complete(job);
    await completed(processInstanceKey);
  });

  test('an interrupting timer event sub-process terminates the rest of its scope', async () => {
    const id = uniqueId('esptimer');
    const handler = subProcess('onTimeout', [eventStart('es', { timer: { duration: 'PT1H' } }), end('ee'), flow('h1', 'es', 'ee')], { triggeredByEvent: true });
    await deploy(definitions(id, ...main(id), handler));
    const { processInstanceKey } = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: {} });
    const job = await activateOne(`${id}-task`);
    await advance(2 * 3600_000);
    await completed(processInstanceKey);
    expect((await elements(processInstanceKey, 'task'))[0].state).toBe('TERMINATED');
    await expect(complete(job)).rejects.toThrow(/NOT_FOUND/);
  });
});

describe('multi-instance (docs: Components > Modeler > BPMN > Multi-instance)', () => {
  test('parallel: one job per item with its inputElement and loopCounter; the output collection is in input order', async () => {
    const id = uniqueId('mipar');
    const mi = { inputCollection: '=invoices', inputElement: 'invoice', outputCollection: 'results', outputElement: '=extracted' };
    await deploy(definitions(id, start(), serviceTaskWith('task', `${id}-task`, { multiInstance: mi }), end(), flow('f1', 'start', 'task'), flow('f2', 'task', 'end')));
    const { processInstanceKey } = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: { invoices: ['a', 'b', 'c'] } });
    const jobs = await activateAll(`${id}-task`, 3);
    expect(jobs.map((j) => [j.variables.invoice, j.variables.loopCounter]).sort()).toEqual([['a', 1], ['b', 2], ['c', 3]]);
    for (const job of [...jobs].reverse()) await complete(job, { extracted: `${job.variables.invoice}!` });
    await completed(processInstanceKey);
    expect(await variablesOf(processInstanceKey)).toMatchObject({ results: ['a!', 'b!', 'c!'] });
    expect((await elements(processInstanceKey, 'task')).map((e) => e.type).sort()).toEqual(['MULTI_INSTANCE_BODY', 'SERVICE_TASK', 'SERVICE_TASK', 'SERVICE_TASK']);
  });

  test('sequential: one inner instance at a time, in order', async () => {
    const id = uniqueId('miseq');
    await deploy(definitions(id, start(), serviceTaskWith('task', `${id}-task`, { multiInstance: { sequential: true, inputCollection: '=[10, 20]', inputElement: 'n' } }), end(), flow('f1', 'start', 'task'), flow('f2', 'task', 'end')));
    const { processInstanceKey } = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: {} });
    const first = await activateOne(`${id}-task`);
    expect(first.variables).toMatchObject({ n: 10, loopCounter: 1 });
    expect(await zeebe().activateJobs({ type: `${id}-task`, worker: 'w', timeout: 30_000, maxJobsToActivate: 5, requestTimeout: -1 })).toHaveLength(0);
    await complete(first);
    const second = await activateOne(`${id}-task`);
    expect(second.variables).toMatchObject({ n: 20, loopCounter: 2 });
    await complete(second);
    await completed(processInstanceKey);
  });

  test('the completion condition ends the body early and terminates the other inner instances', async () => {
    const id = uniqueId('micond');
    const mi = { inputCollection: '=[1, 2, 3]', inputElement: 'i', completionCondition: '=numberOfCompletedInstances >= 1' };
    await deploy(definitions(id, start(), serviceTaskWith('task', `${id}-task`, { multiInstance: mi }), end(), flow('f1', 'start', 'task'), flow('f2', 'task', 'end')));
    const { processInstanceKey } = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: {} });
    const jobs = await activateAll(`${id}-task`, 3);
    await complete(jobs[0]);
    await completed(processInstanceKey);
    const states = (await elements(processInstanceKey, 'task')).filter((e) => e.type === 'SERVICE_TASK').map((e) => e.state).sort();
    expect(states).toEqual(['COMPLETED', 'TERMINATED', 'TERMINATED']);
  });

  test('an input collection that is not a list raises an EXTRACT_VALUE_ERROR incident', async () => {
    const id = uniqueId('mibad');
    await deploy(definitions(id, start(), serviceTaskWith('task', `${id}-task`, { multiInstance: { inputCollection: '=items' } }), end(), flow('f1', 'start', 'task'), flow('f2', 'task', 'end')));
    const { processInstanceKey } = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: { items: 'nope' } });
    const [incident] = await waitFor('the incident', async () => {
      const found = await search<{ errorType: string; errorMessage: string }>('incidents', { processInstanceKey });
      return found.length > 0 ? found : undefined;
    });
    expect(incident.errorType).toBe('EXTRACT_VALUE_ERROR');
  });

  test("an inner instance's input-mapping incident, resolved after fixing the data, activates that inner instance again; the body completes (docs: Incidents)", async () => {
    const id = uniqueId('miioerr');
    const mi = { inputCollection: '=["a", "b", "c"]', inputElement: 'item', outputCollection: 'results', outputElement: '=result' };
    const inputs = { x: '=if item = "b" then assert(extra, extra != null) else item' };
    await deploy(definitions(id, start(), serviceTaskWith('task', `${id}-task`, { multiInstance: mi, inputs }), end(), flow('f1', 'start', 'task'), flow('f2', 'task', 'end')));
    const { processInstanceKey } = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: {} });
    const [incident] = await waitFor('the incident', async () => ((await incidentsOf(processInstanceKey)).length > 0 ? incidentsOf(processInstanceKey) : undefined));
    expect(incident).toMatchObject({ errorType: 'IO_MAPPING_ERROR', elementId: 'task' });
    const firstJobs = await activateAll(`${id}-task`, 2);
    await zeebe().setVariables({ elementInstanceKey: processInstanceKey, variables: { extra: 'B' }, local: false });
    await zeebe().resolveIncident({ incidentKey: incident.incidentKey });
    const retried = await activateOne(`${id}-task`);
    expect(retried.variables).toMatchObject({ item: 'b', loopCounter: 2, x: 'B' });
    for (const job of [retried, ...firstJobs]) await complete(job, { result: `${job.variables.x}!` });
    await completed(processInstanceKey);
    expect(await variablesOf(processInstanceKey)).toMatchObject({ results: ['a!', 'B!', 'c!'] });
    expect(await incidentsOf(processInstanceKey)).toEqual([]);
  });

  test("sequential: an inner job's JOB_NO_RETRIES incident, resolved after new retries, makes the job activatable again; the other items follow (docs: Incidents)", async () => {
    const id = uniqueId('miseqjob');
    const mi = { sequential: true, inputCollection: '=[10, 20, 30]', inputElement: 'n', outputCollection: 'results', outputElement: '=r' };
    await deploy(definitions(id, start(), serviceTaskWith('task', `${id}-task`, { multiInstance: mi }), end(), flow('f1', 'start', 'task'), flow('f2', 'task', 'end')));
    const { processInstanceKey } = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: {} });
    await complete(await activateOne(`${id}-task`), { r: 1 });
    const failing = await activateOne(`${id}-task`);
    expect(failing.variables).toMatchObject({ n: 20, loopCounter: 2 });
    await zeebe().failJob({ jobKey: failing.key, retries: 0, errorMessage: 'not now', retryBackOff: 0 });
    const [incident] = await waitFor('the incident', async () => ((await incidentsOf(processInstanceKey)).length > 0 ? incidentsOf(processInstanceKey) : undefined));
    expect(incident).toMatchObject({ errorType: 'JOB_NO_RETRIES', jobKey: failing.key });
    await zeebe().updateJobRetries({ jobKey: failing.key, retries: 1 });
    await zeebe().resolveIncident({ incidentKey: incident.incidentKey });
    const again = await activateOne(`${id}-task`);
    expect(again.key).toBe(failing.key);
    expect(again.variables).toMatchObject({ n: 20, loopCounter: 2 });
    await complete(again, { r: 2 });
    const third = await activateOne(`${id}-task`);
    expect(third.variables).toMatchObject({ n: 30, loopCounter: 3 });
    await complete(third, { r: 3 });
    await completed(processInstanceKey);
    expect(await variablesOf(processInstanceKey)).toMatchObject({ results: [1, 2, 3] });
  });

  test("a failing output element is an incident of the inner instance, which stays active; resolving it completes that inner instance and fills the output collection (docs: Incidents)", async () => {
    const id = uniqueId('mioutel');
    const mi = { inputCollection: '=["a", "b", "c"]', inputElement: 'item', outputCollection: 'results', outputElement: '=if item = "b" then assert(fixed, fixed != null) else item + "!"' };
    await deploy(definitions(id, start(), serviceTaskWith('task', `${id}-task`, { multiInstance: mi }), end(), flow('f1', 'start', 'task'), flow('f2', 'task', 'end')));
    const { processInstanceKey } = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: {} });
    for (const job of await activateAll(`${id}-task`, 3)) await complete(job);
    const [incident] = await waitFor('the incident', async () => ((await innerIncidents(processInstanceKey)).length > 0 ? innerIncidents(processInstanceKey) : undefined));
    expect(incident.errorType).toBe('EXTRACT_VALUE_ERROR');
    const inner = (await elements(processInstanceKey, 'task')).find((e) => e.elementInstanceKey === incident.elementInstanceKey);
    expect(inner).toMatchObject({ type: 'SERVICE_TASK', state: 'ACTIVE' });
    await zeebe().setVariables({ elementInstanceKey: processInstanceKey, variables: { fixed: 'b?' }, local: false });
    await zeebe().resolveIncident({ incidentKey: incident.incidentKey });
    await completed(processInstanceKey);
    expect(await variablesOf(processInstanceKey)).toMatchObject({ results: ['a!', 'b?', 'c!'] });
  });

  test('a failing completion condition is an incident of the inner instance; once resolved, a condition that holds ends the body (docs: Incidents)', async () => {
    const id = uniqueId('micondinc');
    const mi = { sequential: true, inputCollection: '=[1, 2, 3]', inputElement: 'n', completionCondition: '=if n = 2 then assert(stop, stop != null) else false' };
    await deploy(definitions(id, start(), serviceTaskWith('task', `${id}-task`, { multiInstance: mi }), end(), flow('f1', 'start', 'task'), flow('f2', 'task', 'end')));
    const { processInstanceKey } = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: {} });
    await complete(await activateOne(`${id}-task`));
    await complete(await activateOne(`${id}-task`));
    const [incident] = await waitFor('the incident', async () => ((await innerIncidents(processInstanceKey)).length > 0 ? innerIncidents(processInstanceKey) : undefined));
    const inner = (await elements(processInstanceKey, 'task')).find((e) => e.elementInstanceKey === incident.elementInstanceKey);
    expect(inner).toMatchObject({ type: 'SERVICE_TASK', state: 'ACTIVE' });
    await zeebe().setVariables({ elementInstanceKey: processInstanceKey, variables: { stop: true }, local: false });
    await zeebe().resolveIncident({ incidentKey: incident.incidentKey });
    await completed(processInstanceKey);
    const inners = (await elements(processInstanceKey, 'task')).filter((e) => e.type === 'SERVICE_TASK');
    expect(inners.map((e) => e.state)).toEqual(['COMPLETED', 'COMPLETED']);
  });
});

describe('inclusive gateways (docs: Components > Modeler > BPMN > Inclusive gateways)', () => {
  test('a fork takes every flow whose condition holds; the join waits for the branches that were taken', async () => {
    const id = uniqueId('incl');
    await deploy(
      definitions(
        id,
        start(),
        inclusiveGateway('fork'),
        serviceTask('a', `${id}-a`),
        serviceTask('b', `${id}-b`),
        serviceTask('c', `${id}-c`),
        inclusiveGateway('join'),
        end(),
        flow('f1', 'start', 'fork'),
        flow('fa', 'fork', 'a', '=x > 0'),
        flow('fb', 'fork', 'b', '=x > 1'),
        flow('fc', 'fork', 'c', '=x > 100'),
        flow('ja', 'a', 'join'),
        flow('jb', 'b', 'join'),
        flow('jc', 'c', 'join'),
        flow('f2', 'join', 'end'),
      ),
    );
    const { processInstanceKey } = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: { x: 5 } });
    await complete(await activateOne(`${id}-a`));
    await new Promise((r) => setTimeout(r, 300));
    expect(await elements(processInstanceKey, 'join')).toHaveLength(0);
    await complete(await activateOne(`${id}-b`));
    await completed(processInstanceKey);
    expect(await elements(processInstanceKey, 'c')).toHaveLength(0);
    expect(await elements(processInstanceKey, 'join')).toHaveLength(1);
  });
});

describe('inclusive gateways, a branch that cannot reach the join (docs: Components > Modeler > BPMN > Inclusive gateways)', () => {
  test('the join goes on without waiting for a token on a path that does not lead to it', async () => {
    const id = uniqueId('inclreach');
    await deploy(
      definitions(
        id,
        start(),
        inclusiveGateway('fork'),
        serviceTask('a', `${id}-a`),
        serviceTask('b', `${id}-b`),
        serviceTask('c', `${id}-c`),
        inclusiveGateway('join'),
        serviceTask('after', `${id}-after`),
        end(),
        end('sideEnd'),
        flow('f1', 'start', 'fork'),
        flow('fa', 'fork', 'a', '=true'),
        flow('fb', 'fork', 'b', '=true'),
        flow('fc', 'fork', 'c', '=true'),
        flow('ja', 'a', 'join'),
        flow('jb', 'b', 'join'),
        flow('side', 'c', 'sideEnd'),
        flow('f2', 'join', 'after'),
        flow('f3', 'after', 'end'),
      ),
    );
    const { processInstanceKey } = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: {} });
    const side = await activateOne(`${id}-c`);
    await complete(await activateOne(`${id}-a`));
    await complete(await activateOne(`${id}-b`));
    const after = await activateOne(`${id}-after`);
    expect((await elements(processInstanceKey, 'c'))[0].state).toBe('ACTIVE');
    await complete(after);
    await complete(side);
    await completed(processInstanceKey);
  });
});

describe('execution listeners (docs: Components > Concepts > Execution listeners)', () => {
  test('start listeners run as jobs before the element, end listeners after it; their variables are visible after', async () => {
    const id = uniqueId('listen');
    const listeners = [
      { eventType: 'start' as const, type: `${id}-before` },
      { eventType: 'end' as const, type: `${id}-after` },
    ];
    await deploy(definitions(id, start(), serviceTaskWith('task', `${id}-task`, { listeners }), end(), flow('f1', 'start', 'task'), flow('f2', 'task', 'end')));
    const { processInstanceKey } = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: {} });
    const before = await activateOne(`${id}-before`);
    expect(await zeebe().activateJobs({ type: `${id}-task`, worker: 'w', timeout: 30_000, maxJobsToActivate: 1, requestTimeout: -1 })).toHaveLength(0);
    await complete(before, { prepared: true });
    const task = await activateOne(`${id}-task`);
    expect(task.variables).toMatchObject({ prepared: true });
    await complete(task, { result: 1 });
    const after = await activateOne(`${id}-after`);
    expect(after.variables).toMatchObject({ prepared: true, result: 1 });
    await complete(after);
    await completed(processInstanceKey);
  });
});

describe('refused at deployment, with the element named (engine/README.md, "What it does not implement")', () => {
  test.each([
    ['a user task', '<bpmn:userTask id="refused"/>'],
    ['a call activity', '<bpmn:callActivity id="refused"/>'],
    ['a signal catch event', '<bpmn:intermediateCatchEvent id="refused"><bpmn:signalEventDefinition/></bpmn:intermediateCatchEvent>'],
    ['a complex gateway', '<bpmn:complexGateway id="refused"/>'],
  ])('%s', async (_what, element) => {
    const id = uniqueId('refused');
    await expect(deploy(definitions(id, start(), element, end(), flow('f1', 'start', 'refused'), flow('f2', 'refused', 'end')))).rejects.toThrow(/element 'refused'/);
  });

  test('data objects are accepted and ignored, as Zeebe does; execution listeners of the process itself are refused', async () => {
    const id = uniqueId('dataobj');
    const data = '<bpmn:dataObjectReference id="invoiceRef" dataObjectRef="invoice"/><bpmn:dataObject id="invoice"/>';
    await deploy(definitions(id, start(), data, end(), flow('f1', 'start', 'end')));
    const { processInstanceKey } = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: {} });
    await completed(processInstanceKey);
    const listened = definitions(id, start(), end(), flow('f1', 'start', 'end')).replace(
      `<bpmn:process id="${id}" isExecutable="true">`,
      `<bpmn:process id="${id}" isExecutable="true"><bpmn:extensionElements><zeebe:executionListeners><zeebe:executionListener eventType="start" type="x"/></zeebe:executionListeners></bpmn:extensionElements>`,
    );
    await expect(deploy(listened)).rejects.toThrow(/execution listeners of the process itself/);
  });

  test('an error end event still throws to its scope (regression of the error path through scopes)', async () => {
    const id = uniqueId('suberrend');
    const inner = [start('s2'), errorEnd('boom', 'errZ'), flow('g1', 's2', 'boom')];
    await deploy(definitions(id, error('errZ', 'Z'), start(), subProcess('sub', inner), end(), boundary('caught', 'sub', { errorRef: 'errZ' }), end('e3'), flow('f1', 'start', 'sub'), flow('f2', 'sub', 'end'), flow('f3', 'caught', 'e3')));
    const { processInstanceKey } = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: {} });
    await completed(processInstanceKey);
    expect((await elements(processInstanceKey, 'e3'))[0].state).toBe('COMPLETED');
  });
});
