import { Type } from '@sinclair/typebox';
import { validateInput } from '../../runtime/validation';
import { given, isFifo } from '../camunda-fields';
import { camundaConnection, CamundaConnectionSchema } from '../camunda-connection';
import type { BindingNames } from '../camunda-paths';
import type { SnsInput } from './schema';

/** The official connector's bindings, every template version (v1..v11; `topic.region` before v2's configuration.region). */
const CamundaSnsSchema = Type.Object({
  ...CamundaConnectionSchema,
  topic: Type.Object({
    topicArn: Type.String({ minLength: 1 }),
    type: Type.Optional(Type.String()),
    region: Type.Optional(Type.String()),
    subject: Type.Optional(Type.String()),
    message: Type.Optional(Type.Unknown()),
    messageAttributes: Type.Optional(Type.Unknown()),
    messageGroupId: Type.Optional(Type.String()),
    messageDeduplicationId: Type.Optional(Type.String()),
  }),
});

/** Reads an io.camunda:aws-sns:1 job into our input: a topic, with the group IDs only for a FIFO topic (as the template shows them). */
export function readCamundaSns(variables: Record<string, unknown>): SnsInput {
  const v = validateInput(CamundaSnsSchema, variables);
  const t = v.topic;
  const fifo = isFifo(t.type, 'topic.type', t.topicArn);
  const connection = camundaConnection({ ...v, configuration: { ...v.configuration, region: v.configuration?.region || given(t.region) } });
  return {
    ...connection,
    target: { type: 'topic', topicArn: t.topicArn },
    message: {
      body: t.message,
      subject: given(t.subject),
      attributes: t.messageAttributes,
      groupId: fifo ? given(t.messageGroupId) : undefined,
      deduplicationId: fifo ? given(t.messageDeduplicationId) : undefined,
    },
  };
}

/** Where our SNS inputs come from in Camunda's template, for messages in the modeler's terms. */
export const CAMUNDA_SNS_BINDINGS: BindingNames = {
  'target.topicArn': 'topic.topicArn',
  'message.body': 'topic.message',
  'message.subject': 'topic.subject',
  'message.attributes': 'topic.messageAttributes',
  'message.groupId': 'topic.messageGroupId',
  'message.deduplicationId': 'topic.messageDeduplicationId',
};
