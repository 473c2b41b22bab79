// The ceiling of engine + SDK for `npm run bench`: a bare @camunda8/sdk worker that completes every job of
// BENCH_TYPE with no work, subscribed as the worker subscribes by default (gRPC job stream with a back-fill
// poll). Its settings come from the SDK's own environment variables. Prints "ready" once subscribed.
const { Camunda8 } = require('@camunda8/sdk');

const zeebe = new Camunda8({ CAMUNDA_LOG_LEVEL: 'error' }).getZeebeGrpcApiClient();
const concurrency = Number(process.env.WORKER_CONCURRENCY || 32);
zeebe.streamJobs({
  type: process.env.BENCH_TYPE, worker: 'bench-noop', timeout: 60_000, tenantIds: [],
  pollMaxJobsToActivate: concurrency, pollInterval: 1000,
  taskHandler: (job) => job.complete({}),
}).then(() => console.log('ready'), (e) => {
  console.error(e);
  process.exit(1);
});
process.on('SIGTERM', () => process.exit(0));
