/**
 * Property-based tests of the job processor over every task type of both families (own and io.camunda:*):
 * generated payloads and headers, a fake AWS endpoint answering success, errors, throttling, 5xx or garbage.
 * In-process with fake deps (as test/unit does): the invariants are the processor's own, not the engine's.
 *
 * Invariants per job: processJob returns (never throws); the outcome carries a documented code (errors.ts),
 * or one the task's errorExpression chose; an input error names the property path (or the header) at fault;
 * the job takes under 1 s; the heap stays bounded over the run.
 *
 * FUZZ_RUNS payloads per task type (1,000 in `npm test`, 10,000 with `npm run fuzz`); the seed as seed.ts says.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { connectors } from '../../worker/connectors';
import type { TaskDefinition } from '../../worker/runtime/connector';
import { feelPool } from '../../worker/runtime/feel-pool';
import type { Outcome } from '../../worker/runtime/outcome';
import { connectorDeps, fakeHandler, fakeJob, jobDeps, processJob, type FakeAnswer } from '../unit/security-helpers';
import { awsAnswer, fromSchema, headers, type AwsAnswerKind } from './arbitraries';
import { FUZZ_SEED } from './seed';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const SEED = FUZZ_SEED;
const JOB_MS = 1000;
// The test process's heap growth over this file's jobs, garbage not yet collected included, with every AWS client
// and handler loaded: the bound catches a payload that makes memory run away, not the collector's timing. Growth,
// not the heap itself: under `jest --runInBand` the process also holds what the suites before this one left.
const HEAP_BOUND_MB = 1536;

/** Every code errors.ts documents (the ErrorCode union, read from the source so that the list cannot drift). */
const DOCUMENTED_CODES = new Set(
  [...readFileSync(path.join(__dirname, '../../worker/runtime/errors.ts'), 'utf8').split('export const TRANSIENT_CODES')[0].matchAll(/\| '([A-Z_]+)'/g)].map((m) => m[1]),
);
const INPUT_CODES = new Set(['MISSING_INPUT', 'INVALID_INPUT']);
const HEADERS = ['resultVariable', 'resultExpression', 'errorExpression', 'retryBackoff', 'jobTimeout'];
/** A property path as the validator writes it (`action.bucket`, `input.documents[0]`) followed by its complaint. */
const PATH_AT_FAULT = /(?:^|\n - )(?:[A-Za-z_$][\w$-]*|\[".*?"\])(?:\.[\w$-]+|\[\d+\]|\[".*?"\])*: /;

/** A job that has not returned by then never will: the property fails with its payload instead of the test hanging. */
const HANG_MS = 10_000;

function returnsWithin<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`processJob did not return within ${ms} ms`)), ms);
  });
  return Promise.race([work, hung]).finally(() => clearTimeout(timer));
}

let answerKind: AwsAnswerKind = 'ok-json';
const aws = fakeHandler((request) => answer(answerKind, request));

function answer(kind: AwsAnswerKind, request: { headers: Record<string, string>; hostname: string }): FakeAnswer {
  const json = Boolean(request.headers['x-amz-target']) || !/s3/.test(request.hostname);
  const error = (status: number, code: string): FakeAnswer => json
    ? { statusCode: status, headers: { 'content-type': 'application/json', 'x-amzn-errortype': code }, body: JSON.stringify({ __type: code, message: code }) }
    : { statusCode: status, headers: { 'content-type': 'application/xml' }, body: `<?xml version="1.0"?><Error><Code>${code}</Code><Message>${code}</Message></Error>` };
  switch (kind) {
    case 'ok-json': return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"Labels":[],"Entities":[],"Blocks":[],"StatusCode":200}' };
    case 'ok-xml': return { statusCode: 200, headers: { 'content-type': 'application/xml' }, body: '<?xml version="1.0"?><ListBucketResult><Name>b</Name><IsTruncated>false</IsTruncated></ListBucketResult>' };
    case 'ok-empty': return { statusCode: 200, headers: { etag: '"e"', 'content-length': '0' }, body: '' };
    case 'throttle': return error(json ? 400 : 503, json ? 'ThrottlingException' : 'SlowDown');
    case 'error-5xx': return error(500, json ? 'InternalServerError' : 'InternalError');
    case 'denied': return error(403, 'AccessDeniedException');
    case 'not-found': return error(404, json ? 'ResourceNotFoundException' : 'NoSuchKey');
    case 'garbage': return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"half":' };
  }
}

/** Every task type the worker can serve, in both families, on the fake AWS. */
function allTasks(): { task: TaskDefinition; payload: fc.Arbitrary<Record<string, unknown>> }[] {
  const deps = connectorDeps(aws as never, { stagingBucket: 'staging' });
  return connectors.flatMap((c) => {
    const { own, camunda } = c.handlers(deps);
    const shapes = Object.values(c.inputs.schemas).map((s) => fromSchema(s));
    const ownPayload = fc.oneof(...shapes).map((v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : { action: v }));
    const list: { task: TaskDefinition; payload: fc.Arbitrary<Record<string, unknown>> }[] = [{ task: { ...own, taskType: c.taskType, family: 'own' }, payload: ownPayload }];
    if (camunda && c.camundaTaskType) {
      // The official bindings' variable names (fetchVariables), filled with our shapes' parts or anything.
      const names = camunda.fetchVariables ?? ['input'];
      const camundaPayload = fc.tuple(ownPayload, fc.dictionary(fc.constantFrom(...names, 'actionDiscriminator'), fc.oneof(
        fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('uploadObject', 'downloadObject', 'deleteObject', 'sync', 'async', 'polling'),
      ), { maxKeys: 4 })).map(([own, extra]) => ({ ...own, input: own.action, ...extra }));
      list.push({ task: { ...camunda, taskType: c.camundaTaskType, family: 'camunda' as const }, payload: camundaPayload });
    }
    return list;
  });
}

function codeOf(outcome: Outcome): string | undefined {
  if (outcome.kind === 'bpmnError') return outcome.code;
  if (outcome.kind === 'fail') return /^([A-Z_]+): /.exec(outcome.message)?.[1];
  return undefined;
}

const figures: Record<string, { runs: number; outcomes: Record<string, number>; slowestMs: number }> = {};

afterAll(async () => {
  await feelPool().close();
  const lines = Object.entries(figures).map(([type, f]) =>
    `| \`${type}\` | ${f.runs} | ${Object.entries(f.outcomes).sort(([, a], [, b]) => b - a).map(([k, n]) => `${k} ${n}`).join(', ')} | ${f.slowestMs} |`);
  // The figures docs/reliability.md records (printed, not asserted).
  process.stdout.write(`\nfuzz figures (FUZZ_RUNS=${RUNS}${SEED === undefined ? '' : `, FUZZ_SEED=${SEED}`}), heap ${startHeapMb} MB at the start, ${peakHeapMb} MB at the peak:\n| task type | payloads | outcomes | slowest job (ms) |\n|---|---|---|---|\n${lines.join('\n')}\n`);
});

let peakHeapMb = 0;
let startHeapMb = 0;
const heapMb = () => Math.round(process.memoryUsage().heapUsed / 2 ** 20);

// Modules the worker loads on a task type's first job (AWS SDK clients, handlers) are loaded here, and the
// FEEL threads started, as a running worker has them: the bound is on a job, not on the worker's start-up.
const LAZY_MODULES = [
  '@aws-sdk/client-s3', '@aws-sdk/client-lambda', '@aws-sdk/client-textract', '@aws-sdk/client-comprehend', '@aws-sdk/client-rekognition',
  '@aws-sdk/client-sqs', '@aws-sdk/client-sns', '@aws-sdk/client-eventbridge',
  '@aws-sdk/credential-providers', '@aws-sdk/s3-request-presigner', '@aws-sdk/lib-storage',
  '../../worker/connectors/s3/handler', '../../worker/connectors/lambda/handler', '../../worker/connectors/textract/handler',
  '../../worker/connectors/textract/alfresco-extract', '../../worker/connectors/comprehend/handler', '../../worker/connectors/comprehend/camunda',
  '../../worker/connectors/rekognition/handler', '../../worker/connectors/sqs/handler', '../../worker/connectors/sns/handler',
  '../../worker/connectors/eventbridge/handler',
  '@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb', '../../worker/connectors/dynamodb/handler',
];

beforeAll(async () => {
  for (const m of LAZY_MODULES) require(m);
  await processJob(fakeJob({}, { resultExpression: '={ a: 1 }' }), { taskType: 'warm-up', family: 'own', execute: async () => ({}) }, jobDeps());
  startHeapMb = heapMb();
  peakHeapMb = startHeapMb;
});

describe.each(allTasks().map((t) => [t.task.taskType, t] as const))('%s', (taskType, { task, payload }) => {
  test(`${RUNS} generated payloads and headers: processJob returns a documented outcome in under ${JOB_MS} ms`, async () => {
    const f: (typeof figures)[string] = (figures[taskType] = { runs: 0, outcomes: {}, slowestMs: 0 });
    await fc.assert(
      fc.asyncProperty(payload, headers, awsAnswer, fc.integer({ min: 0, max: 5 }), async (variables, customHeaders, kind, retries) => {
        answerKind = kind;
        const started = performance.now();
        const outcome = await returnsWithin(HANG_MS, processJob(fakeJob(variables, customHeaders, retries), task, jobDeps({}, { deadlineMs: 800 })));
        const ms = performance.now() - started;
        f.runs += 1;
        f.slowestMs = Math.max(f.slowestMs, Math.round(ms));
        const code = codeOf(outcome) ?? outcome.kind;
        const key = outcome.kind === 'complete' ? 'complete' : `${outcome.kind} ${code}`;
        f.outcomes[key] = (f.outcomes[key] ?? 0) + 1;

        expect(ms).toBeLessThan(JOB_MS);
        expect(['complete', 'fail', 'bpmnError']).toContain(outcome.kind);
        const chosenByExpression = typeof customHeaders.errorExpression === 'string';
        if (outcome.kind !== 'complete' && !chosenByExpression) {
          if (!DOCUMENTED_CODES.has(code)) throw new Error(`undocumented code ${code}: ${JSON.stringify(outcome).slice(0, 500)}`);
        }
        if (INPUT_CODES.has(code) && outcome.kind !== 'complete') {
          const message = outcome.message.replace(/^[A-Z_]+: /, '');
          const named = PATH_AT_FAULT.test(message) || HEADERS.some((h) => message.includes(h));
          if (!named) throw new Error(`input error without a property path: ${outcome.message.slice(0, 500)}`);
        }
        peakHeapMb = Math.max(peakHeapMb, heapMb());
        expect(peakHeapMb - startHeapMb).toBeLessThan(HEAP_BOUND_MB);
      }),
      { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
    );
    expect(f.runs).toBe(RUNS);
  }, 30 * 60_000);
});
