/**
 * Which recorded response answers which document: registrations made through the control API
 * (`POST /_control/textract/responses`), so that a new recording needs no code change.
 *
 *   { "match": {"sha256": "<hex>"} | {"bucket": "...", "key": "..."} | "default",
 *     "operations": ["AnalyzeDocument", ...],            optional, every operation when absent
 *     "fixture": "<file in fixtures/textract>" | "response": { ...inline JSON... } }
 *
 * Lookup: the newest registration whose match fits (bucket/key and sha256 alike) and whose operations
 * include the one called; else the newest "default" one for that operation; else none.
 *
 * Other services reuse the matching with their own `prepare` (validates and normalises a response
 * before it is registered) and `describe` (what GET /_control/state shows of it).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isObject, type Json } from './protocol';

export type Match = { sha256: string } | { bucket: string; key: string } | 'default';

export interface Registration {
  id: number;
  match: Match;
  operations?: string[] | undefined;
  fixture?: string | undefined;
  response: Json;
  registeredAt: string;
}

export interface DocumentKey {
  sha256: string;
  bucket?: string | undefined;
  key?: string | undefined;
}

export class ControlError extends Error {}

export interface RecordingsOptions {
  /** Checks a response (inline or fixture) and returns what is stored; throws ControlError to refuse it. */
  prepare?: (response: Json) => Json;
  /** The summary of a stored response for GET /_control/state (Textract's blocks and jobStatus by default). */
  describe?: (response: Json) => Json;
}

export class Recordings {
  private list: Registration[] = [];
  private nextId = 1;
  private readonly cache = new Map<string, Json>();

  constructor(
    readonly fixturesDir: string,
    readonly operationNames: readonly string[],
    private readonly options: RecordingsOptions = {},
  ) {}

  loadFixture(name: string): Json {
    if (!/^[A-Za-z0-9._-]+\.json$/.test(name)) throw new ControlError(`fixture must be a .json file name in ${this.fixturesDir}: ${name}`);
    const cached = this.cache.get(name);
    if (cached) return cached;
    const file = path.join(this.fixturesDir, name);
    if (!existsSync(file)) throw new ControlError(`no fixture ${name} in ${this.fixturesDir}`);
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (!isObject(parsed)) throw new ControlError(`fixture ${name} is not a JSON object`);
    this.cache.set(name, parsed);
    return parsed;
  }

  register(body: unknown): Registration {
    if (!isObject(body)) throw new ControlError('body must be a JSON object');
    const m = body.match;
    let match: Match;
    if (m === 'default') match = 'default';
    else if (isObject(m) && typeof m.sha256 === 'string' && /^[0-9a-fA-F]{64}$/.test(m.sha256)) match = { sha256: m.sha256.toLowerCase() };
    else if (isObject(m) && typeof m.bucket === 'string' && typeof m.key === 'string' && m.bucket && m.key) match = { bucket: m.bucket, key: m.key };
    else throw new ControlError('match must be {"sha256": "<64 hex>"}, {"bucket": "...", "key": "..."} or "default"');

    let operations: string[] | undefined;
    if (body.operations !== undefined) {
      if (!Array.isArray(body.operations) || body.operations.length === 0 || !body.operations.every((o) => typeof o === 'string')) {
        throw new ControlError('operations must be a non-empty array of operation names');
      }
      const unknown = (body.operations as string[]).filter((o) => !this.operationNames.includes(o));
      if (unknown.length) throw new ControlError(`unknown operations ${unknown.join(', ')}; known: ${this.operationNames.join(', ')}`);
      operations = body.operations as string[];
    }

    let response: Json;
    let fixture: string | undefined;
    if (typeof body.fixture === 'string' && body.response === undefined) {
      fixture = body.fixture;
      response = this.loadFixture(fixture);
    } else if (isObject(body.response) && body.fixture === undefined) {
      response = body.response;
    } else {
      throw new ControlError('give exactly one of "fixture" (a file name) or "response" (a JSON object)');
    }
    if (this.options.prepare) response = this.options.prepare(response);
    const reg: Registration = { id: this.nextId++, match, operations, fixture, response, registeredAt: new Date().toISOString() };
    this.list.push(reg);
    return reg;
  }

  /** `operations`: the names the call answers to (a Start* call also finds registrations for its Get*). */
  find(operations: string[], doc: DocumentKey): Registration | undefined {
    const forOp = (r: Registration): boolean => !r.operations || r.operations.some((o) => operations.includes(o));
    for (let i = this.list.length - 1; i >= 0; i--) {
      const r = this.list[i]!;
      if (r.match === 'default' || !forOp(r)) continue;
      if ('sha256' in r.match && r.match.sha256 === doc.sha256) return r;
      if ('bucket' in r.match && r.match.bucket === doc.bucket && r.match.key === doc.key) return r;
    }
    for (let i = this.list.length - 1; i >= 0; i--) {
      const r = this.list[i]!;
      if (r.match === 'default' && forOp(r)) return r;
    }
    return undefined;
  }

  clear(): number {
    const n = this.list.length;
    this.list = [];
    return n;
  }

  /** For GET /_control/state: what is registered, without the (large) responses. */
  summary(): unknown[] {
    return this.list.map((r) => ({
      id: r.id,
      match: r.match,
      operations: r.operations ?? 'all',
      source: r.fixture ? `fixture ${r.fixture}` : 'inline response',
      ...(this.options.describe
        ? this.options.describe(r.response)
        : { blocks: Array.isArray(r.response.Blocks) ? r.response.Blocks.length : undefined, jobStatus: r.response.JobStatus }),
      registeredAt: r.registeredAt,
    }));
  }
}
