import { Value } from '@sinclair/typebox/value';
import { ConnectorError } from '../../worker/runtime/errors';
import { BedrockResultSchemas } from '../../worker/connectors/bedrock/result-schema';
import { readCamundaBedrock } from '../../worker/connectors/bedrock/camunda-input';
import { documentName, formatOf } from '../../worker/connectors/bedrock/content';
import { converse, invokeModel } from '../../worker/connectors/bedrock/handler';
import { presentCamundaConverse } from '../../worker/connectors/bedrock/present';
import { connectorDeps, fakeHandler } from './security-helpers';

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) => ({ statusCode: status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const inline = (content: string, name: string, contentType?: string) => ({ 'camunda.document.type': 'inline', content, name, ...(contentType ? { contentType } : {}) });
const answer = (content: unknown[], stopReason = 'end_turn') => json({ output: { message: { role: 'assistant', content } }, stopReason, usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 }, metrics: { latencyMs: 42 } });
const sentBody = (handler: ReturnType<typeof fakeHandler>, i = 0) => JSON.parse(String((handler.seen[i] as unknown as { body: string }).body)) as Record<string, any>;

async function failure(p: Promise<unknown>): Promise<ConnectorError> {
  try {
    await p;
  } catch (e) {
    return e as ConnectorError;
  }
  throw new Error('expected a failure');
}

describe('document formats and names', () => {
  test.each([
    ['photo.JPG', undefined, 'jpeg'], ['scan.jpg', 'image/jpeg', 'jpeg'], ['notes', 'text/plain', 'txt'], ['report.PDF', undefined, 'pdf'],
    ['page.htm', undefined, 'html'], ['README', 'text/markdown', 'md'], ['data', 'text/csv; charset=utf-8', 'csv'], [undefined, 'image/webp', 'webp'],
  ])('%s (%s) -> %s', (name, type, format) => {
    expect(formatOf(name, type)).toBe(format);
  });

  test('a name in Bedrock\'s characters (letters, digits, single spaces, hyphens, parentheses, brackets), without the extension', () => {
    expect(documentName('invoice_2024.v2 (final).pdf')).toBe('invoice 2024 v2 (final)');
    expect(documentName('___.pdf')).toBe('document');
    expect(documentName(undefined)).toBe('document');
    expect(documentName(`${'x'.repeat(300)}.txt`)).toHaveLength(200);
  });
});

describe('converse', () => {
  test('system prompt, history, inference settings and guardrail are sent; documents become blocks after the history, before the text', async () => {
    const handler = fakeHandler(() => answer([{ text: 'Two ' }, { text: 'pumps.' }]));
    const result = await converse({ action: {
      type: 'converse', modelId: 'm', system: 'Be brief', message: 'How many?', maxTokens: 100, temperature: 0.1, stopSequences: ['END'],
      messages: [{ role: 'user', content: [{ text: 'Hi' }] }, { role: 'assistant', content: [{ text: 'Hello' }] }],
      documents: [inline('a,b', 'orders_2024.csv'), inline('x', 'same.csv'), inline('y', 'same.csv'), inline('png', 'logo.png', 'image/png')],
      guardrailIdentifier: 'gr-1', guardrailTrace: true,
    } }, connectorDeps(handler));
    const body = sentBody(handler);
    expect(handler.seen[0]!.path).toBe('/model/m/converse');
    expect(body.system).toEqual([{ text: 'Be brief' }]);
    expect(body.inferenceConfig).toEqual({ maxTokens: 100, temperature: 0.1, stopSequences: ['END'] });
    expect(body.guardrailConfig).toEqual({ guardrailIdentifier: 'gr-1', guardrailVersion: 'DRAFT', trace: 'enabled' });
    expect(body.messages).toHaveLength(3);
    expect(body.messages[2].content).toEqual([
      { document: { format: 'csv', name: 'orders 2024', source: { bytes: Buffer.from('a,b').toString('base64') } } },
      { document: { format: 'csv', name: 'same', source: { bytes: Buffer.from('x').toString('base64') } } },
      { document: { format: 'csv', name: 'same (2)', source: { bytes: Buffer.from('y').toString('base64') } } },
      { image: { format: 'png', source: { bytes: Buffer.from('png').toString('base64') } } },
      { text: 'How many?' },
    ]);
    expect(result).toMatchObject({ text: 'Two pumps.', stopReason: 'end_turn', usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 }, latencyMs: 42, toolUse: [] });
    // The stored user message keeps the documents as they were given, not their bytes.
    expect(result.messages[2]!.content[0]).toEqual({ document: inline('a,b', 'orders_2024.csv') });
    expect(result.messages.at(-1)).toEqual(result.message);
    expect(Value.Check(BedrockResultSchemas.own.converse!, result)).toBe(true);
    expect(Value.Check(BedrockResultSchemas.camunda.converse!, presentCamundaConverse(result))).toBe(true);
  });

  test('temperature and top P are left out unless set (some models refuse both)', async () => {
    const handler = fakeHandler(() => answer([{ text: 'ok' }]));
    await converse({ action: { type: 'converse', modelId: 'm', message: 'Hi' } }, connectorDeps(handler));
    expect(sentBody(handler).inferenceConfig).toBeUndefined();
  });

  test('tool use comes back as data; the answer with tool results goes out as it is', async () => {
    const handler = fakeHandler(() => answer([{ text: 'Checking.' }, { toolUse: { toolUseId: 't1', name: 'stock', input: { sku: 'P-7' } } }], 'tool_use'));
    const toolConfig = { tools: [{ toolSpec: { name: 'stock', inputSchema: { json: { type: 'object' } } } }] };
    const result = await converse({ action: { type: 'converse', modelId: 'm', message: 'Stock of P-7?', toolConfig } }, connectorDeps(handler));
    expect(result.stopReason).toBe('tool_use');
    expect(result.toolUse).toEqual([{ toolUseId: 't1', name: 'stock', input: { sku: 'P-7' } }]);
    expect(sentBody(handler).toolConfig).toEqual(toolConfig);

    const next = fakeHandler(() => answer([{ text: '12 units.' }]));
    const history = [...result.messages, { role: 'user' as const, content: [{ toolResult: { toolUseId: 't1', content: [{ json: { units: 12 } }] } }] }];
    const second = await converse({ action: { type: 'converse', modelId: 'm', messages: history, toolConfig } }, connectorDeps(next));
    expect(sentBody(next).messages.at(-1)).toEqual(history.at(-1));
    expect(second.messages).toHaveLength(history.length + 1);
  });

  test('no new message and a history not ending with the user: MISSING_INPUT', async () => {
    const e = await failure(converse({ action: { type: 'converse', modelId: 'm', messages: [{ role: 'assistant', content: [{ text: 'x' }] }] } }, connectorDeps(fakeHandler(() => answer([])))));
    expect([e.code, e.path]).toEqual(['MISSING_INPUT', 'action.message']);
  });

  test('quotas: a sixth document and an unsupported format are refused before the call', async () => {
    const handler = fakeHandler(() => answer([]));
    const six = Array.from({ length: 6 }, (_, i) => inline('x', `d${i}.txt`));
    expect((await failure(converse({ action: { type: 'converse', modelId: 'm', message: 'x', documents: six } }, connectorDeps(handler)))).message).toMatch(/more than 5 documents/);
    expect((await failure(converse({ action: { type: 'converse', modelId: 'm', message: 'x', documents: [inline('x', 'a.exe')] } }, connectorDeps(handler)))).message).toMatch(/Bedrock takes pdf, csv/);
    const native = (i: number) => ({ role: 'user' as const, content: [{ image: { format: 'png', source: { bytes: Buffer.from(`img${i}`).toString('base64') } } }] });
    const history = Array.from({ length: 21 }, (_, i) => native(i));
    expect((await failure(converse({ action: { type: 'converse', modelId: 'm', messages: history } }, connectorDeps(handler)))).message).toMatch(/action\.messages\[20\]\.content\[0\]\.image: more than 20 images/);
    expect(handler.seen).toHaveLength(0);
  });

  test('a blocked guardrail, a context window overflow (stop reason or ValidationException) and throttling have their codes', async () => {
    const blocked = await failure(converse({ action: { type: 'converse', modelId: 'm', message: 'x' } }, connectorDeps(fakeHandler(() => answer([{ text: 'Blocked.' }], 'guardrail_intervened')))));
    expect([blocked.code, (blocked.variables?.bedrockResult as { text: string }).text]).toEqual(['GUARDRAIL_INTERVENED', 'Blocked.']);
    const overflow = await failure(converse({ action: { type: 'converse', modelId: 'm', message: 'x' } }, connectorDeps(fakeHandler(() => answer([], 'model_context_window_exceeded')))));
    expect(overflow.code).toBe('CONTEXT_WINDOW_EXCEEDED');
    const tooLong = await failure(converse({ action: { type: 'converse', modelId: 'm', message: 'x' } }, connectorDeps(fakeHandler(() =>
      json({ message: 'Input is too long for requested model.' }, 400, { 'x-amzn-errortype': 'ValidationException' })))));
    expect([tooLong.code, tooLong.transient]).toEqual(['CONTEXT_WINDOW_EXCEEDED', false]);
    const otherValidation = await failure(converse({ action: { type: 'converse', modelId: 'm', message: 'x' } }, connectorDeps(fakeHandler(() =>
      json({ message: 'The model returned the following errors: temperature and top_p cannot both be specified' }, 400, { 'x-amzn-errortype': 'ValidationException' })))));
    expect(otherValidation.code).toBe('BAD_REQUEST');
    const throttled = await failure(converse({ action: { type: 'converse', modelId: 'm', message: 'x' } }, connectorDeps(fakeHandler(() =>
      json({ message: 'Too many requests' }, 429, { 'x-amzn-errortype': 'ThrottlingException' })))));
    expect([throttled.code, throttled.transient]).toEqual(['THROTTLING_ERROR', true]);
  });
});

describe('invokeModel', () => {
  test('a FEEL context goes as JSON, JSON text as it is; the JSON answer is parsed; a guardrail that intervenes is GUARDRAIL_INTERVENED', async () => {
    const handler = fakeHandler(() => json({ completion: 'Hi' }));
    const result = await invokeModel({ action: { type: 'invokeModel', modelId: 'm', body: { prompt: 'x' } } }, connectorDeps(handler));
    expect(result).toEqual({ body: { completion: 'Hi' }, contentType: 'application/json' });
    expect(Value.Check(BedrockResultSchemas.own.invokeModel!, result)).toBe(true);
    await invokeModel({ action: { type: 'invokeModel', modelId: 'm', body: '{"prompt":"y"}' } }, connectorDeps(handler));
    expect(String((handler.seen[1] as unknown as { body: Buffer }).body)).toBe('{"prompt":"y"}');
    const e = await failure(invokeModel({ action: { type: 'invokeModel', modelId: 'm', body: {}, guardrailIdentifier: 'g' } }, connectorDeps(fakeHandler(() => json({ 'amazon-bedrock-guardrailAction': 'INTERVENED', outputs: [] })))));
    expect(e.code).toBe('GUARDRAIL_INTERVENED');
  });
});

describe('io.camunda:aws-bedrock:1', () => {
  const auth = { authentication: { type: 'credentials', accessKey: 'a', secretKey: 'b' }, configuration: { region: 'eu-west-1' } };

  test('invokeModel is the default action; payload is the body', () => {
    expect(readCamundaBedrock({ ...auth, data: { modelId: 'm', payload: { a: 1 } } }).action).toEqual({ type: 'invokeModel', modelId: 'm', body: { a: 1 } });
  });

  test('converse: maxTokens 512 unless set (a string in template v1), history in contentList form, v1 bindings, documents from the helper fields', () => {
    const input = readCamundaBedrock({ ...auth, action: 'converse', data: {
      modelId: 'm', messages: [{ role: 'user', contentList: [{ text: 'Hi' }] }, { role: 'assistant', contentList: [{}] }], nextMessage: 'Next',
      data_newDocuments_documentMode: 'single', data_newDocuments_single_documentSource: 'external', data_newDocuments_single_external_url: 'https://x/a.pdf',
      newDocuments: [null],
    } });
    expect(input.action).toEqual({
      type: 'converse', modelId: 'm', message: 'Next', maxTokens: 512, temperature: undefined, topP: undefined,
      messages: [{ role: 'user', content: [{ text: 'Hi' }] }, { role: 'assistant', content: [{ text: ' ' }] }],
      documents: [{ 'camunda.document.type': 'external', url: 'https://x/a.pdf', name: undefined }],
    });
    expect((readCamundaBedrock({ ...auth, action: 'converse', data: { modelId: 'm', newMessage: 'x', maxTokens: '300' } }).action as { maxTokens: number }).maxTokens).toBe(300);
  });

  test('the answer: the whole conversation, an assistant\'s non-text blocks as {}', () => {
    expect(presentCamundaConverse({
      messages: [{ role: 'user', content: [{ document: { id: 1 } }, { text: 'q' }] }, { role: 'assistant', content: [{ text: 'a' }, { toolUse: { name: 't' } }] }],
    } as never)).toEqual([{ role: 'user', contentList: [{ document: { id: 1 } }, { text: 'q' }] }, { role: 'assistant', contentList: [{ text: 'a' }, {}] }]);
  });
});
