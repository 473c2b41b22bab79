// The search helper behind every REST v2 search endpoint: Camunda 8.8 filter, sort and page semantics.
import { EngineError } from '../../engine/src/api';
import { search } from '../../engine/src/search';

interface Row {
  key: string;
  name: string;
  version: number;
  done: boolean;
  endDate?: string;
}

const rows: Row[] = [
  { key: '2251799813685249', name: 'alpha', version: 1, done: false },
  { key: '2251799813685250', name: 'beta', version: 2, done: true, endDate: '2025-01-02T10:00:00.000Z' },
  { key: '9007199254740993', name: 'gamma*', version: 3, done: true, endDate: '2025-01-01T10:00:00.000+01:00' },
  { key: '10', name: 'delta', version: 2, done: false },
];
const keys = (query: Parameters<typeof search>[1]) => search(rows, query).items.map((r) => r.key);

test('a plain value is equality; keys may come as numbers, numbers as numeric strings', () => {
  expect(keys({ filter: { name: 'beta' } })).toEqual(['2251799813685250']);
  expect(keys({ filter: { key: 10 } })).toEqual(['10']);
  expect(keys({ filter: { version: '2' } })).toEqual(['2251799813685250', '10']);
  expect(keys({ filter: { done: true, version: 3 } })).toEqual(['9007199254740993']);
});

test('advanced operators', () => {
  expect(keys({ filter: { version: { $gt: 1, $lte: 2 } } })).toEqual(['2251799813685250', '10']);
  expect(keys({ filter: { version: { $gte: 3 } } })).toEqual(['9007199254740993']);
  expect(keys({ filter: { version: { $lt: 2 } } })).toEqual(['2251799813685249']);
  expect(keys({ filter: { name: { $neq: 'alpha' }, done: { $eq: false } } })).toEqual(['10']);
  expect(keys({ filter: { name: { $in: ['alpha', 'delta'] } } })).toEqual(['2251799813685249', '10']);
  expect(keys({ filter: { name: { $notIn: ['alpha', 'delta'] } } })).toEqual(['2251799813685250', '9007199254740993']);
  expect(keys({ filter: { endDate: { $exists: false } } })).toEqual(['2251799813685249', '10']);
  expect(keys({ filter: { endDate: { $exists: true } } })).toEqual(['2251799813685250', '9007199254740993']);
});

test('$like: * any run, ? one character, backslash escapes', () => {
  expect(keys({ filter: { name: { $like: '*ta' } } })).toEqual(['2251799813685250', '10']);
  expect(keys({ filter: { name: { $like: 'b?ta' } } })).toEqual(['2251799813685250']);
  expect(keys({ filter: { name: { $like: 'gamma\\*' } } })).toEqual(['9007199254740993']);
  expect(keys({ filter: { name: { $like: 'gamm\\*' } } })).toEqual([]);
});

test('64-bit keys compare exactly as integers; date-times as instants', () => {
  expect(keys({ filter: { key: { $gt: '9007199254740992' } } })).toEqual(['9007199254740993']);
  expect(keys({ filter: { key: { $lt: '2251799813685249' } } })).toEqual(['10']);
  // 10:00+01:00 is 09:00Z, before 2025-01-02
  expect(keys({ filter: { endDate: { $lt: '2025-01-01T09:30:00Z' } } })).toEqual(['9007199254740993']);
});

test('sort by several fields, ASC by default, missing values last; paging after filtering', () => {
  expect(keys({ sort: [{ field: 'version', order: 'DESC' }, { field: 'key' }] })).toEqual(['9007199254740993', '10', '2251799813685250', '2251799813685249']);
  expect(keys({ sort: [{ field: 'endDate' }] })).toEqual(['9007199254740993', '2251799813685250', '2251799813685249', '10']);
  const page = search(rows, { filter: { done: false }, sort: [{ field: 'key' }], page: { from: 1, limit: 5 } });
  expect(page).toEqual({ items: [rows[0]], page: { totalItems: 2 } });
  expect(search(rows, {}).page.totalItems).toBe(4);
  expect(search(rows, { page: { limit: 1 } }).items).toHaveLength(1);
});

test('bad queries are INVALID_ARGUMENT', () => {
  const invalid = (query: object, fields?: string[]) => {
    try {
      search(rows, query as never, fields);
    } catch (e) {
      return e instanceof EngineError && e.code === 'INVALID_ARGUMENT';
    }
    return false;
  };
  expect(invalid({ filter: { name: { $regex: 'x' } } })).toBe(true);
  expect(invalid({ filter: { name: { $in: 'x' } } })).toBe(true);
  expect(invalid({ page: { limit: 0 } })).toBe(true);
  expect(invalid({ page: { limit: 10_001 } })).toBe(true);
  expect(invalid({ page: { from: -1 } })).toBe(true);
  expect(invalid({ sort: [{ field: 'name', order: 'UP' }] })).toBe(true);
  expect(invalid({ filter: { nope: 1 } }, ['key', 'name'])).toBe(true);
  expect(invalid({ sort: [{ field: 'nope' }] }, ['key', 'name'])).toBe(true);
  expect(invalid({ filter: { name: 'alpha' } }, ['key', 'name'])).toBe(false);
});
