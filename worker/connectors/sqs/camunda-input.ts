import { Type } from '@sinclair/typebox';
import { validateInput } from '../../runtime/validation';
import { given, isFifo } from '../camunda-fields';
import { camundaConnection, CamundaConnectionSchema } from '../camunda-connection';
import type { BindingNames } from '../camunda-paths';
import type { SqsSendInput } from './schema';

/** The official connector's bindings, every template version (v2..v14; `queue.region` before v4's configuration.region). */
const CamundaSqsSchema = Type.Object({
  ...CamundaConnectionSchema,
  queue: Type.Object({
    url: Type.String({ minLength: 1 }),
    type: Type.Optional(Type.String()),
    region: Type.Optional(Type.String()),
    messageBody: Type.Optional(Type.Unknown()),
    messageAttributes: Type.Optional(Type.Unknown()),
    messageGroupId: Type.Optional(Type.String()),
    messageDeduplicationId: Type.Optional(Type.String()),
  }),
});

/**
 * Reads an io.camunda:aws-sqs:1 job into our send input. As the official connector: the group ID only for a
 * `fifo` queue type (the template shows it only then), required there; a queue whose name ends in .fifo is
 * FIFO whatever the type says (SQS would refuse the message otherwise).
 */
export function readCamundaSqs(variables: Record<string, unknown>): SqsSendInput {
  const v = validateInput(CamundaSqsSchema, variables);
  const q = v.queue;
  const fifo = isFifo(q.type, 'queue.type', q.url);
  const connection = camundaConnection({ ...v, configuration: { ...v.configuration, region: v.configuration?.region || given(q.region) } });
  return {
    ...connection,
    action: { type: 'send' },
    queue: { url: q.url },
    message: {
      body: q.messageBody,
      attributes: q.messageAttributes,
      groupId: fifo ? given(q.messageGroupId) : undefined,
      deduplicationId: fifo ? given(q.messageDeduplicationId) : undefined,
    },
  };
}

/** Where our SQS inputs come from in Camunda's template, for messages in the modeler's terms. */
export const CAMUNDA_SQS_BINDINGS: BindingNames = {
  'message.body': 'queue.messageBody',
  'message.attributes': 'queue.messageAttributes',
  'message.groupId': 'queue.messageGroupId',
  'message.deduplicationId': 'queue.messageDeduplicationId',
};
