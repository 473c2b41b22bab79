/**
 * Deploys examples/s3-document-round-trip.bpmn, runs one instance through the worker and prints the
 * variables it ended with and how long it took. scripts/demo.sh starts the stack and the worker first.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { camunda, createBucket } from '../test/integration/harness';

async function main(): Promise<void> {
  const c8 = camunda();
  const zeebe = c8.getZeebeGrpcApiClient();
  const file = path.resolve(__dirname, '../examples/s3-document-round-trip.bpmn');
  await createBucket('demo-reports');
  const deployment = await zeebe.deployResource({ process: readFileSync(file), name: path.basename(file) });
  console.log(`deployed ${path.basename(file)} (process definition key ${deployment.deployments[0].process?.processDefinitionKey})`);

  const started = performance.now();
  const result = await zeebe.createProcessInstanceWithResult({
    bpmnProcessId: 's3-document-round-trip',
    variables: { bucket: 'demo-reports', fileName: `report-${Date.now()}.txt`, reportText: 'Quarterly report: all green.' },
    requestTimeout: 60_000,
  });
  const ms = performance.now() - started;
  console.log(`process instance ${result.processInstanceKey} completed in ${ms.toFixed(0)} ms with variables:`);
  console.log(JSON.stringify(result.variables, null, 2));
  await zeebe.close();
}

main().then(() => process.exit(0), (error) => {
  console.error(error);
  process.exit(1);
});
