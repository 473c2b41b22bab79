import { Type } from '@sinclair/typebox';
import { validateInput } from '../../runtime/validation';
import { given } from '../camunda-fields';
import { camundaConnection, CamundaConnectionSchema } from '../camunda-connection';
import type { BindingNames } from '../camunda-paths';
import type { EventBridgeSingleInput } from './schema';

/** The official connector's bindings, every template version (v1..v9). */
const CamundaEventBridgeSchema = Type.Object({
  ...CamundaConnectionSchema,
  input: Type.Object({
    source: Type.String({ minLength: 1 }),
    detailType: Type.String({ minLength: 1 }),
    eventBusName: Type.Optional(Type.String()),
    detail: Type.Optional(Type.Unknown()),
  }),
});

/** Reads an io.camunda:aws-eventbridge:1 job into our input (a detail typed as JSON text is the object it spells). */
export function readCamundaEventBridge(variables: Record<string, unknown>): EventBridgeSingleInput {
  const v = validateInput(CamundaEventBridgeSchema, variables);
  const i = v.input;
  return {
    ...camundaConnection(v),
    action: { type: 'putEvent' },
    event: { busName: given(i.eventBusName), source: i.source, detailType: i.detailType, detail: i.detail },
  };
}

/** Where our EventBridge inputs come from in Camunda's template, for messages in the modeler's terms. */
export const CAMUNDA_EVENTBRIDGE_BINDINGS: BindingNames = {
  'event.busName': 'input.eventBusName',
  'event.source': 'input.source',
  'event.detailType': 'input.detailType',
  'event.detail': 'input.detail',
};
