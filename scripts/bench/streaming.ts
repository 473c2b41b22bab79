/**
 * Streaming, for `npm run bench`: a big object (`mib` MiB) uploaded and downloaded through the worker next to
 * the same transfers made directly with the AWS SDK (direct-stream.js), in the same run, interleaved:
 *   upload:   bytes served over HTTP -> S3 multipart. Worker: an S3 upload job of an external document URL;
 *             direct: @aws-sdk/lib-storage's Upload of the same HTTP stream.
 *   download: S3 -> the engine's document store. Worker: an S3 download job; direct: GetObject piped into
 *             POST /v2/documents (and, for the S3 half alone, GetObject drained).
 * MiB/s of each, the worker / direct ratios, and peak RSS (VmHWM) of each process.
 */
import path from 'node:path';
import type { Camunda8 } from '@camunda8/sdk';
import { stack, uniqueId } from '../../test/integration/harness';
import { byteServer } from './byte-server';
import { childEnv, cpuSeconds, deployOneTask, peakRssMiB, runJson, startWorker, stopWorker } from './common';

export interface StreamingRow { name: string; bytes: number; seconds: number; mibPerSecond: number; cpuSeconds: number; peakRssMiB: number }
export interface Streaming { mib: number; rows: StreamingRow[]; ratios: { upload: number; download: number }; workerPeakRssMiB: number }

const MiB = 1024 * 1024;
const TRANSFER_TIMEOUT_MS = 20 * 60_000;

export async function measureStreaming(c8: Camunda8, mib: number, bucket: string): Promise<Streaming> {
  const s = stack();
  const type = uniqueId('bench:stream:s3'); // a job left by an aborted run is not this run's worker's to take
  const source = await byteServer(mib);
  const zeebe = c8.getZeebeGrpcApiClient();
  const up = uniqueId('stream_up');
  const down = uniqueId('stream_down');
  await deployOneTask(c8, up, { type, headers: { resultVariable: 'result' }, inputs: { 'action.type': 'upload', 'action.bucket': bucket, 'action.key': 'big-worker.bin', 'action.document': `={"camunda.document.type": "external", "url": "${source.url}"}` } });
  await deployOneTask(c8, down, { type, headers: { resultVariable: 'result' }, inputs: { 'action.type': 'download', 'action.bucket': bucket, 'action.key': 'big-worker.bin' } });
  const worker = await startWorker({
    AWS_ENDPOINT_URL_S3: s.AWS_ENDPOINT_URL_S3_EMULATOR, CONNECTORS_ENABLED: 's3', CONNECTOR_S3_TYPE: type,
    // The whole object must arrive within the URL deadline (30 s by default): a loaded machine moves 1 GiB slower.
    DOCUMENT_URL_ALLOW_PRIVATE_ADDRESSES: 'true', DOCUMENT_URL_MAX_BYTES: String(4 * 1024 * MiB), DOCUMENT_URL_TIMEOUT_MS: String(TRANSFER_TIMEOUT_MS),
  });
  const rows: StreamingRow[] = [];
  try {
    const viaWorker = async (name: string, id: string, size: (v: Record<string, unknown>) => number) => {
      const cpu0 = cpuSeconds(worker.pid);
      const t0 = performance.now();
      const done = await zeebe.createProcessInstanceWithResult({ bpmnProcessId: id, variables: {}, requestTimeout: TRANSFER_TIMEOUT_MS + 60_000 });
      const seconds = (performance.now() - t0) / 1000;
      const bytes = size(done.variables as Record<string, unknown>);
      rows.push({ name, bytes, seconds, mibPerSecond: bytes / MiB / seconds, cpuSeconds: cpuSeconds(worker.pid) - cpu0, peakRssMiB: peakRssMiB(worker.pid) });
    };
    const direct = async (name: string, mode: string, key: string) => {
      const r = await runJson<{ bytes: number; seconds: number; cpuMs: number; peakRssMiB: number }>([path.join(__dirname, 'direct-stream.js')], childEnv({
        BENCH_MODE: mode, BENCH_ENDPOINT: s.AWS_ENDPOINT_URL_S3_EMULATOR, BENCH_BUCKET: bucket, BENCH_KEY: key, BENCH_SOURCE_URL: source.url,
      }));
      rows.push({ name, bytes: r.bytes, seconds: r.seconds, mibPerSecond: r.bytes / MiB / r.seconds, cpuSeconds: r.cpuMs / 1000, peakRssMiB: r.peakRssMiB });
    };
    await viaWorker('upload, worker (HTTP source -> S3 multipart)', up, (v) => (v.result as { size: number }).size);
    await direct('upload, direct lib-storage Upload (same source, 5 MiB x 2)', 'upload', 'big-direct.bin');
    await viaWorker('download, worker (S3 -> document store)', down, (v) => (v.result as { document: { metadata: { size: number } } }).document.metadata.size);
    await direct('download, direct GetObject -> document store', 'download-store', 'big-direct.bin');
    await direct('download, direct GetObject drained (S3 half alone)', 'download', 'big-direct.bin');
  } finally {
    await stopWorker(worker);
    source.close();
  }
  const wrong = rows.filter((r) => r.bytes !== mib * MiB);
  if (wrong.length) throw new Error(`streaming: ${wrong.map((r) => `${r.name} moved ${r.bytes} bytes`).join('; ')}, expected ${mib * MiB}`);
  return {
    mib, rows,
    ratios: { upload: rows[0].mibPerSecond / rows[1].mibPerSecond, download: rows[2].mibPerSecond / rows[3].mibPerSecond },
    workerPeakRssMiB: Math.max(rows[0].peakRssMiB, rows[2].peakRssMiB),
  };
}
