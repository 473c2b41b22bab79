/**
 * Bedrock Converse and SageMaker InvokeEndpoint through the engine and the worker, each next to the direct AWS SDK
 * making the same call at the same concurrency (no engine: the ceiling of the emulator). Bedrock is MiniStack's
 * runtime (deterministic replies), SageMaker the AI stand-in's model; both answer in a few ms, so the figures are the
 * worker's and Zeebe's share, not a model's latency.
 *
 *   npm run stack:start
 *   npm run bench:genai -- [--jobs 500] [--concurrency 32]
 */
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { aiStandIn, camunda, stack } from '../../test/integration/harness';
import { cpuSeconds, deployOneTask, option, percentile, report, runInstances, startWorker, stopWorker } from './common';

const JOBS = option('jobs', 500);
const CONCURRENCY = option('concurrency', 32);
const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
const PROMPT = 'Summarise: the pump P-7 was delivered on time and works well.';
const FEATURES = [1.5, 2, 7];

/** `count` calls, `concurrency` at a time, in this process. */
async function direct(label: string | undefined, count: number, call: () => Promise<unknown>): Promise<void> {
  const latencies: number[] = [];
  let next = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next++ < count) {
      const s = performance.now();
      await call();
      latencies.push(performance.now() - s);
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  latencies.sort((a, b) => a - b);
  if (label === undefined) return;
  console.log(`${label}:`);
  console.log(`  throughput ${(count / seconds).toFixed(1)} calls/s over ${seconds.toFixed(1)} s`);
  console.log(`  latency p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms; CPU ${((cpu.user + cpu.system) / 1000 / count).toFixed(2)} ms per call`);
}

async function main(): Promise<void> {
  const c8 = camunda();
  const s = stack();
  const ai = aiStandIn();
  const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
  const bedrock = new BedrockRuntimeClient({ endpoint: s.AWS_ENDPOINT_URL_S3_EMULATOR, region: s.AWS_REGION, credentials, requestHandler: new NodeHttpHandler() });
  const sagemaker = new SageMakerRuntimeClient({ endpoint: ai.endpoint, region: s.AWS_REGION, credentials });
  await deployOneTask(c8, 'bench_converse', { type: 'aws:bedrock:bench', inputs: { 'action.modelId': MODEL, 'action.message': PROMPT, 'action.maxTokens': '=200' }, headers: { resultExpression: '={answer: text}' } });
  await deployOneTask(c8, 'bench_invoke_endpoint', { type: 'aws:sagemaker:bench', inputs: { 'action.endpointName': 'bench', 'action.body': `={features: ${JSON.stringify(FEATURES)}}` }, headers: { resultExpression: '={score: body.predictions[1].score}' } });
  const worker = await startWorker({
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: s.AWS_ENDPOINT_URL_S3_EMULATOR, AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: ai.endpoint,
    CONNECTORS_ENABLED: 'bedrock,sagemaker', CONNECTOR_BEDROCK_TYPE: 'aws:bedrock:bench', CONNECTOR_SAGEMAKER_TYPE: 'aws:sagemaker:bench', WORKER_CONCURRENCY: String(CONCURRENCY),
  });
  console.log(`node ${process.version}, ${new Date().toISOString()}, ${JOBS} jobs at concurrency ${CONCURRENCY}`);
  const converse = () => bedrock.send(new ConverseCommand({ modelId: MODEL, messages: [{ role: 'user', content: [{ text: PROMPT }] }], inferenceConfig: { maxTokens: 200 } }));
  const invoke = () => sagemaker.send(new InvokeEndpointCommand({ EndpointName: 'bench', Body: Buffer.from(JSON.stringify({ features: FEATURES })), ContentType: 'application/json' }));

  for (const [name, process, call] of [['Bedrock Converse', 'bench_converse', converse], ['SageMaker InvokeEndpoint', 'bench_invoke_endpoint', invoke]] as const) {
    await runInstances(c8, process, Math.min(50, JOBS), CONCURRENCY, () => ({})); // warm-up
    const cpu0 = cpuSeconds(worker.pid);
    const run = await runInstances(c8, process, JOBS, CONCURRENCY, () => ({}));
    report(`worker, ${name} (own type, through the engine)`, JOBS, run, cpuSeconds(worker.pid) - cpu0, worker);
    await direct(undefined, Math.min(50, JOBS), call); // warm-up
    await direct(`direct AWS SDK, ${name} (emulator ceiling)`, JOBS, call);
  }
  await stopWorker(worker);
  bedrock.destroy();
  sagemaker.destroy();
  await c8.getZeebeGrpcApiClient().close();
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
