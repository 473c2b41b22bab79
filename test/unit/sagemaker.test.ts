import { decodeAnswer, isJsonType, requestBody } from '../../worker/connectors/sagemaker/body';
import { readCamundaSageMaker } from '../../worker/connectors/sagemaker/camunda-input';
import { pendingInvocation } from '../../worker/connectors/sagemaker/pending';

describe('bodies', () => {
  test('our type sends text as given and anything else as JSON; Camunda\'s quotes text', () => {
    expect(requestBody('1,2\n3,4').toString()).toBe('1,2\n3,4');
    expect(requestBody({ instances: [[1]] }).toString()).toBe('{"instances":[[1]]}');
    expect(requestBody([1, 2]).toString()).toBe('[1,2]');
    expect(requestBody('1,2', true).toString()).toBe('"1,2"');
  });

  test('JSON content types (with parameters, +json) are parsed; text stays text; other bytes become base64', () => {
    expect(isJsonType('application/json; charset=utf-8')).toBe(true);
    expect(isJsonType('application/problem+json')).toBe(true);
    expect(isJsonType('application/jsonlines')).toBe(false);
    expect(decodeAnswer(Buffer.from('{"a":1}'), 'application/json;charset=UTF-8')).toEqual({ body: { a: 1 } });
    expect(decodeAnswer(Buffer.from('not json'), 'application/json')).toEqual({ body: 'not json' });
    expect(decodeAnswer(Buffer.from('0.5\n'), 'text/csv')).toEqual({ body: '0.5\n' });
    expect(decodeAnswer(Buffer.from('{"a":1}\n{"a":2}\n'), 'application/jsonlines')).toEqual({ body: '{"a":1}\n{"a":2}\n' });
    expect(decodeAnswer(Buffer.from([0x89, 0x50]), 'image/png')).toEqual({ body: 'iVA=', bodyEncoding: 'base64' });
  });
});

describe('a remembered asynchronous inference', () => {
  const action = { type: 'invokeEndpointAsync' as const, endpointName: 'e', inputLocation: 's3://in/a.csv' };
  const remembered = { endpointName: 'e', inputLocation: 's3://in/a.csv', outputLocation: 's3://out/x.out', failureLocation: 's3://out/f/x-error.out', inferenceId: 'i' };

  test('is resumed for the same endpoint and input only, and only with S3 locations', () => {
    expect(pendingInvocation(remembered, action)).toEqual(remembered);
    expect(pendingInvocation({ ...remembered, inputLocation: 's3://in/b.csv' }, action)).toBeUndefined();
    expect(pendingInvocation({ ...remembered, endpointName: 'other' }, action)).toBeUndefined();
    expect(pendingInvocation({ ...remembered, outputLocation: 'https://evil.example/x' }, action)).toBeUndefined();
    expect(pendingInvocation({ ...remembered, failureLocation: 'file:///etc/passwd' }, action)).toEqual({ ...remembered, failureLocation: null });
    expect(pendingInvocation('text', action)).toBeUndefined();
    expect(pendingInvocation(null, action)).toBeUndefined();
  });
});

describe('io.camunda:aws-sagemaker:1', () => {
  const auth = { authentication: { type: 'credentials', accessKey: 'a', secretKey: 'b' }, configuration: { region: 'eu-west-1' } };

  test('SYNC (the default): Camunda\'s defaults and explanations mapping', () => {
    expect(readCamundaSageMaker({ ...auth, input: { endpointName: 'e', body: { a: 1 }, enableExplanations: 'YES', customAttributes: '', targetModel: null } }).action).toEqual({
      type: 'invokeEndpoint', endpointName: 'e', body: { a: 1 }, contentType: 'application/json', accept: 'application/json', customAttributes: undefined, inferenceId: undefined,
      targetModel: undefined, targetVariant: undefined, targetContainerHostname: undefined, inferenceComponentName: undefined, enableExplanations: '1',
    });
  });

  test('ASYNC: the seconds given as text are numbers; it does not wait; a missing input location is MISSING_INPUT', () => {
    expect(readCamundaSageMaker({ ...auth, input: { invocationType: 'ASYNC', endpointName: 'e', inputLocation: 's3://b/k', requestTTLSeconds: '600', invocationTimeoutSeconds: ' 90 ' } }).action).toMatchObject({
      type: 'invokeEndpointAsync', inputLocation: 's3://b/k', requestTTLSeconds: 600, invocationTimeoutSeconds: 90, wait: false,
    });
    expect(() => readCamundaSageMaker({ ...auth, input: { invocationType: 'ASYNC', endpointName: 'e' } })).toThrow(/input.inputLocation: is required/);
    expect(() => readCamundaSageMaker({ ...auth, input: { invocationType: 'ASYNC', endpointName: 'e', inputLocation: 's3://b/k', requestTTLSeconds: 'soon' } })).toThrow(/input.requestTTLSeconds: must be a whole number/);
  });
});
