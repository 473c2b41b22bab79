/**
 * The check the integration tests run on the answers they get: a connector's real answer must match the result
 * schema of its action (`<connector>/result-schema.ts`), so that the docs' output tables and the published schemas
 * say what the tasks really answer. A connector without result schemas is skipped until it has them (a unit test,
 * test/unit/result-schemas.test.ts, lists those).
 */
import Ajv, { type ValidateFunction } from 'ajv';
import type { TSchema } from '@sinclair/typebox';
import { connectors } from '../../worker/connectors';

const ajv = new Ajv({ strict: false, allErrors: true });
const compiled = new Map<TSchema, ValidateFunction>();

/** Fails the test when `answer` (the task's result, as the process got it) is not what the schema of `action` says. */
export function expectResult(connectorName: string, family: 'own' | 'camunda', action: string, answer: unknown): void {
  const connector = connectors.find((c) => c.name === connectorName);
  if (!connector) throw new Error(`no connector ${connectorName}`);
  const results = connector.results?.[family];
  if (!results) return;
  const schema = results[action];
  if (!schema) throw new Error(`${connectorName} has no ${family} result schema for ${action} (known: ${Object.keys(results).join(', ')})`);
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (!validate(answer)) {
    const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '(result)'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
    throw new Error(`${connectorName} ${family} ${action}: the answer does not match its result schema:\n  ${errors.join('\n  ')}\nanswer: ${JSON.stringify(answer).slice(0, 2000)}`);
  }
}
