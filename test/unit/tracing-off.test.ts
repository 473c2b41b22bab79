import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { tracingRequested } from '../../worker/tracing';

// In a process of its own: jest's module registry is not Node's require cache.
const ROOT = path.resolve(__dirname, '../..');
const script = `
  const { tracingRequested } = require('./worker/tracing');
  require('./worker/main');
  require('./worker/tracing').inJobSpan({ taskType: 't', jobKey: '1', processInstanceKey: '2' }, async (outcome) => outcome('complete')).then(() => {
    const sdk = Object.keys(require.cache).filter((f) => /@opentelemetry[\\\\/](sdk-|instrumentation|exporter|resources)/.test(f));
    console.log(JSON.stringify({ requested: tracingRequested(process.env), sdk }));
  });`;

async function loaded(env: Record<string, string>) {
  const { stdout } = await promisify(execFile)(process.execPath, ['--require', require.resolve('tsx/cjs'), '-e', script], {
    cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as { requested: boolean; sdk: string[] };
}

test('without OTEL_EXPORTER_OTLP_ENDPOINT no OpenTelemetry SDK module is loaded, even when a job runs', async () => {
  expect(await loaded({})).toEqual({ requested: false, sdk: [] });
});

test('OTEL_EXPORTER_OTLP_ENDPOINT (or the traces-only variable) asks for tracing', () => {
  expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' })).toBe(true);
  expect(tracingRequested({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/v1/traces' })).toBe(true);
  expect(tracingRequested({ OTEL_SERVICE_NAME: 'x' })).toBe(false);
});
