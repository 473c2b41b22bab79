import { EngineError } from '../api';

/**
 * Parses a JSON document sent as a string field (variables, custom headers), as Zeebe's gateway does:
 * empty means none; anything but a JSON object is INVALID_ARGUMENT.
 */
export function parseDocument(property: string, text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new EngineError('INVALID_ARGUMENT', `Property '${property}' is invalid: Expected a JSON document, but could not parse '${clip(text)}': ${(e as Error).message}`);
  }
  if (value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new EngineError('INVALID_ARGUMENT', `Property '${property}' is invalid: Expected document to be a root level object, but was '${msgPackTypeOf(value)}'`);
  }
  return value as Record<string, unknown>;
}

/** The MessagePack type name Zeebe reports for a non-object document. */
function msgPackTypeOf(value: unknown): string {
  if (Array.isArray(value)) return 'ARRAY';
  if (typeof value === 'string') return 'STRING';
  if (typeof value === 'boolean') return 'BOOLEAN';
  if (typeof value === 'number') return Number.isInteger(value) ? 'INTEGER' : 'FLOAT';
  return 'NIL';
}

function clip(text: string): string {
  return text.length > 100 ? `${text.slice(0, 100)}...` : text;
}
