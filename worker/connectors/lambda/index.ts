import { validateInput } from '../../runtime/validation';
import type { Connector } from '../connector';
import { fetchedVariables } from '../fetched-variables';
import { withBindingNames } from '../camunda-paths';
import { CAMUNDA_LAMBDA_BINDINGS, readCamundaLambda } from './camunda-input';
import { presentCamundaLambda } from './present';
import { LambdaInputSchema } from './schema';
import { CamundaLambdaResults, LambdaResults } from './result-schema';

// Loaded on this task type's first job, with the AWS SDK package it uses.
const handler = () => require('./handler') as typeof import('./handler');

/** The seeds' `function` (only settable as a process variable: it is a FEEL reserved word) means functionName. */
function readLambdaInput(variables: Record<string, unknown>) {
  const { function: seedName, ...rest } = variables;
  return validateInput(LambdaInputSchema, rest.functionName === undefined && seedName !== undefined ? { ...rest, functionName: seedName } : rest);
}

export const lambdaConnector: Connector = {
  name: 'lambda',
  taskType: 'aws:lambda:1',
  camundaTaskType: 'io.camunda:aws-lambda:1',
  template: {
    id: 'io.github.zeebe-aws-connectors.lambda.v1',
    name: 'AWS Lambda (zeebe-aws-connectors)',
    version: 2,
    description: 'Invoke an AWS Lambda function: wait for its result, fire an event, or check permissions',
    keywords: ['lambda', 'invoke', 'function', 'serverless'],
    groups: [
      { id: 'authentication', label: 'Authentication' },
      { id: 'configuration', label: 'Configuration' },
      { id: 'invocation', label: 'Invocation' },
      { id: 'errors', label: 'Function errors' },
    ],
  },
  inputs: { schemas: { invoke: LambdaInputSchema } },
  results: { own: LambdaResults, camunda: CamundaLambdaResults },
  handlers: (deps) => ({
    own: {
      // `function`: the seeds' name for functionName, read from a process variable (readLambdaInput).
      fetchVariables: fetchedVariables([LambdaInputSchema], ['function']),
      execute: async (variables) => {
        try {
          return await handler().invokeLambda(readLambdaInput(variables), deps);
        } catch (error) {
          throw handler().withLambdaError(error);
        }
      },
    },
    camunda: {
      // Only the template's inputs, as the official runtime fetches them. A payload that is still a string
      // starting with `=` is FEEL over these (there too); a model's own data reaches the payload through the
      // input mapping, which Zeebe evaluates over every variable before the job is created.
      fetchVariables: ['authentication', 'awsCredential', 'configuration', 'awsFunction'],
      execute: (variables) => withBindingNames(CAMUNDA_LAMBDA_BINDINGS, async () => presentCamundaLambda(await handler().invokeLambda(await readCamundaLambda(variables), deps))),
    },
  }),
};
