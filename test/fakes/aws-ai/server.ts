/**
 * Protocol-level stand-in for the AWS AI services (Textract, Comprehend, Rekognition),
 * node:http only. No emulator implements them, so the real AWS SDK clients talk to this server over
 * HTTP with SigV4 signing (any credentials are accepted, but a request must be signed), and their
 * serialization, retries and error parsing run for real.
 *
 *   POST /   X-Amz-Target: Textract.<Operation>, JSON 1.1 (protocol.ts); answers from recorded real
 *            responses registered through the control API (textract.ts, recordings.ts, jobs.ts)
 *   POST /   X-Amz-Target: RekognitionService.DetectLabels; labels registered per image (rekognition.ts)
 *   POST /   X-Amz-Target: Comprehend_20171127.<Operation>; answers from registered entities, languages,
 *            sentiments and classifiers, async jobs over the S3 emulator (comprehend.ts, comprehend-*.ts)
 *   POST /endpoints/{name}/invocations, /endpoints/{name}/async-invocations: SageMaker Runtime (REST-JSON), a small
 *            deterministic model on every endpoint, asynchronous inputs and outputs in the S3 emulator (sagemaker.ts)
 *   /_control/...   control API (control.ts; documented in README.md beside this file)
 *
 * Run: node_modules/.bin/tsx test/fakes/aws-ai/server.ts
 * Env: AWS_AI_PORT (4570), AWS_AI_HOST (127.0.0.1), AWS_AI_S3_ENDPOINT (http://127.0.0.1:4566, where
 *      S3Object documents are read and OutputConfig results written), AWS_AI_SNS_ENDPOINT (the S3 endpoint:
 *      MiniStack serves SNS on the same port; where job notifications are published), AWS_AI_QUIET=1 (no request log).
 * Tests may also import { startAwsAiStandIn } to run one in-process.
 */
import * as http from 'node:http';
import { closeOnSignals } from '../serve';
import { CONTROL_PREFIX, handleControl, type ControlContext } from './control';
import { S3Documents } from './documents';
import { Faults } from './faults';
import { AwsError, BodyTooLargeError, isObject, newRequestId, readBody, sendAwsError, sendAwsJson, sendJson, sleep, type Json } from './protocol';
import { Notifications } from './notifications';
import { Textract } from './textract';
import { Rekognition } from './rekognition';
import { Comprehend, COMPREHEND_TARGET_PREFIX, type RequestInfo } from './comprehend';
import { SageMaker } from './sagemaker';

/** Sync documents are at most 10 MB (about 14 MB as base64); a little room above that for the error path. */
const MAX_REQUEST_BODY = 64 * 1024 * 1024;

export interface AwsAiOptions {
  port?: number;
  host?: string;
  s3Endpoint?: string;
  /** Where the SNS notifications of finished jobs go; default: s3Endpoint (MiniStack serves both). */
  snsEndpoint?: string;
  log?: (line: string) => void;
}

export interface AwsAiStandIn {
  server: http.Server;
  url: string;
  controlUrl: string;
  textract: Textract;
  rekognition: Rekognition;
  comprehend: Comprehend;
  sagemaker: SageMaker;
  faults: Faults;
  close(): Promise<void>;
}

type ServiceHandler = (operation: string, input: Json, info: RequestInfo) => Promise<Json>;

/** The region of the SigV4 credential scope: `Credential=<key>/<date>/<region>/<service>/aws4_request`. */
const regionOf = (auth: string): string | undefined => /Credential=[^/,\s]+\/\d{8}\/([^/,\s]+)\//.exec(auth)?.[1];

export function startAwsAiStandIn(opts: AwsAiOptions = {}): Promise<AwsAiStandIn> {
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ?? 4570;
  const s3Endpoint = opts.s3Endpoint ?? 'http://127.0.0.1:4566';
  const log = opts.log ?? ((): void => undefined);
  const s3 = new S3Documents(s3Endpoint);
  const textract = new Textract(s3, undefined, log, new Notifications(opts.snsEndpoint ?? s3Endpoint));
  const rekognition = new Rekognition(s3, undefined, log);
  const comprehend = new Comprehend(s3, log);
  const sagemaker = new SageMaker(s3, log);
  const faults = new Faults();
  const ctx: ControlContext = { textract, rekognition, comprehend, sagemaker, faults, startedAt: new Date().toISOString(), s3Endpoint, log };

  /** X-Amz-Target prefix -> service. */
  const services: Record<string, ServiceHandler> = {
    Textract: (op, input) => textract.handle(op, input),
    RekognitionService: (op, input) => rekognition.handle(op, input),
    [COMPREHEND_TARGET_PREFIX]: (op, input, info) => comprehend.handle(op, input, info),
  };

  const handleAws = async (req: http.IncomingMessage, res: http.ServerResponse, requestId: string): Promise<void> => {
    const started = Date.now();
    const target = String(req.headers['x-amz-target'] ?? '');
    let outcome = '200';
    try {
      let body: Buffer;
      try {
        body = await readBody(req, MAX_REQUEST_BODY);
      } catch (e) {
        if (e instanceof BodyTooLargeError) throw new AwsError('DocumentTooLargeException', 'Request body is too large', 400);
        throw e;
      }
      if (req.method !== 'POST' || (req.url ?? '/').split('?')[0] !== '/') {
        throw new AwsError('UnknownOperationException', `${req.method ?? '?'} ${req.url ?? ''}: the AI services answer POST / only`, 404);
      }
      const auth = String(req.headers.authorization ?? '');
      if (!auth.startsWith('AWS4-HMAC-SHA256 ') || !auth.includes('Credential=') || !auth.includes('Signature=')) {
        throw new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token', 400);
      }
      const dot = target.indexOf('.');
      const service = dot > 0 ? services[target.slice(0, dot)] : undefined;
      if (!service) throw new AwsError('UnknownOperationException', `unknown X-Amz-Target "${target}"`);
      let input: unknown = {};
      const text = body.toString('utf8');
      if (text.trim()) {
        try {
          input = JSON.parse(text);
        } catch {
          throw new AwsError('SerializationException', 'Start of structure or map found where not expected / malformed JSON');
        }
      }
      if (!isObject(input)) throw new AwsError('SerializationException', 'the request body must be a JSON object');

      const fault = faults.take(target);
      if (fault?.delayMs) await sleep(fault.delayMs);
      if (fault?.malformed) {
        outcome = '200 malformed (injected)';
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId });
        res.end('{"Labels": [ this is not JSON');
        return;
      }
      if (fault?.error) {
        outcome = `${fault.error.status} ${fault.error.type} (injected)`;
        return sendAwsError(res, requestId, fault.error);
      }
      const result = await service(target.slice(dot + 1), input, { region: regionOf(auth) });
      sendAwsJson(res, requestId, result);
    } catch (err) {
      const e = err instanceof AwsError ? err : new AwsError('InternalServerError', `stand-in error: ${(err as Error).message}`);
      if (!(err instanceof AwsError)) log(`internal error: ${(err as Error).stack ?? String(err)}`);
      outcome = `${e.status} ${e.type}: ${e.message}`;
      if (!res.headersSent) sendAwsError(res, requestId, e);
    } finally {
      log(`${target || `${req.method ?? '?'} ${req.url ?? ''}`} -> ${outcome} ${Date.now() - started} ms`);
    }
  };

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const work = path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`) ? handleControl(req, res, ctx)
      : path.startsWith('/endpoints/') ? sagemaker.handle(req, res)
        : handleAws(req, res, newRequestId());
    work.catch((err: unknown) => {
      log(`internal error: ${(err as Error).stack ?? String(err)}`);
      if (!res.headersSent) sendJson(res, 500, { error: (err as Error).message });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const addr = server.address();
      const url = `http://${host}:${typeof addr === 'object' && addr ? addr.port : port}`;
      resolve({
        server,
        url,
        controlUrl: `${url}${CONTROL_PREFIX}`,
        textract,
        rekognition,
        comprehend,
        sagemaker,
        faults,
        close: () =>
          new Promise<void>((done) => {
            textract.jobs.clear();
            comprehend.jobs.clear();
            sagemaker.reset();
            server.close(() => done());
            server.closeIdleConnections();
            setTimeout(() => server.closeAllConnections(), 2000).unref();
            s3.destroy();
          }),
      });
    });
  });
}

function isMain(): boolean {
  return /aws-ai[\\/]server(\.ts|\.js)?$/.test(process.argv[1] ?? '');
}

async function main(): Promise<void> {
  const quiet = process.env.AWS_AI_QUIET === '1';
  const standIn = await startAwsAiStandIn({
    host: process.env.AWS_AI_HOST ?? '127.0.0.1',
    port: Number(process.env.AWS_AI_PORT ?? 4570),
    s3Endpoint: process.env.AWS_AI_S3_ENDPOINT ?? 'http://127.0.0.1:4566',
    ...(process.env.AWS_AI_SNS_ENDPOINT ? { snsEndpoint: process.env.AWS_AI_SNS_ENDPOINT } : {}),
    ...(quiet ? {} : { log: (line: string) => console.log(`${new Date().toISOString()} ${line}`) }),
  });
  console.log(`AWS AI stand-in listening on ${standIn.url} (control: ${standIn.controlUrl})`);
  closeOnSignals('AWS AI stand-in', () => standIn.close());
}

if (isMain()) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
