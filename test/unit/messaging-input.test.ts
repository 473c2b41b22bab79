/**
 * The message checks SQS, SNS and EventBridge share or own, on the values a hostile or careless model gives: sizes
 * counted as the services count them, attribute names and values the services refuse, characters SQS refuses.
 */
import { entrySize } from '../../worker/connectors/eventbridge/handler';
import { attributesSize, firstInvalidCharacter, readMessageAttributes } from '../../worker/connectors/message-attributes';
import { messageText } from '../../worker/connectors/message-text';
import { ConnectorError } from '../../worker/runtime/errors';

const sqsRules = { max: 10, stringArrays: false };
const snsRules = { max: 100, stringArrays: true };

function failure(fn: () => unknown): ConnectorError {
  try {
    fn();
  } catch (e) {
    return e as ConnectorError;
  }
  throw new Error('expected a failure');
}

test('each value kind becomes its data type; the services\' own form in either case is kept', () => {
  expect(readMessageAttributes({ s: 'x', n: -1.5e3, b: true, o: { DataType: 'Number.int', StringValue: '7' }, c: { dataType: 'Binary', binaryValue: 'AAE=' } }, 'a', sqsRules)).toEqual({
    s: { DataType: 'String', StringValue: 'x' },
    n: { DataType: 'Number', StringValue: '-1500' },
    b: { DataType: 'String', StringValue: 'true' },
    o: { DataType: 'Number.int', StringValue: '7' },
    c: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1]) },
  });
  expect(readMessageAttributes({ l: ['eu', 1] }, 'a', snsRules)).toEqual({ l: { DataType: 'String.Array', StringValue: '["eu",1]' } });
  expect(readMessageAttributes('{"t": "x"}', 'a', sqsRules)).toEqual({ t: { DataType: 'String', StringValue: 'x' } });
  expect(readMessageAttributes({}, 'a', sqsRules)).toBeUndefined();
});

test.each([
  [{ 'AWS.x': '1' }, 'names starting with AWS. or Amazon. are reserved'],
  [{ 'amazon.x': '1' }, 'names starting with AWS. or Amazon. are reserved'],
  [{ '.x': '1' }, 'may not start or end with a period'],
  [{ 'a..b': '1' }, 'may not start or end with a period'],
  [{ 'with space': '1' }, 'is not an attribute name'],
  [{ ['x'.repeat(257)]: '1' }, 'is not an attribute name'],
  [{ x: { DataType: 'Number', StringValue: '12abc' } }, 'is not a number'],
  [{ x: { DataType: 'Boolean', StringValue: 'true' } }, 'DataType must be String, Number or Binary'],
  [{ x: { DataType: 'String', StringValue: ' ' } }, 'needs a StringValue that is not blank'],
  [{ x: { DataType: 'Binary', BinaryValue: 'not base64!' } }, 'needs BinaryValue, base64 text'],
  [{ x: 'bell\u0007' }, 'holds a character the services refuse (U+0007'],
  [{ x: ['a'] }, 'a list is not an attribute value here'],
  [{ x: null }, 'must be a string, a number'],
  [Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`a${i}`, 'v'])), 'has 11 attributes; a message carries at most 10'],
  ['{not json', 'is text that is not JSON'],
  [[1, 2], 'must be a context of attribute names to values'],
])('refused with INVALID_INPUT and the input\'s path (case %#)', (value, message) => {
  const e = failure(() => readMessageAttributes(value, 'message.attributes', sqsRules));
  expect(e).toBeInstanceOf(ConnectorError);
  expect(e.code).toBe('INVALID_INPUT');
  expect(e.path).toBe('message.attributes');
  expect(e.message).toContain(message);
});

test('"__proto__" is an attribute like any other, not a prototype', () => {
  const attributes = readMessageAttributes(JSON.parse('{"__proto__": "x"}'), 'a', sqsRules)!;
  expect(Object.keys(attributes)).toEqual(['__proto__']);
  expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype);
});

test('sizes as the services count them: UTF-8 bytes of names, data types and values (binary: its bytes)', () => {
  expect(attributesSize(readMessageAttributes({ k: 'é', bin: { DataType: 'Binary', BinaryValue: 'AAEC' } }, 'a', sqsRules))).toBe(1 + 6 + 2 + 3 + 6 + 3);
  expect(entrySize('src', 'type', '{"a":"é"}', ['arn:aws:s3:::b'], true)).toBe(14 + 3 + 4 + 10 + 14);
  expect(entrySize('src', 'type', '{}', [], false)).toBe(9);
});

test('SQS\'s characters: tab, line breaks and all of Unicode but other controls, U+FFFE/U+FFFF and unpaired surrogates', () => {
  expect(firstInvalidCharacter('a\tb\r\nc é 😀 \uE000')).toBeUndefined();
  expect(firstInvalidCharacter('ok\u0000')).toBe('U+0000 at character 2');
  expect(firstInvalidCharacter('\uFFFF')).toBe('U+FFFF at character 0');
  expect(firstInvalidCharacter('x\uD800y')).toBe('U+D800 at character 1');
});

test('a message text: strings as they are, other values as JSON, nothing as MISSING_INPUT', () => {
  expect(messageText('{"a":1}', 'b')).toBe('{"a":1}');
  expect(messageText({ a: [1, 'x'] }, 'b')).toBe('{"a":[1,"x"]}');
  expect(messageText(0, 'b')).toBe('0');
  expect(failure(() => messageText('  ', 'message.body'))).toMatchObject({ code: 'MISSING_INPUT', path: 'message.body' });
  expect(failure(() => messageText(undefined, 'message.body'))).toMatchObject({ code: 'MISSING_INPUT', path: 'message.body' });
});
