/**
 * SQS queues on the emulator, read directly with the AWS SDK: where the messaging tests find what the worker
 * sent (a message sent to a queue, an SNS publication or an EventBridge event delivered to one).
 */
import { CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { stack } from './harness';

export const AWS = () => {
  const s = stack();
  return { endpoint: s.AWS_ENDPOINT_URL_S3_EMULATOR, region: s.AWS_REGION ?? 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
};

export interface TestQueue {
  url: string;
  arn: string;
  name: string;
  /** The next `count` messages, each deleted once read, waiting up to `timeoutMs` for all of them. */
  receive(count?: number, timeoutMs?: number): Promise<Message[]>;
  /** True when nothing arrives within `ms`. */
  staysEmpty(ms?: number): Promise<boolean>;
}

let sqs: SQSClient | undefined;
const client = () => (sqs ??= new SQSClient(AWS()));

export async function createQueue(name: string, attributes: Record<string, string> = {}): Promise<TestQueue> {
  const fifo = name.endsWith('.fifo');
  const { QueueUrl } = await client().send(new CreateQueueCommand({ QueueName: name, Attributes: { ...(fifo ? { FifoQueue: 'true' } : {}), ...attributes } }));
  const { Attributes } = await client().send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  const receive = async (count = 1, timeoutMs = 15_000) => {
    const got: Message[] = [];
    const deadline = Date.now() + timeoutMs;
    while (got.length < count && Date.now() < deadline) {
      const { Messages } = await client().send(new ReceiveMessageCommand({
        QueueUrl, MaxNumberOfMessages: Math.min(10, count - got.length), WaitTimeSeconds: 1, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'],
      }));
      for (const m of Messages ?? []) {
        got.push(m);
        await client().send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle }));
      }
    }
    if (got.length < count) throw new Error(`${got.length} of ${count} messages on ${name} within ${timeoutMs} ms`);
    return got;
  };
  return {
    url: QueueUrl!,
    arn: Attributes!.QueueArn!,
    name,
    receive,
    staysEmpty: async (ms = 2000) => {
      const { Messages } = await client().send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: Math.ceil(ms / 1000) }));
      return (Messages ?? []).length === 0;
    },
  };
}

export function closeQueues(): void {
  sqs?.destroy();
  sqs = undefined;
}
