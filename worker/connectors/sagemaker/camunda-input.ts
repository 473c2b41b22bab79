import { Type } from '@sinclair/typebox';
import { ConnectorError } from '../../runtime/errors';
import { validateInput } from '../../runtime/validation';
import { camundaConnection, CamundaConnectionSchema } from '../camunda-connection';
import type { BindingNames } from '../camunda-paths';
import type { SageMakerInput } from './schema';

const text = Type.Optional(Type.Union([Type.String(), Type.Null()]));
const integerText = Type.Optional(Type.Union([Type.String(), Type.Integer(), Type.Null()]));

/** The official connector's bindings, every template version (v1..v5). */
const CamundaSageMakerSchema = Type.Object({
  ...CamundaConnectionSchema,
  input: Type.Object({
    invocationType: Type.Optional(Type.Union([Type.Literal('SYNC'), Type.Literal('ASYNC')])),
    endpointName: Type.String({ minLength: 1 }),
    body: Type.Optional(Type.Unknown()),
    contentType: text,
    accept: text,
    customAttributes: text,
    targetModel: text,
    targetVariant: text,
    targetContainerHostname: text,
    inferenceId: text,
    enableExplanations: Type.Optional(Type.Union([Type.Literal('NOT_SET'), Type.Literal('YES'), Type.Literal('NO'), Type.Null()])),
    inferenceComponentName: text,
    inputLocation: text,
    requestTTLSeconds: integerText,
    invocationTimeoutSeconds: integerText,
  }, { additionalProperties: true }),
});

/** Reads an io.camunda:aws-sagemaker:1 job into our SageMaker input (ASYNC does not wait, as Camunda's does not). */
export function readCamundaSageMaker(variables: Record<string, unknown>): SageMakerInput {
  const v = validateInput(CamundaSageMakerSchema, variables);
  const connection = camundaConnection(v);
  const i = v.input;
  const common = {
    endpointName: i.endpointName,
    contentType: i.contentType || 'application/json',
    accept: i.accept || 'application/json',
    customAttributes: i.customAttributes || undefined,
    inferenceId: i.inferenceId || undefined,
  };
  if (i.invocationType === 'ASYNC') {
    if (!i.inputLocation) throw new ConnectorError('MISSING_INPUT', 'input.inputLocation: is required', { path: 'input.inputLocation' });
    return {
      ...connection,
      action: {
        type: 'invokeEndpointAsync', ...common, inputLocation: i.inputLocation, wait: false,
        requestTTLSeconds: integer(i.requestTTLSeconds, 'input.requestTTLSeconds'),
        invocationTimeoutSeconds: integer(i.invocationTimeoutSeconds, 'input.invocationTimeoutSeconds'),
      },
    };
  }
  const explanations = i.enableExplanations === 'YES' ? '1' : i.enableExplanations === 'NO' ? '0' : undefined;
  return {
    ...connection,
    action: {
      type: 'invokeEndpoint', ...common, body: i.body,
      targetModel: i.targetModel || undefined, targetVariant: i.targetVariant || undefined, targetContainerHostname: i.targetContainerHostname || undefined,
      inferenceComponentName: i.inferenceComponentName || undefined, enableExplanations: explanations,
    },
  };
}

function integer(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isInteger(n)) throw new ConnectorError('INVALID_INPUT', `${path}: must be a whole number of seconds`, { path });
  return n;
}

/** Where our SageMaker inputs come from in Camunda's template. */
export const CAMUNDA_SAGEMAKER_BINDINGS: BindingNames = Object.fromEntries(
  ['endpointName', 'body', 'contentType', 'accept', 'customAttributes', 'targetModel', 'targetVariant', 'targetContainerHostname', 'inferenceId',
    'enableExplanations', 'inferenceComponentName', 'inputLocation', 'requestTTLSeconds', 'invocationTimeoutSeconds'].map((name) => [`action.${name}`, `input.${name}`]),
);
