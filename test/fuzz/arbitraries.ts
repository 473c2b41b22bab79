import fc from 'fast-check';
import type { TSchema } from '@sinclair/typebox';

/**
 * Generated job payloads: mostly shaped by a connector's own JSON schema (so many get past validation and
 * reach the handler and the fake AWS), with any JSON value in random places (so validation is hit too).
 */
export function fromSchema(schema: TSchema, depth = 0): fc.Arbitrary<unknown> {
  const wild = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.string({ maxLength: 40 }), fc.constant(null), fc.constant(''));
  if (depth > 5) return wild;
  return fc.oneof({ weight: 1, arbitrary: wild }, { weight: 25, arbitrary: shaped(schema, depth) });
}

function shaped(schema: TSchema, depth: number): fc.Arbitrary<unknown> {
  const s = schema as Record<string, unknown>;
  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  const choices = (s.anyOf ?? s.oneOf) as TSchema[] | undefined;
  if (Array.isArray(choices) && choices.length > 0) return fc.oneof(...choices.map((c) => fromSchema(c, depth + 1)));
  switch (s.type) {
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, TSchema>;
      const required = new Set((s.required as string[] | undefined) ?? []);
      const keys = Object.keys(props);
      if (keys.length === 0) return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 });
      // Required keys are nearly always present, optional ones 2 times in 5; an unknown key now and then.
      return fc.tuple(
        ...keys.map((k) => fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fromSchema(props[k], depth + 1))),
        fc.option(fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue({ maxDepth: 1 })), { freq: 30 }),
      ).map((parts) => {
        const out: Record<string, unknown> = {};
        keys.forEach((k, i) => {
          const [roll, value] = parts[i] as [number, unknown];
          if (roll < (required.has(k) ? 0.97 : 0.4)) out[k] = value;
        });
        const extra = parts[keys.length] as [string, unknown] | null;
        if (extra && !(extra[0] in out)) out[extra[0]] = extra[1];
        return out;
      });
    }
    case 'array':
      return fc.array(fromSchema((s.items ?? {}) as TSchema, depth + 1), { maxLength: 3 });
    case 'string':
      return fc.oneof(
        fc.string({ minLength: 1, maxLength: 30 }),
        fc.constantFrom('a', 'bucket-1', 'key/with space.txt', 'arn:aws:lambda:us-east-1:000000000000:function:f', 'eu-west-1', 'SGVsbG8=', 'PT1S', '✓ ünïcödé', '\u0000'),
      );
    case 'integer':
      return fc.oneof(fc.integer({ min: -5, max: 1_000_000 }), fc.constantFrom(0, 1, 2 ** 31));
    case 'number':
      return fc.oneof(fc.double({ noNaN: true }), fc.integer({ min: 0, max: 100 }));
    case 'boolean':
      return fc.boolean();
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Up to two task headers as a modeler may write them: FEEL that works, FEEL that does not, durations good and bad, junk. */
export const headers: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    resultVariable: fc.oneof(fc.constantFrom('result', 'r', ''), fc.string({ maxLength: 10 })),
    resultExpression: fc.oneof(
      fc.constantFrom('={ out: response }', '={ n: count(response) }', '= 1 + ', '={a: response.missing.deeper}', '="not a context"', '={x: string length(string(response))}'),
      fc.string({ maxLength: 20 }).map((s) => `=${s}`),
    ),
    errorExpression: fc.oneof(
      fc.constantFrom(
        '=if error.code = "NOT_FOUND" then bpmnError("404", error.message) else null',
        '=jobError("again", {}, job.retries - 1, @"PT1S")',
        '=ignoreError({ignored: true})',
        '=bpmnError(',
        '=if error != null then bpmnError(error.code, error.message) else null',
      ),
      fc.string({ maxLength: 20 }).map((s) => `=${s}`),
    ),
    retryBackoff: fc.oneof(fc.constantFrom('PT1S', 'PT0S', 'P1D', 'PT', 'soon', '-PT1S'), fc.string({ maxLength: 6 })),
    jobTimeout: fc.oneof(fc.constantFrom('PT30S', 'PT10M', 'nope'), fc.string({ maxLength: 6 })),
    junk: fc.jsonValue({ maxDepth: 1 }),
  },
  { requiredKeys: [] },
).chain((all: Record<string, unknown>) => fc.subarray(Object.keys(all), { maxLength: Math.min(2, Object.keys(all).length) }).map((keep) => Object.fromEntries(keep.map((k) => [k, all[k]]))));

/** What the fake AWS endpoint answers: success shapes, the usual errors, throttling, 5xx, garbage. */
export type AwsAnswerKind = 'ok-json' | 'ok-xml' | 'ok-empty' | 'throttle' | 'error-5xx' | 'denied' | 'not-found' | 'garbage';
export const awsAnswer: fc.Arbitrary<AwsAnswerKind> = fc.constantFrom('ok-json', 'ok-xml', 'ok-empty', 'throttle', 'error-5xx', 'denied', 'not-found', 'garbage');
