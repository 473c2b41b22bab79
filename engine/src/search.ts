// Filtering, sorting and paging of entity lists with the semantics of Camunda 8.8's REST v2 search:
// a filter field is a plain value (equality) or an advanced filter object ({ $eq, $in, $like, $gt, ... }).

import {
  EngineError,
  type ElementInstanceEntity,
  type IncidentEntity,
  type JobEntity,
  type ProcessDefinitionEntity,
  type ProcessInstanceEntity,
  type SearchQuery,
  type SearchResult,
  type VariableEntity,
} from './api';

export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 10_000;

const OPERATORS = ['$eq', '$neq', '$exists', '$in', '$notIn', '$like', '$gt', '$gte', '$lt', '$lte'] as const;
type Operator = (typeof OPERATORS)[number];

/**
 * Applies `query` to `items`. When `fields` is given, filter and sort fields outside it are refused
 * with INVALID_ARGUMENT (Camunda answers 400 for them); without it, every field name is accepted.
 */
export function search<T extends object>(items: Iterable<T>, query: SearchQuery = {}, fields?: readonly string[]): SearchResult<T> {
  const filter = query.filter ?? {};
  const sort = query.sort ?? [];
  if (!isAdvancedFilter(filter)) throw new EngineError('INVALID_ARGUMENT', 'The filter must be a JSON object');
  if (!Array.isArray(sort)) throw new EngineError('INVALID_ARGUMENT', 'The sort must be a JSON array');
  const { from, limit } = pageOf(query);
  for (const { field, order } of sort) {
    if (typeof field !== 'string' || (order !== undefined && !/^(asc|desc)$/i.test(order))) {
      throw new EngineError('INVALID_ARGUMENT', `A sort needs a field and an order of 'ASC' or 'DESC', but was ${JSON.stringify({ field, order })}`);
    }
  }
  if (fields) checkFields(query, fields);
  const predicates = Object.entries(filter)
    .filter(([, condition]) => condition !== undefined)
    .map(([field, condition]) => predicateFor(field, condition));

  const matches: T[] = [];
  for (const item of items) {
    const record = item as Record<string, unknown>;
    if (predicates.every((accepts) => accepts(record))) matches.push(item);
  }
  if (sort.length > 0) {
    matches.sort((a, b) => {
      for (const { field, order } of sort) {
        const c = compareForSort((a as Record<string, unknown>)[field], (b as Record<string, unknown>)[field]);
        if (c !== 0) return order?.toUpperCase() === 'DESC' ? -c : c;
      }
      return 0;
    });
  }
  return { items: matches.slice(from, from + limit), page: { totalItems: matches.length } };
}

function pageOf(query: SearchQuery): { from: number; limit: number } {
  const from = query.page?.from ?? 0;
  const limit = query.page?.limit ?? DEFAULT_PAGE_LIMIT;
  if (!Number.isInteger(from) || from < 0) throw new EngineError('INVALID_ARGUMENT', `The value for page.from is '${from}' but must be a non-negative integer.`);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
    throw new EngineError('INVALID_ARGUMENT', `The value for page.limit is '${limit}' but must be an integer between 1 and ${MAX_PAGE_LIMIT}.`);
  }
  return { from, limit };
}

/** Filter and sort fields outside `fields` are INVALID_ARGUMENT. */
export function checkFields(query: SearchQuery, fields: readonly string[]): void {
  for (const field of Object.keys(query.filter ?? {})) {
    if (!fields.includes(field)) throw new EngineError('INVALID_ARGUMENT', `Unknown filter field '${field}'. Supported fields: ${fields.join(', ')}.`);
  }
  for (const { field } of query.sort ?? []) {
    if (!fields.includes(field)) throw new EngineError('INVALID_ARGUMENT', `Unknown sortBy field '${field}'. Supported fields: ${fields.join(', ')}.`);
  }
}

type Predicate = (item: Record<string, unknown>) => boolean;

function predicateFor(field: string, condition: unknown): Predicate {
  if (!isAdvancedFilter(condition)) return (item) => equals(item[field], condition);
  const tests = Object.entries(condition).map(([op, operand]) => operatorTest(field, op as Operator, operand));
  return (item) => tests.every((test) => test(item[field]));
}

function isAdvancedFilter(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function operatorTest(field: string, op: Operator, operand: unknown): (value: unknown) => boolean {
  const invalid = (expected: string) => new EngineError('INVALID_ARGUMENT', `Filter '${field}': operator '${op}' expects ${expected}, but was ${JSON.stringify(operand)}`);
  switch (op) {
    case '$eq':
      return (value) => equals(value, operand);
    case '$neq':
      return (value) => !equals(value, operand);
    case '$exists':
      if (typeof operand !== 'boolean') throw invalid('a boolean');
      return (value) => (value !== undefined && value !== null) === operand;
    case '$in':
    case '$notIn': {
      if (!Array.isArray(operand)) throw invalid('an array');
      const wanted = op === '$in';
      return (value) => operand.some((candidate) => equals(value, candidate)) === wanted;
    }
    case '$like': {
      if (typeof operand !== 'string') throw invalid('a string');
      const pattern = likePattern(operand);
      return (value) => value !== undefined && value !== null && pattern.test(String(value));
    }
    case '$gt':
      return (value) => ordered(value, operand, (c) => c > 0);
    case '$gte':
      return (value) => ordered(value, operand, (c) => c >= 0);
    case '$lt':
      return (value) => ordered(value, operand, (c) => c < 0);
    case '$lte':
      return (value) => ordered(value, operand, (c) => c <= 0);
    default:
      throw new EngineError('INVALID_ARGUMENT', `Filter '${field}': unknown operator '${op}'; supported: ${OPERATORS.join(', ')}`);
  }
}

/** `*` matches any run of characters, `?` exactly one; `\*` and `\?` match themselves. */
function likePattern(like: string): RegExp {
  let source = '';
  for (let i = 0; i < like.length; i++) {
    const ch = like[i];
    if (ch === '\\' && i + 1 < like.length) source += escapeRegExp(like[++i]);
    else if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += escapeRegExp(ch);
  }
  return new RegExp(`^${source}$`, 's');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A missing value equals nothing. */
function equals(value: unknown, operand: unknown): boolean {
  return value !== undefined && value !== null && compare(value, operand) === 0;
}

function ordered(value: unknown, operand: unknown, accept: (c: number) => boolean): boolean {
  if (value === undefined || value === null) return false;
  const c = compare(value, operand);
  return c !== undefined && accept(c);
}

/**
 * Keys are decimal strings on entities but may come as numbers in a filter, so a number and a numeric
 * string compare by value; two integer strings (64-bit keys) compare exactly as integers; two ISO
 * date-times compare as instants. undefined when the two are not comparable.
 */
function compare(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'boolean' || typeof b === 'boolean') return a === b ? 0 : typeof a === typeof b ? Number(a) - Number(b) : undefined;
  if (typeof a === 'number' || typeof b === 'number') {
    const na = asNumber(a);
    const nb = asNumber(b);
    return na === undefined || nb === undefined ? undefined : sign(na - nb);
  }
  if (typeof a !== 'string' || typeof b !== 'string') return undefined;
  if (a === b) return 0;
  if (INTEGER.test(a) && INTEGER.test(b)) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x === y ? 0 : x < y ? -1 : 1;
  }
  const da = asDate(a);
  const db = asDate(b);
  if (da !== undefined && db !== undefined) return sign(da - db);
  return a < b ? -1 : 1;
}

const INTEGER = /^-?\d+$/;

function sign(n: number): number {
  return n === 0 ? 0 : n < 0 ? -1 : 1;
}

function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return undefined;
}

function asDate(v: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T/.test(v)) return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

/** Missing values sort last, as in Camunda's secondary storage. */
function compareForSort(a: unknown, b: unknown): number {
  const missingA = a === undefined || a === null;
  const missingB = b === undefined || b === null;
  if (missingA || missingB) return missingA === missingB ? 0 : missingA ? 1 : -1;
  return compare(a, b) ?? String(a).localeCompare(String(b));
}

// ---- the searchable fields of each entity (filter and sort), as Camunda 8.8 names them ----

/** Every key of T, checked by the compiler: a field added to an entity must be added here. */
function fieldsOf<T>(fields: Record<keyof T, true>): readonly string[] {
  return Object.keys(fields);
}

export const PROCESS_INSTANCE_FIELDS = fieldsOf<ProcessInstanceEntity>({
  processInstanceKey: true, processDefinitionKey: true, processDefinitionId: true, processDefinitionVersion: true,
  state: true, startDate: true, endDate: true, hasIncident: true, tenantId: true,
});

export const ELEMENT_INSTANCE_FIELDS = fieldsOf<ElementInstanceEntity>({
  elementInstanceKey: true, processInstanceKey: true, processDefinitionKey: true, processDefinitionId: true,
  elementId: true, elementName: true, type: true, state: true, startDate: true, endDate: true,
  hasIncident: true, incidentKey: true, tenantId: true,
});

export const VARIABLE_FIELDS = fieldsOf<VariableEntity>({
  variableKey: true, name: true, value: true, scopeKey: true, processInstanceKey: true, tenantId: true,
});

export const JOB_FIELDS = fieldsOf<JobEntity>({
  jobKey: true, type: true, worker: true, state: true, kind: true, retries: true, deadline: true, endTime: true,
  errorCode: true, errorMessage: true, customHeaders: true, processInstanceKey: true, processDefinitionKey: true,
  processDefinitionId: true, elementId: true, elementInstanceKey: true, hasFailedWithRetriesLeft: true, tenantId: true,
});

export const INCIDENT_FIELDS = fieldsOf<IncidentEntity>({
  incidentKey: true, processInstanceKey: true, processDefinitionKey: true, processDefinitionId: true, elementId: true,
  elementInstanceKey: true, jobKey: true, errorType: true, errorMessage: true, state: true, creationTime: true, tenantId: true,
});

export const PROCESS_DEFINITION_FIELDS = fieldsOf<ProcessDefinitionEntity>({
  processDefinitionKey: true, processDefinitionId: true, version: true, resourceName: true, name: true, tenantId: true,
});
