/**
 * Connectors that wait for a long-running AWS job (a DynamoDB table, a Textract job) end the wait on an answer
 * that holds no status they know, instead of polling on it until their timeout (two minutes and more).
 */
import { connectors } from '../../worker/connectors';
import type { TaskDefinition } from '../../worker/runtime/connector';
import type { Outcome } from '../../worker/runtime/outcome';
import { feelPool } from '../../worker/runtime/feel-pool';
import { connectorDeps, fakeHandler, fakeJob, jobDeps, processJob } from './security-helpers';

afterAll(() => feelPool().close());

const connection = { authentication: { type: 'credentials', accessKey: 'a', secretKey: 'b' }, configuration: { region: 'us-east-1' } };

function taskOf(taskType: string, handler: ReturnType<typeof fakeHandler>): TaskDefinition {
  const c = connectors.find((x) => x.taskType === taskType || x.camundaTaskType === taskType)!;
  const { own, camunda } = c.handlers(connectorDeps(handler as never));
  return taskType === c.taskType ? { ...own, taskType, family: 'own' } : { ...camunda!, taskType, family: 'camunda' };
}

/** Answers by the API operation (the JSON protocols' X-Amz-Target), the operation's answers in turn. */
function byOperation(answers: Record<string, object[]>) {
  const seen: Record<string, number> = {};
  return fakeHandler((request) => {
    const operation = String(request.headers['x-amz-target']).split('.').pop()!;
    const list = answers[operation] ?? [{}];
    const i = Math.min(seen[operation] ?? 0, list.length - 1);
    seen[operation] = i + 1;
    return { statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify(list[i]) };
  });
}

/** The outcome's code and message: an own task's failure is a BPMN error, a Camunda task's a failed job. */
function failure(outcome: Outcome): { code: string | undefined; message: string } {
  if (outcome.kind === 'bpmnError') return { code: outcome.code, message: outcome.message };
  if (outcome.kind === 'fail') return { code: /^([A-Z_]+): /.exec(outcome.message)?.[1], message: outcome.message };
  return { code: undefined, message: JSON.stringify(outcome) };
}

const createTable = { ...connection, action: { type: 'createTable', tableName: 'orders', partitionKey: 'id' } };

describe('DynamoDB createTable, waiting for ACTIVE', () => {
  test('a description without a status: INVALID_RESULT_FORMAT at once', async () => {
    const handler = byOperation({ CreateTable: [{ TableDescription: { TableName: 'orders', TableStatus: 'CREATING' } }], DescribeTable: [{ Table: { TableName: 'orders' } }] });
    const started = Date.now();
    const outcome = await processJob(fakeJob(createTable, {}), taskOf('aws:dynamodb:1', handler), jobDeps({}, { deadlineMs: 800 }));
    expect(failure(outcome)).toEqual({ code: 'INVALID_RESULT_FORMAT', message: expect.stringMatching(/no table status/) });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test('an answer without a table description: INVALID_RESULT_FORMAT', async () => {
    const handler = byOperation({ CreateTable: [{}], DescribeTable: [{ Labels: [] }] });
    const outcome = await processJob(fakeJob(createTable, {}), taskOf('aws:dynamodb:1', handler), jobDeps({}, { deadlineMs: 800 }));
    expect(failure(outcome)).toEqual({ code: 'INVALID_RESULT_FORMAT', message: expect.stringMatching(/no table description/) });
  });

  test('a table being deleted will not become ACTIVE: CONFLICT', async () => {
    const handler = byOperation({ CreateTable: [{}], DescribeTable: [{ Table: { TableName: 'orders', TableStatus: 'DELETING' } }] });
    const outcome = await processJob(fakeJob(createTable, {}), taskOf('aws:dynamodb:1', handler), jobDeps({}, { deadlineMs: 800 }));
    expect(failure(outcome)).toEqual({ code: 'CONFLICT', message: expect.stringMatching(/is DELETING, it will not become ACTIVE/) });
  });

  test('CREATING, then ACTIVE: the table', async () => {
    const handler = byOperation({ CreateTable: [{}], DescribeTable: [{ Table: { TableName: 'orders', TableStatus: 'CREATING' } }, { Table: { TableName: 'orders', TableStatus: 'ACTIVE' } }] });
    const outcome = await processJob(fakeJob(createTable, { resultVariable: 'r' }), taskOf('aws:dynamodb:1', handler), jobDeps({}, { deadlineMs: 10_000 }));
    expect(outcome).toMatchObject({ kind: 'complete', variables: { r: { table: { tableStatus: 'ACTIVE' } } } });
  });
});

describe('Textract polling', () => {
  const polling = { ...connection, input: { documentLocationType: 'S3', documentS3Bucket: 'scans', documentName: 'scan.pdf', executionType: 'POLLING', analyzeDocument: false } };

  test.each([
    [{ Blocks: [] }, /no job status/],
    [{ JobStatus: 'PAUSED' }, /unknown job status \(PAUSED\)/],
  ])('a Get answer %j: INVALID_RESULT_FORMAT at once, not polled on', async (get, message) => {
    const handler = byOperation({ StartDocumentTextDetection: [{ JobId: 'job-1' }], GetDocumentTextDetection: [get] });
    const started = Date.now();
    const outcome = await processJob(fakeJob(polling, {}), taskOf('io.camunda:aws-textract:1', handler), jobDeps({}, { deadlineMs: 800 }));
    expect(failure(outcome)).toEqual({ code: 'INVALID_RESULT_FORMAT', message: expect.stringMatching(message) });
    expect(failure(outcome).message).toMatch(/Textract job job-1/);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
