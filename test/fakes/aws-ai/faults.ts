/**
 * Faults on request: the next `count` calls (of `operation` when given: "Textract.AnalyzeDocument" or "AnalyzeDocument")
 * are delayed by `delayMs` and then answered with the AWS error `error` (HTTP status from the model:
 * 500 for InternalServerError and ThrottlingException, else 400; `status` overrides). With no `error`,
 * the calls are only delayed. `malformed: true` answers 200 with a body that is not JSON (a result the SDK
 * cannot parse). Several rules queue; the first matching one with count left wins.
 */
import { AwsError, isObject, statusFor } from './protocol';

export interface FaultRule {
  count: number;
  operation?: string | undefined;
  error?: string | undefined;
  message?: string | undefined;
  status?: number | undefined;
  malformed?: boolean | undefined;
  delayMs: number;
}

export interface Taken {
  error?: AwsError | undefined;
  malformed?: boolean | undefined;
  delayMs: number;
}

const DEFAULT_MESSAGES: Record<string, string> = {
  ThrottlingException: 'Rate exceeded',
  ProvisionedThroughputExceededException: 'Provisioned rate exceeded',
  InternalServerError: 'Internal server error',
  InternalServerException: 'Internal server error',
  LimitExceededException: 'Limit exceeded',
  AccessDeniedException: 'User is not authorized to perform this action',
};

export class Faults {
  private rules: FaultRule[] = [];
  /** Calls per target, and faults injected per target, since the last reset. */
  readonly requests: Record<string, number> = {};
  readonly injected: Record<string, number> = {};

  add(body: unknown): FaultRule {
    if (!isObject(body)) throw new Error('body must be a JSON object');
    const count = body.count ?? 1;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) throw new Error('count must be an integer >= 1');
    const delayMs = body.delayMs ?? 0;
    if (typeof delayMs !== 'number' || delayMs < 0) throw new Error('delayMs must be a number >= 0');
    for (const k of ['operation', 'error', 'message'] as const) {
      if (body[k] !== undefined && (typeof body[k] !== 'string' || !body[k])) throw new Error(`${k} must be a non-empty string`);
    }
    if (body.status !== undefined && (typeof body.status !== 'number' || body.status < 400 || body.status > 599)) throw new Error('status must be 400 to 599');
    if (body.malformed !== undefined && typeof body.malformed !== 'boolean') throw new Error('malformed must be a boolean');
    if (body.malformed && body.error !== undefined) throw new Error('give an error or malformed, not both');
    if (body.error === undefined && !body.malformed && delayMs <= 0) throw new Error('a fault needs an error, malformed, a delayMs > 0, or a mix');
    const rule: FaultRule = {
      count,
      delayMs,
      operation: body.operation as string | undefined,
      error: body.error as string | undefined,
      message: body.message as string | undefined,
      status: body.status as number | undefined,
      malformed: body.malformed === true ? true : undefined,
    };
    this.rules.push(rule);
    return rule;
  }

  /** Counts the call and takes one unit of the first matching rule. */
  take(target: string): Taken | undefined {
    this.requests[target] = (this.requests[target] ?? 0) + 1;
    const idx = this.rules.findIndex((r) => r.count > 0 && (!r.operation || r.operation === target || target.endsWith(`.${r.operation}`)));
    if (idx < 0) return undefined;
    const rule = this.rules[idx]!;
    rule.count -= 1;
    if (rule.count <= 0) this.rules.splice(idx, 1);
    if (rule.malformed) {
      this.injected[target] = (this.injected[target] ?? 0) + 1;
      return { delayMs: rule.delayMs, malformed: true };
    }
    if (!rule.error) return { delayMs: rule.delayMs };
    this.injected[target] = (this.injected[target] ?? 0) + 1;
    return {
      delayMs: rule.delayMs,
      error: new AwsError(rule.error, rule.message ?? DEFAULT_MESSAGES[rule.error] ?? rule.error, rule.status ?? statusFor(rule.error)),
    };
  }

  clear(): number {
    const n = this.rules.length;
    this.rules = [];
    for (const k of Object.keys(this.requests)) delete this.requests[k];
    for (const k of Object.keys(this.injected)) delete this.injected[k];
    return n;
  }

  state(): { pending: FaultRule[]; requests: Record<string, number>; injected: Record<string, number> } {
    return { pending: this.rules.map((r) => ({ ...r })), requests: { ...this.requests }, injected: { ...this.injected } };
  }
}
