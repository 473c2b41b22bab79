import { ConnectorError } from '../runtime/errors';
import { isPlainObject } from '../runtime/expressions';

/** A message attribute as SQS and SNS take it. */
export interface MessageAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: Uint8Array;
}

export interface AttributeRules {
  /** The most attributes one message may carry. */
  max: number;
  /** SNS also has `String.Array` (a JSON array of strings, numbers, booleans and nulls). */
  stringArrays: boolean;
}

const NAME = /^[A-Za-z0-9_.-]{1,256}$/;
const DATA_TYPE = /^(String|Number|Binary)(\.[A-Za-z0-9_.-]+)?$/;
const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

/**
 * Reads a task's message attributes: a FEEL context (or its JSON text) of name -> value, where a value is a
 * string (DataType String), a number (Number), a boolean (String), a list (SNS only: String.Array), or the
 * services' own form `{DataType, StringValue | BinaryValue (base64)}` (also in camelCase, as Camunda's
 * connectors take it). Refused with INVALID_INPUT and `path`: names the services refuse, unknown data types,
 * empty values, more than `rules.max` attributes.
 */
export function readMessageAttributes(value: unknown, path: string, rules: AttributeRules): Record<string, MessageAttribute> | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const map = typeof value === 'string' ? parseAttributes(value, path) : value;
  if (!isPlainObject(map)) throw invalid(path, 'must be a context of attribute names to values, e.g. {"tenant": "acme"}');
  const entries = Object.entries(map);
  if (entries.length === 0) return undefined;
  if (entries.length > rules.max) throw invalid(path, `has ${entries.length} attributes; a message carries at most ${rules.max}`);
  return Object.fromEntries(entries.map(([name, v]) => [checkedName(name, path), attributeOf(v, `${path}: "${name.slice(0, 100)}"`, rules)]));
}

/** The bytes the services count for attributes: each name, data type and value. */
export function attributesSize(attributes: Record<string, MessageAttribute> | undefined): number {
  let bytes = 0;
  for (const [name, a] of Object.entries(attributes ?? {})) {
    bytes += Buffer.byteLength(name) + Buffer.byteLength(a.DataType);
    bytes += a.BinaryValue ? a.BinaryValue.length : Buffer.byteLength(a.StringValue ?? '');
  }
  return bytes;
}

function parseAttributes(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalid(path, 'is text that is not JSON; give a FEEL context of attribute names to values');
  }
}

function checkedName(name: string, path: string): string {
  const shown = JSON.stringify(name.slice(0, 100));
  if (!NAME.test(name)) throw invalid(path, `${shown} is not an attribute name (1 to 256 letters, digits, _ - . only)`);
  if (/^(aws|amazon)\./i.test(name)) throw invalid(path, `${shown}: names starting with AWS. or Amazon. are reserved`);
  if (name.startsWith('.') || name.endsWith('.') || name.includes('..')) throw invalid(path, `${shown}: a name may not start or end with a period or hold two in a row`);
  return name;
}

function attributeOf(value: unknown, where: string, rules: AttributeRules): MessageAttribute {
  if (typeof value === 'string') return checkedString({ DataType: 'String', StringValue: value }, where);
  if (typeof value === 'number' && Number.isFinite(value)) return { DataType: 'Number', StringValue: String(value) };
  if (typeof value === 'boolean') return { DataType: 'String', StringValue: String(value) };
  if (Array.isArray(value)) {
    if (!rules.stringArrays) throw invalid(where, 'a list is not an attribute value here (String, Number or Binary)');
    return { DataType: 'String.Array', StringValue: JSON.stringify(value) };
  }
  if (!isPlainObject(value)) throw invalid(where, 'must be a string, a number, or {DataType, StringValue} / {DataType, BinaryValue}');
  const dataType = value.DataType ?? value.dataType;
  const stringValue = value.StringValue ?? value.stringValue;
  const binaryValue = value.BinaryValue ?? value.binaryValue;
  if (typeof dataType !== 'string' || !(DATA_TYPE.test(dataType) || (rules.stringArrays && dataType === 'String.Array'))) {
    throw invalid(where, `DataType must be String, Number or Binary${rules.stringArrays ? ' or String.Array' : ''} (optionally with a .suffix), got ${JSON.stringify(dataType)}`);
  }
  if (dataType.length > 256) throw invalid(where, 'DataType is over 256 characters');
  if (dataType.startsWith('Binary')) {
    if (typeof binaryValue !== 'string' || binaryValue === '' || !/^[A-Za-z0-9+/]*={0,2}$/.test(binaryValue)) {
      throw invalid(where, 'a Binary attribute needs BinaryValue, base64 text');
    }
    return { DataType: dataType, BinaryValue: Buffer.from(binaryValue, 'base64') };
  }
  const text = typeof stringValue === 'number' || typeof stringValue === 'boolean' ? String(stringValue) : stringValue;
  if (typeof text !== 'string' || text.trim() === '') throw invalid(where, `a ${dataType} attribute needs a StringValue that is not blank`);
  if (dataType.startsWith('Number') && !NUMBER.test(text.trim())) throw invalid(where, `${JSON.stringify(text.slice(0, 50))} is not a number`);
  return checkedString({ DataType: dataType, StringValue: text }, where);
}

function checkedString(attribute: MessageAttribute, where: string): MessageAttribute {
  if (attribute.StringValue === '') throw invalid(where, 'the value is empty');
  const bad = firstInvalidCharacter(attribute.StringValue ?? '');
  if (bad !== undefined) throw invalid(where, `holds a character the services refuse (${bad})`);
  return attribute;
}

/**
 * The first character outside what SQS accepts in messages and attributes (#x9 #xA #xD #x20-#xD7FF
 * #xE000-#xFFFD #x10000-#x10FFFF: no other control characters, no unpaired surrogates), as U+XXXX.
 */
export function firstInvalidCharacter(text: string): string | undefined {
  const m = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.exec(text);
  return m ? `U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} at character ${m.index}` : undefined;
}

function invalid(path: string, message: string): ConnectorError {
  // `where` carries the attribute's name after the path; the error's path is the input's.
  const inputPath = path.split(':')[0]!;
  return new ConnectorError('INVALID_INPUT', `${path}: ${message}`, { path: inputPath });
}
