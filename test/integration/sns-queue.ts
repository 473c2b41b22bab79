/**
 * An SNS topic with an SQS queue subscribed to it, on the emulator (MiniStack serves SNS and SQS on the
 * port of its S3): where a test reads the completion notifications the AWS AI stand-in publishes.
 */
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { stack } from './harness';

export interface SubscribedQueue {
  topicArn: string;
  queueUrl: string;
  /** The next notification's message (the SNS envelope's `Message`, parsed), waiting up to `timeoutMs`. */
  next(timeoutMs?: number): Promise<Record<string, unknown>>;
  close(): void;
}

export async function subscribedQueue(name: string): Promise<SubscribedQueue> {
  const s = stack();
  const config = { endpoint: s.AWS_ENDPOINT_URL_S3_EMULATOR, region: s.AWS_REGION ?? 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  const sns = new SNSClient(config);
  const sqs = new SQSClient(config);
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: name }));
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: Attributes!.QueueArn }));
  return {
    topicArn: TopicArn!,
    queueUrl: QueueUrl!,
    next: async (timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: 1 }));
        const m = Messages?.[0];
        if (!m) continue;
        await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle }));
        const envelope = JSON.parse(m.Body!) as { Type?: string; TopicArn?: string; Message: string };
        expect(envelope).toMatchObject({ Type: 'Notification', TopicArn });
        return JSON.parse(envelope.Message) as Record<string, unknown>;
      }
      throw new Error(`no notification on ${name} within ${timeoutMs} ms`);
    },
    close: () => {
      sns.destroy();
      sqs.destroy();
    },
  };
}
