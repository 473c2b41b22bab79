/**
 * Items as process variables. The document client gives plain JavaScript values; the two DynamoDB types JSON has
 * no word for become JSON too: a set (SS, NS, BS) a list, and binary (B) its base64 text.
 */
export function plainItem(item: Record<string, unknown> | undefined): Record<string, unknown> | null {
  return item === undefined ? null : (plainValue(item) as Record<string, unknown>);
}

function plainValue(value: unknown): unknown {
  if (value instanceof Set) return [...value].map(plainValue);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(plainValue);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainValue(v)]));
  return value;
}

interface Expressions { ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> }

/**
 * `SET #a0 = :a0, #a1 = :a1` for attributes to set, with placeholders that cannot clash with the modeler's own
 * (theirs are added to the same maps, for a condition expression).
 */
export function setExpression(attributes: Record<string, unknown>, own: Expressions): Expressions & { UpdateExpression: string } {
  return updateExpression(Object.keys(attributes).map((name) => ({ name, value: attributes[name] })), [], own);
}

/** SET for the attributes with a value, REMOVE for the names given alone (Camunda's put and delete actions). */
export function updateExpression(set: { name: string; value: unknown }[], remove: string[], own: Expressions = {}): Expressions & { UpdateExpression: string } {
  const names: Record<string, string> = { ...own.ExpressionAttributeNames };
  const values: Record<string, unknown> = { ...own.ExpressionAttributeValues };
  const free = (prefix: string, taken: Record<string, unknown>) => {
    let i = 0;
    while (`${prefix}${i}` in taken) i++;
    return `${prefix}${i}`;
  };
  const clauses: string[] = [];
  const assignments = set.map(({ name, value }) => {
    const n = free('#set', names);
    names[n] = name;
    const v = free(':set', values);
    values[v] = value;
    return `${n} = ${v}`;
  });
  if (assignments.length > 0) clauses.push(`SET ${assignments.join(', ')}`);
  const removals = remove.map((name) => {
    const n = free('#remove', names);
    names[n] = name;
    return n;
  });
  if (removals.length > 0) clauses.push(`REMOVE ${removals.join(', ')}`);
  return {
    UpdateExpression: clauses.join(' '),
    ExpressionAttributeNames: names,
    ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
  };
}

/** Inputs whose nulls are data: DynamoDB's NULL type, in an item or an expression's value. */
const NULL_KEEPING_INPUTS = ['item', 'attributes', 'expressionAttributeValues', 'putItems'];

/**
 * Validation drops nulls, which mean "not given" for a template field Zeebe maps empty; inside an item a null is a
 * value (DynamoDB's NULL), so these inputs are taken as the job gave them once they passed validation.
 */
export function withItemNulls<T extends { action: object }>(validated: T, given: unknown): T {
  if (given === null || typeof given !== 'object') return validated;
  const action: Record<string, unknown> = { ...validated.action };
  for (const name of NULL_KEEPING_INPUTS) {
    const value = (given as Record<string, unknown>)[name];
    if (action[name] !== undefined && value !== null && typeof value === 'object') action[name] = structuredClone(value);
  }
  return { ...validated, action };
}
