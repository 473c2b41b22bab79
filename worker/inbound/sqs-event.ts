import type { Message } from '@aws-sdk/client-sqs';

/**
 * What an SQS element's activation condition, correlation key and result expression see: the message as
 * Camunda's SQS inbound connector gives it (its Java record's field names, `mD5OfBody` included), the body
 * parsed as JSON when it is JSON, else the text.
 */
export function sqsEvent(message: Message): Record<string, unknown> {
  const messageAttributes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    messageAttributes[name] = {
      stringValue: value.StringValue ?? null,
      binaryValue: value.BinaryValue ? Buffer.from(value.BinaryValue).toString('base64') : null,
      stringListValues: value.StringListValues ?? [],
      binaryListValues: (value.BinaryListValues ?? []).map((b) => Buffer.from(b).toString('base64')),
      dataType: value.DataType ?? null,
    };
  }
  return {
    messageId: message.MessageId ?? null,
    receiptHandle: message.ReceiptHandle ?? null,
    mD5OfBody: message.MD5OfBody ?? null,
    body: parseBody(message.Body),
    attributes: { ...(message.Attributes ?? {}) },
    mD5OfMessageAttributes: message.MD5OfMessageAttributes ?? null,
    messageAttributes,
  };
}

function parseBody(body: string | undefined): unknown {
  if (body === undefined) return null;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}
