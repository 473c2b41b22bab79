import { Type } from '@sinclair/typebox';
import { evaluateFeel, isPlainObject } from '../../runtime/expressions';
import { validateInput } from '../../runtime/validation';
import { camundaConnection, CamundaConnectionSchema } from '../camunda-connection';
import type { BindingNames } from '../camunda-paths';
import type { LambdaInput } from './schema';

/** The official connector's bindings, every template version (v2..v9; old ones have no authentication.type). */
const CamundaLambdaSchema = Type.Object({
  ...CamundaConnectionSchema,
  awsFunction: Type.Object({
    functionName: Type.String({ minLength: 1 }),
    payload: Type.Optional(Type.Unknown()),
    operationType: Type.Optional(Type.String()),
    region: Type.Optional(Type.String()),
  }),
});

/**
 * Reads an io.camunda:aws-lambda:1 job. As the official connector does: always RequestResponse, a payload
 * string starting with `=` is FEEL over the job's variables, and a function error completes the job.
 */
export async function readCamundaLambda(variables: Record<string, unknown>): Promise<LambdaInput> {
  const v = validateInput(CamundaLambdaSchema, variables);
  const connection = camundaConnection({
    ...v,
    configuration: { ...v.configuration, region: v.configuration?.region || v.awsFunction.region },
  });
  let payload = v.awsFunction.payload;
  if (typeof payload === 'string' && payload.trim().startsWith('=')) {
    payload = await evaluateFeel(payload, isPlainObject(variables) ? variables : {}, 'awsFunction.payload');
  }
  return { ...connection, functionName: v.awsFunction.functionName, payload, onFunctionError: 'complete' };
}

/** Where our Lambda inputs come from in Camunda's template. */
export const CAMUNDA_LAMBDA_BINDINGS: BindingNames = { functionName: 'awsFunction.functionName', payload: 'awsFunction.payload' };
