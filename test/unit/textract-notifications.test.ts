import { checkQueueUrl, jobIdOf } from '../../worker/connectors/textract/notifications';

const textract = { JobId: 'a'.repeat(64), Status: 'SUCCEEDED', API: 'StartDocumentTextDetection', Timestamp: 1 };

test('the Textract job of a notification: in the SNS envelope, or delivered raw', () => {
  expect(jobIdOf(JSON.stringify({ Type: 'Notification', TopicArn: 'arn:aws:sns:us-east-1:123456789012:t', Message: JSON.stringify(textract) }))).toBe(textract.JobId);
  expect(jobIdOf(JSON.stringify(textract))).toBe(textract.JobId);
});

test('anything else is no Textract job', () => {
  for (const body of [undefined, '', 'not json', 'null', '[]', '{"JobId": 7}', JSON.stringify({ Type: 'Notification', Message: '{' }), JSON.stringify({ Type: 'Notification', Message: '{"Status":"x"}' })]) {
    expect(jobIdOf(body)).toBeUndefined();
  }
});

test('queue URLs: AWS and an emulator are taken; anything else is INVALID_INPUT with the path', () => {
  expect(() => checkQueueUrl('https://sqs.eu-west-1.amazonaws.com/123456789012/textract-done', 'action.q')).not.toThrow();
  expect(() => checkQueueUrl('http://localhost:4566/000000000000/done_1', 'action.q')).not.toThrow();
  for (const bad of ['http://169.254.169.254/latest/meta-data', 'https://sqs.amazonaws.com/123/q', 'ftp://h/123456789012/q', 'https://user@h/123456789012/q', 'https://h/123456789012/q?x=1', 'https://h/123456789012/a/b']) {
    expect(() => checkQueueUrl(bad, 'action.q')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', path: 'action.q' }));
  }
});
