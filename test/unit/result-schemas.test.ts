/**
 * Every connector's result schemas (`<connector>/result-schema.ts`): one per action of each task family, the docs'
 * output tables and the published results/<name>.json generated from them and committed up to date.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { connectors } from '../../worker/connectors';
import { renderResultsDocument, typeText, withResultTables } from '../../worker/templates/result-docs';
import { Type } from '@sinclair/typebox';
import { expectResult } from '../integration/result-check';

const ROOT = join(__dirname, '..', '..');

test('every connector the worker serves has result schemas (own, and Camunda\'s where it has a compatible type)', () => {
  const missing = connectors.flatMap((c) => [
    ...(c.results ? [] : [`${c.name}: results`]),
    ...(c.camundaTaskType && !c.results?.camunda ? [`${c.name}: results.camunda`] : []),
  ]);
  expect(missing).toEqual([]);
});

describe.each(connectors.filter((c) => c.results).map((c) => [c.name, c] as const))('results of %s', (name, connector) => {
  const results = connector.results!;

  it('has a schema for each of its own actions', () => {
    expect(Object.keys(results.own).sort()).toEqual(Object.keys(connector.inputs.schemas).sort());
  });

  it('compiles (ajv, strict about keywords)', () => {
    const ajv = new Ajv({ strict: false });
    for (const schema of [...Object.values(results.own), ...Object.values(results.camunda ?? {})]) expect(() => ajv.compile(schema)).not.toThrow();
  });

  it('is published as JSON Schemas a validator takes, one per operation', () => {
    const ajv = new Ajv({ strict: false });
    const published = JSON.parse(renderResultsDocument(connector)) as { own: { results: Record<string, object> }; camunda?: { results: Record<string, object> } };
    const all = [...Object.values(published.own.results), ...Object.values(published.camunda?.results ?? {})];
    expect(all).toHaveLength(Object.keys(results.own).length + Object.keys(results.camunda ?? {}).length);
    for (const schema of all) expect(() => ajv.compile(schema)).not.toThrow();
  });

  it('is published in results/ and tabled in its docs page, up to date', () => {
    const json = join(ROOT, 'results', `${name}.json`);
    const page = join(ROOT, 'docs', `${name}.md`);
    const stale = [
      ...(existsSync(json) && readFileSync(json, 'utf8') === renderResultsDocument(connector) ? [] : [`results/${name}.json`]),
      ...(readFileSync(page, 'utf8') === withResultTables(readFileSync(page, 'utf8'), connector, `docs/${name}.md`) ? [] : [`docs/${name}.md`]),
    ];
    if (stale.length > 0) throw new Error(`${stale.join(', ')} stale: run \`npm run results\` and commit`);
  });
});

test('types in the readers\' words', () => {
  expect(typeText(Type.Union([Type.String(), Type.Null()]))).toBe('string or null');
  expect(typeText(Type.Array(Type.Record(Type.String(), Type.Unknown())))).toBe('list of context');
  expect(typeText(Type.Literal('OK'))).toBe('"OK"');
  expect(typeText(Type.Unknown())).toBe('any');
});

test('the integration runs\' check refuses an answer with a field its schema does not name, or of another type', () => {
  expect(() => expectResult('dynamodb', 'own', 'getItem', { tableName: 't', item: { id: 1 }, found: true })).not.toThrow();
  expect(() => expectResult('dynamodb', 'own', 'getItem', { tableName: 't', item: null, found: false, extra: 1 })).toThrow(/additional properties \(extra\)/);
  expect(() => expectResult('dynamodb', 'camunda', 'getItem', [{ a: 1, b: 2 }])).toThrow(/does not match/);
  expect(() => expectResult('dynamodb', 'own', 'noSuchAction', {})).toThrow(/no own result schema for noSuchAction/);
});
