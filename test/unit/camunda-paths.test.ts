import { inModelerTerms } from '../../worker/connectors/camunda-paths';
import { ConnectorError } from '../../worker/runtime/errors';

const bindings = { 'action.snsTopicArn': 'input.notificationChannelSnsTopicArn', 'action.document': 'input.document', payload: 'awsFunction.payload' };

test('property paths in a message and the error path become the template bindings', () => {
  const renamed = inModelerTerms(new ConnectorError('INVALID_INPUT', 'Found constraints violated while validating input:\n - action.snsTopicArn: give both\n - action.document: is required', {
    path: 'action.snsTopicArn', type: 'X', camundaType: 'Y', variables: { a: 1 },
  }), bindings) as ConnectorError;
  expect(renamed.message).toBe('Found constraints violated while validating input:\n - input.notificationChannelSnsTopicArn: give both\n - input.document: is required');
  expect(renamed).toMatchObject({ code: 'INVALID_INPUT', path: 'input.notificationChannelSnsTopicArn', type: 'X', camundaType: 'Y', variables: { a: 1 } });
});

test('longer and dotted names stay; a bare name followed by a colon is taken for the property, even in prose', () => {
  const message = 'payload: too big; the function rejected the payload: no; action.documentId: x; my.payload: y';
  const renamed = inModelerTerms(new ConnectorError('REQUEST_TOO_LARGE', message), bindings) as ConnectorError;
  expect(renamed.message).toBe('awsFunction.payload: too big; the function rejected the awsFunction.payload: no; action.documentId: x; my.payload: y');
});

test('anything that is not a ConnectorError is left as it is', () => {
  const error = new Error('action.document: boom');
  expect(inModelerTerms(error, bindings)).toBe(error);
});
