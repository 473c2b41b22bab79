/**
 * `npm run bench -- --only dynamodb`: a DynamoDB put through the worker (own type, BPMN service tasks on the engine)
 * next to the AWS SDK's document client making the same PutItem directly (direct-sdk.js, no engine): the emulator's
 * ceiling. Latency through the engine: the service task's start to end in the engine's records.
 */
import path from 'node:path';
import type { Camunda8 } from '@camunda8/sdk';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { searchElementInstances, stack, uniqueId } from '../../test/integration/harness';
import { childEnv, cpuSeconds, deployOneTask, peakRssMiB, percentile, runInstances, runJson, startWorker, stopWorker } from './common';

export interface DynamoDbRow { name: string; jobs: number; jobsPerSecond: number; p50: number; p95: number; cpuMsPerJob: number; peakRssMiB: number }

export async function measureDynamoDb(c8: Camunda8, jobs: number, concurrency: number): Promise<DynamoDbRow[]> {
  const s = stack();
  const table = uniqueId('bench').replace(/_/g, '-');
  const client = new DynamoDBClient({ endpoint: s.AWS_ENDPOINT_URL_S3_EMULATOR, region: s.AWS_REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  await client.send(new CreateTableCommand({
    TableName: table, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
  }));
  client.destroy();

  const worker = await startWorker({
    AWS_ENDPOINT_URL_DYNAMODB: s.AWS_ENDPOINT_URL_S3_EMULATOR, CONNECTORS_ENABLED: 'dynamodb', CONNECTOR_DYNAMODB_TYPE: 'bench:dynamodb', WORKER_CONCURRENCY: String(concurrency),
  });
  const task = {
    type: 'bench:dynamodb', headers: { resultVariable: 'result' },
    inputs: { 'action.type': 'putItem', 'action.tableName': table, 'action.item': '={id: "engine-" + string(n), total: n, lines: [{sku: "A-1", qty: 2}], note: payload}' },
  };
  const vars = (n: number) => ({ n, payload: 'x'.repeat(256) });
  const warm = uniqueId('warm');
  await deployOneTask(c8, warm, task);
  await runInstances(c8, warm, Math.min(100, jobs), concurrency, (n) => vars(9_000_000 + n));

  const id = uniqueId('bench');
  await deployOneTask(c8, id, task);
  const cpu0 = cpuSeconds(worker.pid);
  const run = await runInstances(c8, id, jobs, concurrency, vars);
  const cpuMs = (cpuSeconds(worker.pid) - cpu0) * 1000;
  const rss = peakRssMiB(worker.pid);
  await stopWorker(worker);
  const tasks = await searchElementInstances({ processDefinitionId: id, elementId: 'task', state: 'COMPLETED' }) as unknown as { startDate: string; endDate: string }[];
  if (tasks.length !== jobs) throw new Error(`dynamodb: the engine recorded ${tasks.length} completed tasks, expected ${jobs}`);
  const latencies = tasks.map((e) => Date.parse(e.endDate) - Date.parse(e.startDate)).sort((a, b) => a - b);

  const direct = await runJson<{ seconds: number; latencies: number[]; cpuMs: number; peakRssMiB: number }>([path.join(__dirname, 'direct-sdk.js')], childEnv({
    BENCH_KIND: 'dynamodb', BENCH_JOBS: String(jobs), BENCH_CONCURRENCY: String(concurrency), BENCH_ENDPOINT: s.AWS_ENDPOINT_URL_S3_EMULATOR, BENCH_TABLE: table,
  }));
  return [
    { name: 'worker, DynamoDB putItem (own type)', jobs, jobsPerSecond: jobs / run.seconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95), cpuMsPerJob: cpuMs / jobs, peakRssMiB: rss },
    {
      name: 'direct AWS SDK, DynamoDB PutItem (document client; emulator ceiling)', jobs, jobsPerSecond: jobs / direct.seconds,
      p50: percentile(direct.latencies, 50), p95: percentile(direct.latencies, 95), cpuMsPerJob: direct.cpuMs / jobs, peakRssMiB: direct.peakRssMiB,
    },
  ];
}
