import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectors } from '../../worker/connectors';
import type { ConnectorDeps } from '../../worker/connectors/deps';
import { INBOUND_KINDS, inboundTemplateFileName } from '../../worker/templates/inbound';

const TEMPLATES_DIR = join(__dirname, '..', '..', 'element-templates');

/** Every published version of our own job templates (the current ones and element-templates/versioned/; inbound elements have no jobs). */
function templates(): { file: string; id: string; inputs: string[] }[] {
  const inbound = new Set(INBOUND_KINDS.map(inboundTemplateFileName));
  const files = [
    ...readdirSync(TEMPLATES_DIR).filter((f) => f.endsWith('.json') && !inbound.has(f)).map((f) => join(TEMPLATES_DIR, f)),
    ...readdirSync(join(TEMPLATES_DIR, 'versioned')).filter((f) => f.endsWith('.json')).map((f) => join(TEMPLATES_DIR, 'versioned', f)),
  ];
  return files.map((file) => {
    const t = JSON.parse(readFileSync(file, 'utf8')) as { id: string; properties: { binding: { type: string; name?: string } }[] };
    return { file, id: t.id, inputs: t.properties.filter((p) => p.binding.type === 'zeebe:input').map((p) => p.binding.name!) };
  });
}

const ownFetch = (name: string) => connectors.find((c) => c.name === name)!.handlers({} as ConnectorDeps).own.fetchVariables;

test('each own task type fetches exactly the variables it reads: its inputs, and the seeds\' `function` for Lambda', () => {
  const action = ['authentication', 'configuration', 'action'];
  expect(ownFetch('s3')).toEqual(action);
  expect(ownFetch('textract')).toEqual(action);
  expect(ownFetch('comprehend')).toEqual(action);
  expect(ownFetch('rekognition')).toEqual(action);
  expect(ownFetch('dynamodb')).toEqual(action);
  expect(ownFetch('sqs')).toEqual(['authentication', 'configuration', 'action', 'queue', 'message', 'messages']);
  expect(ownFetch('sns')).toEqual(['authentication', 'configuration', 'target', 'message']);
  expect(ownFetch('eventbridge')).toEqual(['authentication', 'configuration', 'action', 'event', 'events']);
  expect(ownFetch('bedrock')).toEqual(action);
  expect(ownFetch('sagemaker')).toEqual([...action, 'sagemakerAsyncInference']);
  expect(ownFetch('lambda')).toEqual(['authentication', 'configuration', 'functionName', 'payload', 'invocationType', 'qualifier', 'logTail', 'onFunctionError', 'functionErrorCode', 'function']);
});

test('every input binding of every published version of our templates is fetched (by its top-level name)', () => {
  const all = templates();
  // The current file and every earlier version of each connector's template.
  expect(all.length).toBe(connectors.reduce((n, c) => n + c.template.version, 0));
  for (const t of all) {
    const connector = connectors.find((c) => c.template.id === t.id);
    expect([t.file, connector?.name]).toEqual([t.file, expect.any(String)]);
    const fetched = connector!.handlers({} as ConnectorDeps).own.fetchVariables!;
    const missing = [...new Set(t.inputs.map((name) => name.split('.')[0]!))].filter((name) => !fetched.includes(name));
    expect([t.file, missing]).toEqual([t.file, []]);
  }
});
