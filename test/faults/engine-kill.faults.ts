// The documented recovery of the local (process) stack's engine: after kill -9, scripts/stack/restart-engine.sh
// starts it again from its journal, and every instance is still there (the journal is deleted only by
// start.sh --fresh). A fault scenario: it kills the stack's engine, so it runs with npm run test:faults.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Camunda8 } from '@camunda8/sdk';
import { camunda, externalEngine, restartEngine, search, uniqueId, waitFor } from '../integration/harness';
import { definitions, end, flow, serviceTask, start } from '../engine/bpmn';
import { activateOne, complete, deploy, instanceState, useClient } from '../engine/sdk';

let c8: Camunda8;

beforeAll(() => {
  if (externalEngine()) throw new Error('this test kills the local stack\'s engine; it cannot run against ZEEBE_GRPC_ADDRESS');
  c8 = camunda();
  useClient(c8);
});

afterAll(async () => {
  await c8.getZeebeGrpcApiClient().close();
});

test('kill -9, then scripts/stack/restart-engine.sh: the engine starts from its journal and keeps every instance', async () => {
  const id = uniqueId('recover');
  await deploy(definitions(id, start(), serviceTask('task', `${id}-task`), end(), flow('f1', 'start', 'task'), flow('f2', 'task', 'end')));
  const keys = [];
  for (let i = 0; i < 3; i++) keys.push((await c8.getZeebeGrpcApiClient().createProcessInstance({ bpmnProcessId: id, variables: { i } })).processInstanceKey);
  const pid = Number(readFileSync(path.resolve(__dirname, '../../.stack/pids/engine.pid'), 'utf8').trim());
  process.kill(pid, 'SIGKILL');
  await waitFor('the engine to be gone', async () => {
    try {
      process.kill(pid, 0);
      return undefined;
    } catch {
      return true;
    }
  });
  await restartEngine();
  expect((await search<{ processInstanceKey: string; state: string }>('process-instances', { processDefinitionId: id })).map((i) => i.state)).toEqual(['ACTIVE', 'ACTIVE', 'ACTIVE']);
  for (let i = 0; i < 3; i++) await complete(await activateOne(`${id}-task`));
  for (const key of keys) await waitFor('completion', async () => ((await instanceState(key)) === 'COMPLETED' ? true : undefined));
});
