// What the inbound tests share: the emulator's SQS, what the engine shows of their processes, and their deployments,
// retired when a test file ends (a version without inbound elements) so that later workers subscribe to nothing.
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Camunda8 } from '@camunda8/sdk';
import { searchProcessInstances, searchVariables, stack } from './harness';
import { retired } from './inbound-models';

export function emulatorSqs(): SQSClient {
  const s = stack();
  return new SQSClient({ endpoint: s.AWS_ENDPOINT_URL_S3_EMULATOR, region: s.AWS_REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
}

/** Messages in the queue, visible and in flight. */
export async function queueCounts(sqs: SQSClient, url: string): Promise<{ visible: number; hidden: number }> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
  return { visible: Number(Attributes?.ApproximateNumberOfMessages ?? 0), hidden: Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0) };
}

export async function inQueue(sqs: SQSClient, url: string): Promise<number> {
  const { visible, hidden } = await queueCounts(sqs, url);
  return visible + hidden;
}

export const instancesOf = (id: string) => searchProcessInstances({ processDefinitionId: id });

/** A variable of an instance (parsed), or undefined. */
export async function variable(processInstanceKey: string, name: string): Promise<unknown> {
  const found = (await searchVariables({ processInstanceKey, name }))[0];
  return found === undefined ? undefined : JSON.parse(found.value);
}

/** Deploys the tests' processes and retires them all at the end. */
export class Deployments {
  private readonly ids = new Set<string>();

  constructor(private readonly c8: () => Camunda8) {}

  async deploy(id: string, xml: string): Promise<void> {
    this.track(id);
    await this.c8().getZeebeGrpcApiClient().deployResource({ process: Buffer.from(xml), name: `${id}.bpmn` });
  }

  /** A process deployed some other way, retired with the rest. */
  track(id: string): void {
    this.ids.add(id);
  }

  async retireAll(): Promise<void> {
    for (const id of this.ids) await this.c8().getZeebeGrpcApiClient().deployResource({ process: Buffer.from(retired(id)), name: `${id}.bpmn` });
  }
}
