/**
 * The frame of a connector's end-to-end suite: one worker process serving the connector's own type and its
 * Camunda-compatible type, its AWS calls going through the stack's fault proxy (cleared after each test), and a
 * Camunda client; both closed after the suite.
 */
import type { Camunda8 } from '@camunda8/sdk';
import { camunda, stack, uniqueId, WorkerProcess } from './harness';

export interface ConnectorSuite {
  /** The suite's own task type and its io.camunda:* type (unique, so that suites never take each other's jobs). */
  type: string;
  camundaType: string;
  worker: WorkerProcess;
  c8: Camunda8;
}

/** `name`: the connector (`sqs`); `setUp` runs before the worker starts (queues, topics, ...); `tearDown` after it stops. */
export function connectorSuite(name: string, setUp?: () => Promise<void>, tearDown?: () => void): ConnectorSuite {
  const upper = name.toUpperCase();
  const suite = { type: uniqueId(`aws:${name}:it`), camundaType: uniqueId(`io.camunda:aws-${name}:it`) } as ConnectorSuite;
  beforeAll(async () => {
    await setUp?.();
    suite.worker = await WorkerProcess.start({
      [`CONNECTOR_${upper}_TYPE`]: suite.type,
      CAMUNDA_COMPATIBLE_TYPES: 'true',
      [`CONNECTOR_AWS_${upper}_TYPE`]: suite.camundaType,
      // Through the fault proxy, so that AWS's failures can be injected; one SDK attempt per job attempt.
      [`AWS_ENDPOINT_URL_${upper}`]: stack().S3_ENDPOINT,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_MAX_ATTEMPTS: '1',
    });
    suite.c8 = camunda();
  });
  afterEach(async () => {
    await fetch(stack().FAULT_PROXY_CONTROL, { method: 'DELETE' });
  });
  afterAll(async () => {
    await suite.c8?.getZeebeGrpcApiClient().close();
    await suite.worker?.stop();
    tearDown?.();
  });
  return suite;
}
