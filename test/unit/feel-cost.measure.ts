/**
 * Cost of one FEEL evaluation: in the job's own thread (the old way) and through the budgeted pool (now).
 * Run: npx tsx test/unit/feel-cost.measure.ts   (figures go in docs/security.md)
 */
import { evaluate } from 'feelin';
import { evaluateErrorExpression, evaluateResultExpression } from '../../worker/runtime/expressions';
import { feelPool } from '../../worker/runtime/feel-pool';

const result = { bucket: 'b', key: 'invoices/2024/0001.pdf', size: 1234, versionId: null, eTag: '"abc"', link: 'https://b.s3.amazonaws.com/k' };
const RESULT = '={key: key, size: response.size, big: size > 1000}';
const ERROR = '=if error.code = "NOT_FOUND" then bpmnError("MISSING", error.message) else null';
const N = 2000;

async function time(label: string, fn: () => unknown): Promise<void> {
  for (let i = 0; i < 200; i++) await fn();
  const started = process.hrtime.bigint();
  for (let i = 0; i < N; i++) await fn();
  const us = Number(process.hrtime.bigint() - started) / 1000 / N;
  console.log(`${label.padEnd(58)} ${us.toFixed(1).padStart(8)} µs per evaluation`);
}

async function main() {
  await time('before: feelin in the job thread, resultExpression', () => evaluate(RESULT.slice(1), { ...result, response: result }));
  await time('after: budgeted pool, resultExpression (sequential)', () => evaluateResultExpression(RESULT, result));
  const failure = { error: { code: 'NOT_FOUND', message: 'gone', type: 'NoSuchKey' }, retries: 3 };
  await time('before: feelin in the job thread, errorExpression', () => evaluate(ERROR.slice(1), { error: failure.error, response: { error: failure.error }, job: { retries: 3 } }));
  await time('after: budgeted pool, errorExpression (sequential)', () => evaluateErrorExpression(ERROR, failure));
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: N }, () => evaluateResultExpression(RESULT, result)));
  console.log(`${'after: budgeted pool, resultExpression (2000 at once)'.padEnd(58)} ${(Number(process.hrtime.bigint() - started) / 1000 / N).toFixed(1).padStart(8)} µs per evaluation (throughput, ${feelPool().budget.threads} threads)`);
  await feelPool().close();
}

void main();
