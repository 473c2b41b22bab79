/**
 * SageMaker Runtime stand-in (REST-JSON, as botocore's `sagemaker-runtime` model has it), serving one small
 * deterministic model written for this project on every endpoint:
 *
 *   POST /endpoints/{EndpointName}/invocations         InvokeEndpoint: the raw body in, the answer out
 *   POST /endpoints/{EndpointName}/async-invocations   InvokeEndpointAsync: the input read from S3
 *        (X-Amzn-SageMaker-InputLocation), 202 at once; after `asyncDelayMs` the answer is written to
 *        s3://<input bucket>/sagemaker-async/<endpoint>/<uuid>.out, or a failure to .../failures/<uuid>-error.out
 *
 * The model (README.md, "SageMaker"): numeric rows (JSON `instances`/`features`/arrays, or CSV lines) get a
 * logistic score with fixed weights; `{"text": ...}` gets a word-count sentiment; `{"fail": "message"}` makes
 * the model fail (ModelError, or the failure object when asynchronous). Endpoints whose name starts with
 * `no-such-` do not exist (ValidationError).
 */
import type * as http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { S3Documents } from './documents';
import { AwsError, newRequestId, readBody, sendAwsError, sleep } from './protocol';

const MAX_BODY = 6 * 1024 * 1024;
const MAX_ASYNC_INPUT = 1024 * 1024 * 1024;
const POSITIVE = new Set(['good', 'great', 'excellent', 'happy', 'love', 'fast', 'helpful', 'thanks', 'perfect', 'resolved']);
const NEGATIVE = new Set(['bad', 'poor', 'terrible', 'angry', 'hate', 'slow', 'broken', 'refund', 'late', 'worst']);

export interface SageMakerConfig { asyncDelayMs: number }
export interface Invocation { endpoint: string; kind: 'sync' | 'async'; contentType: string; customAttributes?: string; targetModel?: string; targetVariant?: string; inferenceId?: string; inputLocation?: string }

class ModelError extends AwsError {
  constructor(message: string) {
    super('ModelError', `Received client error (400) from primary with message "${message}". See the model's logs.`, 424);
  }
}

/** The fixed model: a logistic score over numeric features, a word-count sentiment over text. */
export function score(features: number[]): number {
  const z = features.reduce((sum, x, i) => sum + x / (i + 1), 0) - 1;
  return Math.round((1 / (1 + Math.exp(-z))) * 1e6) / 1e6;
}

function sentiment(text: string): { label: string; score: number } {
  const words = text.toLowerCase().match(/[a-z']+/g) ?? [];
  const balance = words.filter((w) => POSITIVE.has(w)).length - words.filter((w) => NEGATIVE.has(w)).length;
  return { label: balance > 0 ? 'POSITIVE' : balance < 0 ? 'NEGATIVE' : 'NEUTRAL', score: Math.round((1 / (1 + Math.exp(-balance))) * 1e6) / 1e6 };
}

function row(values: unknown, where: string): number[] {
  const list = Array.isArray(values) ? values : [values];
  return list.map((v) => {
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
    if (!Number.isFinite(n)) throw new ModelError(`${where}: ${JSON.stringify(v)} is not a number`);
    return n;
  });
}

/** The model's answer to one request: its bytes and content type. */
export function predict(body: Buffer, contentType: string, accept: string | undefined, targetModel: string | undefined): { body: Buffer; contentType: string } {
  const text = body.toString('utf8');
  let rows: number[][] | undefined;
  let answer: unknown;
  if (/csv/i.test(contentType)) {
    rows = text.split(/\r?\n/).filter((l) => l.trim() !== '').map((line, i) => row(line.split(','), `line ${i + 1}`));
  } else if (/json/i.test(contentType)) {
    let input: unknown;
    try {
      input = JSON.parse(text);
    } catch {
      throw new ModelError('the body is not JSON');
    }
    if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
      const o = input as Record<string, unknown>;
      if (typeof o.fail === 'string') throw new ModelError(o.fail);
      if (typeof o.text === 'string') answer = sentiment(o.text);
      else if (o.instances !== undefined || o.features !== undefined) {
        const data = o.instances ?? [o.features];
        rows = (Array.isArray(data) ? data : [data]).map((r, i) => row(r, `instance ${i}`));
      } else throw new ModelError('expected {"instances": [[...]]}, {"features": [...]} or {"text": "..."}');
    } else if (Array.isArray(input)) {
      rows = (input.every((r) => Array.isArray(r)) ? input : [input]).map((r, i) => row(r, `instance ${i}`));
    } else throw new ModelError(`expected a JSON object or array, got ${typeof input === 'string' ? 'a string' : JSON.stringify(input)}`);
  } else if (/^text\//i.test(contentType)) {
    answer = sentiment(text);
  } else {
    throw new AwsError('ValidationError', `The model does not take ${contentType} input`, 400);
  }
  if (rows) {
    const scores = rows.map(score);
    if (/csv/i.test(accept ?? '')) return { body: Buffer.from(`${scores.join('\n')}\n`), contentType: 'text/csv' };
    answer = { predictions: scores.map((s) => ({ score: s, label: s >= 0.5 ? 1 : 0 })) };
  }
  const json = targetModel ? { ...(answer as object), model: targetModel } : answer;
  return { body: Buffer.from(JSON.stringify(json)), contentType: 'application/json' };
}

const header = (req: http.IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

export class SageMaker {
  config: SageMakerConfig = { asyncDelayMs: 1000 };
  readonly invocations: Invocation[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly s3: S3Documents, private readonly log: (line: string) => void) {}

  setConfig(body: unknown): SageMakerConfig {
    const delay = (body as { asyncDelayMs?: unknown })?.asyncDelayMs;
    if (delay !== undefined) {
      if (typeof delay !== 'number' || delay < 0 || delay > 3_600_000) throw new Error('asyncDelayMs: 0..3600000');
      this.config.asyncDelayMs = delay;
    }
    return this.config;
  }

  summary(): unknown {
    return { config: this.config, invocations: this.invocations };
  }

  reset(): void {
    this.config = { asyncDelayMs: 1000 };
    this.invocations.length = 0;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** Answers a request under /endpoints/. */
  async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const requestId = newRequestId();
    const path = (req.url ?? '/').split('?')[0]!;
    let outcome = '';
    try {
      const body = await readBody(req, MAX_BODY + 1).catch(() => {
        throw new AwsError('ValidationError', `Request body is over ${MAX_BODY} bytes`, 413);
      });
      const auth = header(req, 'authorization') ?? '';
      if (!auth.startsWith('AWS4-HMAC-SHA256 ') || !auth.includes('/sagemaker/aws4_request')) throw new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
      const match = /^\/endpoints\/([^/]+)\/(invocations|async-invocations)$/.exec(path);
      if (req.method !== 'POST' || !match) throw new AwsError('UnknownOperationException', `${req.method ?? '?'} ${path}`, 404);
      const endpoint = decodeURIComponent(match[1]!);
      if (endpoint.startsWith('no-such-')) throw new AwsError('ValidationError', `Endpoint ${endpoint} of account 000000000000 not found.`, 400);
      if (match[2] === 'invocations') {
        outcome = await this.invoke(endpoint, body, req, res, requestId);
      } else {
        outcome = await this.invokeAsync(endpoint, req, res, requestId);
      }
    } catch (err) {
      const e = err instanceof AwsError ? err : new AwsError('InternalFailure', (err as Error).message, 500);
      outcome = `${e.status} ${e.type}: ${e.message}`;
      if (!res.headersSent) sendAwsError(res, requestId, e);
    } finally {
      this.log(`SageMaker ${req.method ?? '?'} ${path} -> ${outcome}`);
    }
  }

  private async invoke(endpoint: string, body: Buffer, req: http.IncomingMessage, res: http.ServerResponse, requestId: string): Promise<string> {
    const contentType = header(req, 'content-type') ?? 'application/octet-stream';
    const customAttributes = header(req, 'x-amzn-sagemaker-custom-attributes');
    const targetModel = header(req, 'x-amzn-sagemaker-target-model');
    const targetVariant = header(req, 'x-amzn-sagemaker-target-variant');
    const inferenceId = header(req, 'x-amzn-sagemaker-inference-id');
    this.invocations.push({ endpoint, kind: 'sync', contentType, customAttributes, targetModel, targetVariant, inferenceId });
    const answer = predict(body, contentType, header(req, 'accept'), targetModel);
    res.writeHead(200, {
      'content-type': answer.contentType, 'content-length': answer.body.length, 'x-amzn-requestid': requestId,
      'x-amzn-invoked-production-variant': targetVariant ?? 'AllTraffic',
      ...(customAttributes !== undefined ? { 'x-amzn-sagemaker-custom-attributes': customAttributes } : {}),
    });
    res.end(answer.body);
    return `200 ${answer.contentType}`;
  }

  private async invokeAsync(endpoint: string, req: http.IncomingMessage, res: http.ServerResponse, requestId: string): Promise<string> {
    const inputLocation = header(req, 'x-amzn-sagemaker-inputlocation') ?? '';
    const input = /^s3:\/\/([^/]+)\/(.+)$/.exec(inputLocation);
    if (!input) throw new AwsError('ValidationError', `InputLocation ${inputLocation} is not an S3 URI`, 400);
    const [, bucket, key] = input as unknown as [string, string, string];
    const contentType = header(req, 'x-amzn-sagemaker-content-type') ?? 'application/octet-stream';
    const accept = header(req, 'x-amzn-sagemaker-accept');
    const customAttributes = header(req, 'x-amzn-sagemaker-custom-attributes');
    const inferenceId = header(req, 'x-amzn-sagemaker-inference-id') ?? randomUUID();
    this.invocations.push({ endpoint, kind: 'async', contentType, customAttributes, inferenceId, inputLocation });
    const id = randomUUID();
    const outputKey = `sagemaker-async/${endpoint}/${id}.out`;
    const failureKey = `sagemaker-async/${endpoint}/failures/${id}-error.out`;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void (async () => {
        try {
          const body = await this.s3.get({ bucket, key }, MAX_ASYNC_INPUT);
          const answer = predict(body, contentType, accept, undefined);
          await this.s3.put(bucket, outputKey, answer.body, answer.contentType);
          this.log(`SageMaker async ${inferenceId} -> s3://${bucket}/${outputKey}`);
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          await this.s3.put(bucket, failureKey, message, 'text/plain').catch(() => undefined);
          this.log(`SageMaker async ${inferenceId} failed -> s3://${bucket}/${failureKey}: ${message}`);
        }
      })();
    }, this.config.asyncDelayMs);
    this.timers.add(timer);
    await sleep(0);
    const payload = JSON.stringify({ InferenceId: inferenceId });
    res.writeHead(202, {
      'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), 'x-amzn-requestid': requestId,
      'x-amzn-sagemaker-outputlocation': `s3://${bucket}/${outputKey}`, 'x-amzn-sagemaker-failurelocation': `s3://${bucket}/${failureKey}`,
    });
    res.end(payload);
    return `202 ${inferenceId}`;
  }
}
