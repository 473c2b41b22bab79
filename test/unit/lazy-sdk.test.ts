import { execFileSync } from 'node:child_process';
import path from 'node:path';

// A fresh node process (jest's module registry would hide what node itself loads).
const SCRIPT = `
const { loadConfig } = require('./worker/config');
const { createWorker } = require('./worker/main');
const has = (part) => Object.keys(require.cache).some((k) => k.split(require('path').sep).join('/').includes(part));
const worker = createWorker(loadConfig({ AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', ZEEBE_GRPC_ADDRESS: 'grpc://127.0.0.1:1' }));
worker.cluster.zeebe();
const grpc = has('@camunda8/sdk/dist/zeebe/zb/ZeebeGrpcClient');
const atStart = { sdkIndex: has('@camunda8/sdk/dist/index.js'), orchestration: has('@camunda8/orchestration-cluster-api'), operate: has('@camunda8/sdk/dist/operate'), rest: has('CamundaRestClient') };
worker.cluster.camundaRest();
console.log(JSON.stringify({ grpc, atStart, restLater: has('CamundaRestClient') }));
process.exit(0);
`;

test("the worker loads @camunda8/sdk's gRPC client only, its REST client when first needed, never the SDK's other API clients", () => {
  const out = execFileSync(process.execPath, ['--require', 'tsx/cjs', '-e', SCRIPT], { cwd: path.resolve(__dirname, '../..'), encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  const answer = JSON.parse(out.trim().split('\n').pop()!) as { grpc: boolean; atStart: Record<string, boolean>; restLater: boolean };
  expect(answer.grpc).toBe(true);
  expect(answer.atStart).toEqual({ sdkIndex: false, orchestration: false, operate: false, rest: false });
  expect(answer.restLater).toBe(true);
}, 60_000);
