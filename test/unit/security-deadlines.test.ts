import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { lambdaConnector } from '../../worker/connectors/lambda';
import { s3Connector } from '../../worker/connectors/s3';
import { fetchUrl } from '../../worker/runtime/url-fetch';
import { connectorDeps, fakeHandler, fakeJob, jobDeps, processJob } from './security-helpers';

test('an S3 head that never answers ends at the job deadline with a transient code, and the job is released', async () => {
  const handler = fakeHandler(() => 'never');
  const s3 = { ...s3Connector.handlers(connectorDeps(handler)).own, taskType: 't', family: 'own' as const };
  const started = Date.now();
  const outcome = await processJob(fakeJob({ action: { type: 'head', bucket: 'bkt', key: 'k' } }), s3, jobDeps({}, { deadlineMs: 300 }));
  expect(Date.now() - started).toBeLessThan(3000);
  expect(outcome).toMatchObject({ kind: 'fail', retries: 2 });
  expect(outcome.kind === 'fail' && outcome.message).toMatch(/^CLIENT_EXECUTION_TIMEOUT: S3 head of s3:\/\/bkt\/k/);
});

test('an S3 body that stalls is cut at the job deadline', async () => {
  const stalled = new Readable({ read() {} });
  stalled.push('first bytes');
  const handler = fakeHandler(() => ({ statusCode: 200, headers: { 'content-type': 'text/plain' }, body: stalled }));
  const s3 = { ...s3Connector.handlers(connectorDeps(handler)).own, taskType: 't', family: 'own' as const };
  const outcome = await processJob(fakeJob({ action: { type: 'download', bucket: 'bkt', key: 'k', returnAs: 'text' } }), s3, jobDeps({}, { deadlineMs: 300 }));
  expect(outcome).toMatchObject({ kind: 'fail' });
  expect(outcome.kind === 'fail' && outcome.message).toMatch(/^CLIENT_EXECUTION_TIMEOUT/);
});

test('a Lambda answer over 6 MB is refused, not buffered whole', async () => {
  let produced = 0;
  const huge = new Readable({
    read() {
      produced += 1024 * 1024;
      this.push(produced > 64 * 1024 * 1024 ? null : Buffer.alloc(1024 * 1024, 0x61));
    },
  });
  const handler = fakeHandler(() => ({ statusCode: 200, headers: { 'x-amz-executed-version': '$LATEST' }, body: huge }));
  const lambda = { ...lambdaConnector.handlers(connectorDeps(handler)).own, taskType: 't', family: 'own' as const };
  const outcome = await processJob(fakeJob({ functionName: 'f' }), lambda, jobDeps());
  expect(outcome).toMatchObject({ kind: 'bpmnError', code: 'INVALID_RESULT_FORMAT' });
  expect(produced).toBeLessThan(16 * 1024 * 1024);

  const declared = fakeHandler(() => ({ statusCode: 200, headers: { 'content-length': String(1024 ** 3) }, body: '' }));
  const big = { ...lambdaConnector.handlers(connectorDeps(declared)).own, taskType: 't', family: 'own' as const };
  await expect(processJob(fakeJob({ functionName: 'f' }), big, jobDeps())).resolves.toMatchObject({ kind: 'bpmnError', code: 'INVALID_RESULT_FORMAT' });
});

test('a document URL that trickles forever is cut at the total deadline, not only on idle gaps', async () => {
  const server = http.createServer((_q, r) => {
    r.writeHead(200);
    const t = setInterval(() => r.write('x'), 50);
    r.on('close', () => clearInterval(t));
  }).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/doc`;
  try {
    // The deadline is loose enough for a loaded CI machine; without it the trickle would never end.
    const body = await fetchUrl(url, { allowPrivateAddresses: true, maxBytes: 1_000_000, timeoutMs: 1000 }, 'action.document.url');
    const started = Date.now();
    await expect((async () => {
      for await (const _chunk of body) { /* reading */ }
    })()).rejects.toMatchObject({ code: 'REQUEST_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(5000);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
