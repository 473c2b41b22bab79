/**
 * The docs pages' "AWS answers | code" tables say what worker/aws/errors.ts does: each exception named there maps
 * to the code the table gives, so a change to the mapping that the docs do not follow fails here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fromAwsError } from '../../worker/aws/errors';

const DOCS = ['textract', 'rekognition', 'comprehend', 'lambda', 'dynamodb', 'sqs', 'sns', 'eventbridge', 'bedrock', 'sagemaker'];

function rows(page: string): [string, string][] {
  const text = readFileSync(path.resolve(__dirname, `../../docs/${page}.md`), 'utf8');
  const table = text.split('\n| AWS answers | code |\n')[1];
  if (!table) throw new Error(`docs/${page}.md has no "AWS answers | code" table`);
  const out: [string, string][] = [];
  for (const line of table.split('\n').slice(1)) {
    if (!line.startsWith('|')) break;
    const [names, code] = line.split('|').slice(1, 3).map((c) => c.trim());
    if (!names!.startsWith('`')) continue;
    for (const name of names!.match(/`([A-Za-z]+)`/g)!.map((n) => n.slice(1, -1))) out.push([name, code!.replace(/`/g, '')]);
  }
  return out;
}

test.each(DOCS)('docs/%s.md: every exception in the errors table maps to the code it gives', (page) => {
  const table = rows(page);
  expect(table.length).toBeGreaterThan(3);
  for (const [name, code] of table) expect([name, fromAwsError({ name, $metadata: { httpStatusCode: 400 } }, 'call').code]).toEqual([name, code]);
});

test('a 2xx answer that could not be parsed is INVALID_RESULT_FORMAT; unknown names fall back to the status, then UNKNOWN_ERROR', () => {
  expect(fromAwsError({ name: 'SyntaxError', $metadata: { httpStatusCode: 200 } }, 'call').code).toBe('INVALID_RESULT_FORMAT');
  expect(fromAwsError({ name: 'Whatever', $metadata: { httpStatusCode: 423 } }, 'call').code).toBe('LOCKED');
  expect(fromAwsError({ name: 'Whatever', $metadata: { httpStatusCode: 418 } }, 'call').code).toBe('UNKNOWN_ERROR');
});
