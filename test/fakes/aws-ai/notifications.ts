/**
 * Completion notifications of asynchronous jobs: published with the real AWS SDK SNS client to the SNS of
 * the emulator (MiniStack serves SNS and SQS on its one port), as Textract publishes to the job's
 * NotificationChannel.SNSTopicArn. The channel's RoleArn is not checked: the emulator has no IAM.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';

export interface Delivery {
  status: 'sent' | 'failed';
  topicArn: string;
  messageId?: string | undefined;
  error?: string | undefined;
}

export class Notifications {
  private readonly clients = new Map<string, SNSClient>();

  constructor(readonly endpoint: string) {}

  /** Publishes `message` as JSON to the topic; never throws (a failed delivery is reported, as AWS drops it). */
  async publish(topicArn: string, message: Record<string, unknown>): Promise<Delivery> {
    try {
      const out = await this.client(topicArn).send(new PublishCommand({ TopicArn: topicArn, Message: JSON.stringify(message) }));
      return { status: 'sent', topicArn, messageId: out.MessageId };
    } catch (e) {
      return { status: 'failed', topicArn, error: `${(e as Error).name}: ${(e as Error).message}` };
    }
  }

  /** A client in the topic's region (`arn:aws:sns:<region>:<account>:<name>`). */
  private client(topicArn: string): SNSClient {
    const region = topicArn.split(':')[3] || 'us-east-1';
    let client = this.clients.get(region);
    if (!client) {
      client = new SNSClient({ endpoint: this.endpoint, region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 2 });
      this.clients.set(region, client);
    }
    return client;
  }
}
