// Messages and timers as Camunda 8 documents them (the section is named in each describe). Public API only:
// the SDK over gRPC and REST for commands (the engine's clock is moved with the REST API's pinInternalClock,
// which the stack enables), REST v2 search to observe, so the same tests run against a Camunda 8 cluster
// with a controlled clock.
import { search, uniqueId, waitFor } from '../integration/harness';
import { boundary, catchEvent, definitions, end, eventStart, flow, message, receiveTask, serviceTask, start } from './bpmn';

const eventBasedGateway = (id: string) => `<bpmn:eventBasedGateway id="${id}"/>`;
import { activateOne, advance, complete, completed, connectToStack, deploy, elements, instanceState, variablesOf } from './sdk';

const { zeebe, rest } = connectToStack();
const jobState = async (jobKey: string) => (await search<{ state: string }>('jobs', { jobKey }))[0]?.state;

describe('message catch events and receive tasks (docs: Components > Modeler > BPMN > Message events; Receive tasks)', () => {
  test('an intermediate message catch event waits for its message; the correlation key is evaluated on entry; the message variables are propagated', async () => {
    const id = uniqueId('msgcatch');
    const name = `${id}-paid`;
    await deploy(definitions(id, message('m', name, '=orderId'), start(), catchEvent('wait', { messageRef: 'm' }), end(), flow('f1', 'start', 'wait'), flow('f2', 'wait', 'end')));
    const { processInstanceKey } = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: { orderId: 'o-1' } });
    await waitFor('the catch event', async () => ((await elements(processInstanceKey, 'wait')).length > 0 ? true : undefined));
    await zeebe().setVariables({ elementInstanceKey: processInstanceKey, variables: { orderId: 'o-2' }, local: false });
    await zeebe().publishMessage({ name, correlationKey: 'o-2', variables: { wrong: true }, timeToLive: 0 });
    await zeebe().publishMessage({ name, correlationKey: 'o-1', variables: { amount: 42 }, timeToLive: 0 });
    await completed(processInstanceKey);
    expect(await variablesOf(processInstanceKey)).toEqual({ orderId: 'o-2', amount: 42 });
  });

  test('a receive task completes on its message, with output mappings over the message variables', async () => {
    const id = uniqueId('recv');
    const name = `${id}-reply`;
    await deploy(definitions(id, message('m', name, '=requestId'), start(), receiveTask('reply', 'm', { outputs: { answer: '=body.text' } }), end(), flow('f1', 'start', 'reply'), flow('f2', 'reply', 'end')));
    const { processInstanceKey } = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: { requestId: 17 } });
    await waitFor('the receive task', async () => ((await elements(processInstanceKey, 'reply')).length > 0 ? true : undefined));
    const correlated = await rest().correlateMessage({ name, correlationKey: '17', variables: { body: { text: 'done' } } });
    expect(correlated.processInstanceKey).toBe(processInstanceKey);
    await completed(processInstanceKey);
    expect(await variablesOf(processInstanceKey)).toEqual({ requestId: 17, answer: 'done' });
  });

  test('a message published before the instance waits is buffered for its time to live; one without is not', async () => {
    const id = uniqueId('msgbuf');
    const name = `${id}-early`;
    await deploy(definitions(id, message('m', name, '=key'), start(), catchEvent('wait', { messageRef: 'm' }), end(), flow('f1', 'start', 'wait'), flow('f2', 'wait', 'end')));
    await zeebe().publishMessage({ name, correlationKey: 'buffered', variables: { early: true }, timeToLive: 60_000 });
    await zeebe().publishMessage({ name, correlationKey: 'lost', variables: {}, timeToLive: 0 });
    const buffered = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: { key: 'buffered' } });
    await completed(buffered.processInstanceKey);
    expect(await variablesOf(buffered.processInstanceKey)).toMatchObject({ early: true });
    const lost = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: { key: 'lost' } });
    await new Promise((r) => setTimeout(r, 300));
    expect(await instanceState(lost.processInstanceKey)).toBe('ACTIVE');
    await zeebe().cancelProcessInstance(lost.processInstanceKey);
  });

  test('a buffered message expires with its time to live', async () => {
    const id = uniqueId('msgttl');
    const name = `${id}-late`;
    await deploy(definitions(id, message('m', name, '=key'), start(), catchEvent('wait', { messageRef: 'm' }), end(), flow('f1', 'start', 'wait'), flow('f2', 'wait', 'end')));
    await zeebe().publishMessage({ name, correlationKey: 'k', variables: {}, timeToLive: 10_000 });
    await advance(60_000);
    const { processInstanceKey } = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: { key: 'k' } });
    await new Promise((r) => setTimeout(r, 300));
    expect(await instanceState(processInstanceKey)).toBe('ACTIVE');
    await zeebe().cancelProcessInstance(processInstanceKey);
  });
});

describe('message boundary events (docs: Components > Modeler > BPMN > Message events > Message boundary events)', () => {
  const model = (id: string, name: string, interrupting: boolean) =>
    definitions(
      id,
      message('m', name, '=orderId'),
      start(),
      serviceTask('task', `${id}-task`),
      end(),
      boundary('cancelled', 'task', { messageRef: 'm' }, { interrupting }),
      end('e2'),
      flow('f1', 'start', 'task'),
      flow('f2', 'task', 'end'),
      flow('f3', 'cancelled', 'e2'),
    );

  test('an interrupting message boundary event terminates the task and cancels its job', async () => {
    const id = uniqueId('msgbnd');
    await deploy(model(id, `${id}-cancel`, true));
    const { processInstanceKey } = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: { orderId: 'o-9' } });
    const job = await activateOne(`${id}-task`);
    await zeebe().publishMessage({ name: `${id}-cancel`, correlationKey: 'o-9', variables: { reason: 'customer' }, timeToLive: 0 });
    await completed(processInstanceKey);
    expect(await jobState(job.key)).toBe('CANCELED');
    expect((await elements(processInstanceKey, 'task'))[0].state).toBe('TERMINATED');
    expect(await variablesOf(processInstanceKey)).toMatchObject({ reason: 'customer' });
  });

  test('a non-interrupting message boundary event runs beside the task, which goes on', async () => {
    const id = uniqueId('msgbndni');
    await deploy(model(id, `${id}-note`, false));
    const { processInstanceKey } = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: { orderId: 'o-3' } });
    const job = await activateOne(`${id}-task`);
    await zeebe().publishMessage({ name: `${id}-note`, correlationKey: 'o-3', variables: {}, timeToLive: 0 });
    await waitFor('the boundary path', async () => ((await elements(processInstanceKey, 'e2'))[0]?.state === 'COMPLETED' ? true : undefined));
    expect(await instanceState(processInstanceKey)).toBe('ACTIVE');
    await complete(job);
    await completed(processInstanceKey);
  });
});

describe('message start events (docs: Components > Modeler > BPMN > Message events > Message start events)', () => {
  test('a message starts an instance with its variables; a second one with the same correlation key does not while the first is active', async () => {
    const id = uniqueId('msgstart');
    const name = `${id}-order`;
    await deploy(definitions(id, message('m', name), eventStart('start', { messageRef: 'm' }), serviceTask('task', `${id}-task`), end(), flow('f1', 'start', 'task'), flow('f2', 'task', 'end')));
    await zeebe().publishMessage({ name, correlationKey: 'c-1', variables: { order: 1 }, timeToLive: 0 });
    const job = await activateOne(`${id}-task`);
    expect(job.variables).toEqual({ order: 1 });
    await zeebe().publishMessage({ name, correlationKey: 'c-1', variables: { order: 2 }, timeToLive: 0 });
    await new Promise((r) => setTimeout(r, 300));
    expect(await search('process-instances', { processDefinitionId: id })).toHaveLength(1);
    await complete(job);
  });
});

describe('message start events named by an expression (docs: Components > Concepts > Expressions)', () => {
  test('the name of a process start event is evaluated at deployment, without variables', async () => {
    const id = uniqueId('msgstartfeel');
    await deploy(definitions(id, message('m', `="${id}" + "-go"`), eventStart('start', { messageRef: 'm' }), serviceTask('task', `${id}-task`), end(), flow('f1', 'start', 'task'), flow('f2', 'task', 'end')));
    await zeebe().publishMessage({ name: `${id}-go`, correlationKey: '', variables: { started: true }, timeToLive: 0 });
    const job = await activateOne(`${id}-task`);
    expect(job.variables).toEqual({ started: true });
    await complete(job);
  });
});

describe('timer events (docs: Components > Modeler > BPMN > Timer events)', () => {
  test('an intermediate timer catch event fires when its duration has passed on the clock', async () => {
    const id = uniqueId('timercatch');
    await deploy(definitions(id, start(), catchEvent('wait', { timer: { duration: 'PT1H' } }), end(), flow('f1', 'start', 'wait'), flow('f2', 'wait', 'end')));
    const { processInstanceKey } = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: {} });
    await new Promise((r) => setTimeout(r, 300));
    expect(await instanceState(processInstanceKey)).toBe('ACTIVE');
    await advance(2 * 3600_000);
    await completed(processInstanceKey);
  });

  test('an interrupting timer boundary event with a FEEL duration terminates the task when it fires', async () => {
    const id = uniqueId('timerbnd');
    await deploy(
      definitions(id, start(), serviceTask('task', `${id}-task`), end(), boundary('late', 'task', { timer: { duration: '=limit' } }, { outputs: { escalated: '=true' } }), end('e2'), flow('f1', 'start', 'task'), flow('f2', 'task', 'end'), flow('f3', 'late', 'e2')),
    );
    const { processInstanceKey } = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: { limit: 'PT10M' } });
    const job = await activateOne(`${id}-task`);
    await advance(11 * 60_000);
    await completed(processInstanceKey);
    expect(await jobState(job.key)).toBe('CANCELED');
    expect(await variablesOf(processInstanceKey)).toMatchObject({ escalated: true });
  });

  test('a non-interrupting timer boundary event with a cycle fires once per interval, as many times as the cycle says, and the task goes on', async () => {
    const id = uniqueId('timercycle');
    await deploy(definitions(id, start(), serviceTask('task', `${id}-task`), end(), boundary('remind', 'task', { timer: { cycle: 'R2/PT10M' } }, { interrupting: false }), end('e2'), flow('f1', 'start', 'task'), flow('f2', 'task', 'end'), flow('f3', 'remind', 'e2')));
    const { processInstanceKey } = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: {} });
    const job = await activateOne(`${id}-task`);
    await advance(11 * 60_000);
    await waitFor('one reminder', async () => ((await elements(processInstanceKey, 'remind')).length === 1 ? true : undefined));
    await advance(21 * 60_000);
    await waitFor('two reminders', async () => ((await elements(processInstanceKey, 'remind')).length === 2 ? true : undefined));
    await advance(60 * 60_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(await elements(processInstanceKey, 'remind')).toHaveLength(2);
    await complete(job);
    await completed(processInstanceKey);
  });

  test('a timer boundary event with a date fires at that date', async () => {
    const id = uniqueId('timerdate');
    const at = new Date(Date.now() + 3600_000).toISOString();
    await deploy(definitions(id, start(), serviceTask('task', `${id}-task`), end(), boundary('deadline', 'task', { timer: { date: at } }), end('e2'), flow('f1', 'start', 'task'), flow('f2', 'task', 'end'), flow('f3', 'deadline', 'e2')));
    const { processInstanceKey } = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: {} });
    await activateOne(`${id}-task`);
    await advance(30 * 60_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(await instanceState(processInstanceKey)).toBe('ACTIVE');
    await advance(61 * 60_000);
    await completed(processInstanceKey);
  });

  test('a timer start event with a cycle starts an instance per interval', async () => {
    const id = uniqueId('timerstart');
    await deploy(definitions(id, eventStart('start', { timer: { cycle: 'R2/PT1H' } }), end(), flow('f1', 'start', 'end')));
    expect(await search('process-instances', { processDefinitionId: id })).toHaveLength(0);
    await advance(61 * 60_000);
    await waitFor('the first instance', async () => ((await search('process-instances', { processDefinitionId: id })).length === 1 ? true : undefined));
    await advance(121 * 60_000);
    await waitFor('the second instance', async () => ((await search('process-instances', { processDefinitionId: id })).length === 2 ? true : undefined));
    await advance(300 * 60_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(await search('process-instances', { processDefinitionId: id })).toHaveLength(2);
  });
});

describe('cron timer cycles (docs: Components > Modeler > BPMN > Timer events > Time cycle)', () => {
  test('a timer start event with a cron expression starts an instance at each time it names', async () => {
    const id = uniqueId('timercron');
    await deploy(definitions(id, eventStart('start', { timer: { cycle: '0 0 * * * *' } }), end(), flow('f1', 'start', 'end')));
    try {
      await advance(61 * 60_000);
      await waitFor('the first instance', async () => ((await search('process-instances', { processDefinitionId: id })).length === 1 ? true : undefined));
      await advance(121 * 60_000);
      await waitFor('the second instance', async () => ((await search('process-instances', { processDefinitionId: id })).length === 2 ? true : undefined));
    } finally {
      // a new version without the timer removes it (docs: a new version replaces the timer start events)
      await deploy(definitions(id, start(), end(), flow('f1', 'start', 'end')));
    }
  });
});

describe('event-based gateways (docs: Components > Modeler > BPMN > Event-based gateways)', () => {
  const model = (id: string) =>
    definitions(
      id,
      message('m', `${id}-reply`, '=requestId'),
      start(),
      eventBasedGateway('gw'),
      catchEvent('reply', { messageRef: 'm' }),
      catchEvent('timeout', { timer: { duration: 'PT10M' } }),
      end('answered'),
      end('timedOut'),
      flow('f1', 'start', 'gw'),
      flow('f2', 'gw', 'reply'),
      flow('f3', 'gw', 'timeout'),
      flow('f4', 'reply', 'answered'),
      flow('f5', 'timeout', 'timedOut'),
    );

  test('the message that comes first wins: the token goes on past its event, with the message variables; the timer is gone', async () => {
    const id = uniqueId('ebgmsg');
    await deploy(model(id));
    const { processInstanceKey } = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: { requestId: 'r-1' } });
    await waitFor('the gateway', async () => ((await elements(processInstanceKey, 'gw')).length > 0 ? true : undefined));
    await zeebe().publishMessage({ name: `${id}-reply`, correlationKey: 'r-1', variables: { reply: 'yes' }, timeToLive: 0 });
    await completed(processInstanceKey);
    expect(await variablesOf(processInstanceKey)).toEqual({ requestId: 'r-1', reply: 'yes' });
    expect((await elements(processInstanceKey, 'answered'))[0].state).toBe('COMPLETED');
    await advance(3600_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(await elements(processInstanceKey, 'timeout')).toHaveLength(0);
  });

  test('the timer that fires first wins; a message published after it reaches nothing', async () => {
    const id = uniqueId('ebgtimer');
    await deploy(model(id));
    const { processInstanceKey } = await zeebe().createProcessInstance({ bpmnProcessId: id, variables: { requestId: 'r-2' } });
    await waitFor('the gateway', async () => ((await elements(processInstanceKey, 'gw')).length > 0 ? true : undefined));
    await advance(11 * 60_000);
    await completed(processInstanceKey);
    expect((await elements(processInstanceKey, 'timedOut'))[0].state).toBe('COMPLETED');
    await expect(rest().correlateMessage({ name: `${id}-reply`, correlationKey: 'r-2', variables: {} })).rejects.toThrow(/404/);
  });
});
