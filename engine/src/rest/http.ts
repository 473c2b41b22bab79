// Plain node:http helpers for the REST API: routes, JSON bodies, and RFC 9457 problem responses.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { EngineError, type EngineErrorCode } from '../api';

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Path parameters by name, e.g. `jobKey` for `/v2/jobs/:jobKey/completion`. */
  params: Record<string, string>;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** `/v2/...` with `:name` segments for parameters. */
  path: string;
  handle(context: RequestContext): Promise<void> | void;
}

/** A request the API refuses before it reaches the engine, with its own HTTP status. */
export class HttpError extends Error {
  constructor(readonly status: number, readonly title: string, message: string) {
    super(message);
  }
}

/** Camunda's HTTP status and problem title for each engine error code. */
const STATUS: Record<EngineErrorCode, { status: number; title: string }> = {
  NOT_FOUND: { status: 404, title: 'NOT_FOUND' },
  INVALID_ARGUMENT: { status: 400, title: 'INVALID_ARGUMENT' },
  FAILED_PRECONDITION: { status: 409, title: 'INVALID_STATE' },
  DEADLINE_EXCEEDED: { status: 504, title: 'DEADLINE_EXCEEDED' },
  RESOURCE_EXHAUSTED: { status: 429, title: 'RESOURCE_EXHAUSTED' },
  UNAVAILABLE: { status: 503, title: 'UNAVAILABLE' },
  ALREADY_EXISTS: { status: 409, title: 'ALREADY_EXISTS' },
};

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendNoContent(res: ServerResponse): void {
  res.writeHead(204);
  res.end();
}

export function sendProblem(res: ServerResponse, instance: string, error: unknown): void {
  const { status, title } =
    error instanceof HttpError ? error : error instanceof EngineError ? STATUS[error.code] : { status: 500, title: 'INTERNAL_SERVER_ERROR' };
  const detail = error instanceof Error ? error.message : String(error);
  if (res.headersSent) {
    res.destroy(error instanceof Error ? error : undefined);
    return;
  }
  const text = JSON.stringify({ type: 'about:blank', title, status, detail, instance });
  res.writeHead(status, { 'content-type': 'application/problem+json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const MAX_JSON_BYTES = 16 * 1024 * 1024;

/** The request's JSON body; an absent body is `{}`. Anything but a JSON object is a 400. */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_JSON_BYTES) throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `The request body exceeds ${MAX_JSON_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    throw new EngineError('INVALID_ARGUMENT', `Request body is not valid JSON: ${(e as Error).message}`);
  }
  if (!isObject(body)) throw new EngineError('INVALID_ARGUMENT', 'Request body must be a JSON object');
  return body;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---- reading typed fields from a JSON body, with Camunda-style 400s ----

export function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(name, 'a string', value);
  return value;
}

export function requiredString(body: Record<string, unknown>, name: string): string {
  const value = optionalString(body, name);
  if (value === undefined || value === '') throw new EngineError('INVALID_ARGUMENT', `No ${name} provided.`);
  return value;
}

export function optionalNumber(body: Record<string, unknown>, name: string): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw invalid(name, 'a number', value);
  return n;
}

export function requiredNumber(body: Record<string, unknown>, name: string): number {
  const value = optionalNumber(body, name);
  if (value === undefined) throw new EngineError('INVALID_ARGUMENT', `No ${name} provided.`);
  return value;
}

/** A key given as a string or a number; keys go to the engine as decimal strings. */
export function optionalKey(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if ((typeof value === 'string' && /^\d+$/.test(value)) || (typeof value === 'number' && Number.isSafeInteger(value))) return String(value);
  throw invalid(name, 'a key (a decimal string)', value);
}

export function optionalObject(body: Record<string, unknown>, name: string): Record<string, unknown> | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw invalid(name, 'a JSON object', value);
  return value;
}

export function optionalStringArray(body: Record<string, unknown>, name: string): string[] | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw invalid(name, 'an array of strings', value);
  return value as string[];
}

function invalid(name: string, expected: string, value: unknown): EngineError {
  return new EngineError('INVALID_ARGUMENT', `The provided ${name} '${JSON.stringify(value)}' is not ${expected}.`);
}

/** A path parameter that must be a key. */
export function keyParam(context: RequestContext, name: string): string {
  const value = context.params[name];
  if (!/^\d+$/.test(value)) throw new EngineError('INVALID_ARGUMENT', `The provided ${name} '${value}' is not a valid key. Expected a numeric value.`);
  return value;
}
