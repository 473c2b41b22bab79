import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { Static, TSchema } from '@sinclair/typebox';
import { ConnectorError } from './errors';

// `template` carries the element-template metadata of a property; it is not a validation keyword.
const ajv = new Ajv({ allErrors: true, coerceTypes: true, useDefaults: true, strict: false });

const compiled = new WeakMap<TSchema, ValidateFunction>();

/**
 * Validates (and coerces, and fills defaults in) a copy of the input. Every violation is listed in one
 * message with its property path; a missing required property makes the code MISSING_INPUT.
 */
export function validateInput<S extends TSchema>(schema: S, input: unknown): Static<S> {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  // withoutNulls builds every object and array anew: the copy validation may coerce and fill.
  const copy = withoutNulls(input ?? {});
  if (validate(copy)) return copy as Static<S>;

  const violations = mergeChoices(relevantErrors(validate.errors ?? []).map(describe));
  const missing = violations.filter((v) => v.missing);
  const code = missing.length > 0 ? 'MISSING_INPUT' : 'INVALID_INPUT';
  const lines = violations.map((v) => ` - ${v.path}: ${v.message}`);
  return failWith(code, violations[0]?.path, `Found constraints violated while validating input:\n${lines.join('\n')}`);
}

/** Zeebe 8.8+ maps an empty template field to null: that means "not given", not "the text null". A deep copy. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]));
}

function failWith(code: 'MISSING_INPUT' | 'INVALID_INPUT', path: string | undefined, message: string): never {
  throw new ConnectorError(code, message, { path });
}

interface Violation {
  path: string;
  message: string;
  missing: boolean;
}

/**
 * For a union (anyOf/oneOf) ajv reports every branch's complaints; the one that names the discriminator
 * or fewest problems is what a modeler needs, so drop the union noise when more precise errors exist.
 */
function relevantErrors(errors: ErrorObject[]): ErrorObject[] {
  const precise = errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && e.keyword !== 'if');
  const unique = new Map<string, ErrorObject>();
  for (const e of precise.length > 0 ? precise : errors) unique.set(`${pathOf(e)}|${e.message}|${JSON.stringify(e.params)}`, e);
  return [...unique.values()];
}

/** A union of literals fails once per literal; a modeler wants one line with the allowed values. */
function mergeChoices(violations: (Violation & { allowed?: unknown })[]): Violation[] {
  const out: Violation[] = [];
  const choices = new Map<string, unknown[]>();
  for (const v of violations) {
    if (!('allowed' in v)) {
      out.push(v);
      continue;
    }
    if (!choices.has(v.path)) {
      choices.set(v.path, []);
      out.push({ path: v.path, message: '', missing: false });
    }
    choices.get(v.path)!.push(v.allowed);
  }
  return out.map((v) => (choices.has(v.path) && v.message === '' ? { ...v, message: `must be one of ${choices.get(v.path)!.map((a) => JSON.stringify(a)).join(', ')}` } : v));
}

function describe(e: ErrorObject): Violation & { allowed?: unknown } {
  const path = pathOf(e);
  if (e.keyword === 'required') return { path, message: 'is required', missing: true };
  if (e.keyword === 'minLength' && e.params.limit === 1) return { path, message: 'must not be blank', missing: true };
  if (e.keyword === 'enum') {
    const allowed = (e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ');
    return { path, message: `must be one of ${allowed}`, missing: false };
  }
  if (e.keyword === 'const') return { path, message: `must be ${JSON.stringify(e.params.allowedValue)}`, missing: false, allowed: e.params.allowedValue };
  if (e.keyword === 'additionalProperties') {
    return { path: propertyPath(path, String(e.params.additionalProperty)), message: 'is not a known property', missing: false };
  }
  return { path, message: e.message ?? 'is invalid', missing: false };
}

function pathOf(e: ErrorObject): string {
  // A JSON pointer: segments after each '/', with ~1 for '/' and ~0 for '~'; an empty segment is a key "".
  const segments = e.instancePath === '' ? [] : e.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const base = segments.reduce(propertyPath, '');
  return e.keyword === 'required' ? propertyPath(base, String(e.params.missingProperty)) : base || '(input)';
}

/** `a.b` for plain names and indices; a name a reader could not tell apart (blank, dotted, ...) as `a["x y"]`. */
export function propertyPath(base: string, name: string): string {
  const plain = /^[A-Za-z0-9_$-]+$/.test(name);
  if (!base || base === '(input)') return plain ? name : `[${JSON.stringify(name)}]`;
  return plain ? `${base}.${name}` : `${base}[${JSON.stringify(name)}]`;
}
