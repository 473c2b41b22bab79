import { loadConfig } from '../../worker/config';
import { connectorDeps, tasksOf } from '../../worker/main';

test("own task types fetch only their inputs' variables; Camunda's types keep their bindings' names", () => {
  const config = loadConfig({ AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', CAMUNDA_COMPATIBLE_TYPES: 'true' });
  const fetched = Object.fromEntries(tasksOf(config, connectorDeps(config)).map((t) => [t.taskType, t.fetchVariables?.slice().sort()]));
  expect(fetched['aws:s3:1']).toEqual(['action', 'authentication', 'configuration']);
  expect(fetched['aws:textract:1']).toEqual(['action', 'authentication', 'configuration']);
  expect(fetched['aws:lambda:1']).toEqual(['authentication', 'configuration', 'functionErrorCode', 'functionName', 'invocationType', 'logTail', 'onFunctionError', 'payload', 'qualifier']);
  expect(fetched['io.camunda:aws-s3:1']).toEqual(['action', 'actionDiscriminator', 'authentication', 'awsCredential', 'configuration', 'documentReturnFormat']);
  expect(Object.entries(fetched).filter(([, names]) => !names?.length)).toEqual([]); // every task type names its variables
});
