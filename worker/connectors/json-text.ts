/**
 * A request body that must be JSON (a Lambda payload, a Bedrock model's body): an object goes as JSON; a string
 * that is JSON text goes as it is; other text goes as a JSON string. Nothing (undefined, null, '') stays undefined.
 */
export function jsonText(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') return JSON.stringify(value);
  try {
    JSON.parse(value);
    return value;
  } catch {
    return JSON.stringify(value);
  }
}
