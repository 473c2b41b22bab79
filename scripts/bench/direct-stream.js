// The direct side of the streaming comparison in `npm run bench`: the same transfers as the worker's, made with
// the AWS SDK alone in its own process, so its peak RSS is its own. BENCH_MODE:
//   upload          the bytes at BENCH_SOURCE_URL streamed into S3 with @aws-sdk/lib-storage's Upload (the
//                   worker's part size and queue: 5 MiB x 2);
//   download        GetObject, the body streamed and dropped (the S3 half of the worker's download);
//   download-store  GetObject, the body streamed into the engine's document store (POST /v2/documents,
//                   multipart), as the worker's download does.
// Prints one JSON line: bytes, seconds, cpuMs, peakRssMiB.
const http = require('node:http');
const { Readable } = require('node:stream');
const { pipeline } = require('node:stream/promises');
const { GetObjectCommand, S3Client } = require('@aws-sdk/client-s3');
const { Upload } = require('@aws-sdk/lib-storage');

const env = process.env;
const s3 = new S3Client({ region: env.AWS_REGION, endpoint: env.BENCH_ENDPOINT, forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const target = { Bucket: env.BENCH_BUCKET, Key: env.BENCH_KEY };

async function upload() {
  const res = await fetch(env.BENCH_SOURCE_URL);
  const upload = new Upload({ client: s3, params: { ...target, Body: Readable.fromWeb(res.body) }, partSize: 5 * 1024 * 1024, queueSize: 2 });
  await upload.done();
  return Number(res.headers.get('content-length'));
}

async function download() {
  const { Body } = await s3.send(new GetObjectCommand(target));
  let bytes = 0;
  for await (const chunk of Body) bytes += chunk.length;
  return bytes;
}

async function downloadToStore() {
  const { Body, ContentLength } = await s3.send(new GetObjectCommand(target));
  const boundary = `----bench-${Date.now()}`;
  const metadata = JSON.stringify({ contentType: 'application/octet-stream', fileName: 'big.bin', size: ContentLength });
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\nContent-Type: application/json\r\n\r\n${metadata}\r\n`
    + `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  const body = Readable.from((async function* () {
    yield Buffer.from(head);
    yield* Body;
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  })());
  const url = new URL('v2/documents', env.ZEEBE_REST_ADDRESS.replace(/\/?$/, '/'));
  const status = await new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    pipeline(body, req).catch(reject);
  });
  if (status < 200 || status >= 300) throw new Error(`the document store answered ${status}`);
  return ContentLength;
}

(async () => {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const bytes = await { upload, download, 'download-store': downloadToStore }[env.BENCH_MODE]();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({ bytes, seconds, cpuMs: (cpu.user + cpu.system) / 1000, peakRssMiB: process.resourceUsage().maxRSS / 1024 }));
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
