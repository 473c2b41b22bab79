import type { Connector } from './connector';

/**
 * The variables an own task type reads: the top-level properties of its input schemas. Only these are
 * fetched with each job, so a process's other variables (often the larger part) are neither sent by the
 * engine nor parsed by the worker. Undefined (fetch all) when a schema names no properties.
 */
export function inputVariableNames(connector: Pick<Connector, 'inputs'>): string[] | undefined {
  const names = new Set<string>();
  for (const schema of Object.values(connector.inputs.schemas)) {
    const properties = (schema as { properties?: Record<string, unknown> }).properties;
    if (!properties) return undefined;
    for (const name of Object.keys(properties)) names.add(name);
  }
  return names.size > 0 ? [...names] : undefined;
}
