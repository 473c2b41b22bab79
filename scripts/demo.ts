/**
 * Deploys the examples and runs one instance of each through the worker, printing the variables each ended
 * with and how long it took: examples/s3-document-round-trip.bpmn (S3 on the emulator), then
 * examples/image-and-text-analysis.bpmn (Rekognition and Comprehend on the project's AWS AI stand-in, which
 * is first told what to find: the recorded AWS CLI DetectLabels answer for the photo, and a few entities), then
 * examples/document-summary.bpmn (Textract on the stand-in reads a recorded paystub, Bedrock on MiniStack summarises it).
 * scripts/demo.sh starts the stack and the worker first.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { aiStandIn, camunda, createBucket, s3 } from '../test/integration/harness';

const ROOT = path.resolve(__dirname, '..');
const zeebe = camunda().getZeebeGrpcApiClient();

async function run(example: string, bpmnProcessId: string, variables: Record<string, unknown>): Promise<void> {
  // The SDK types variables as JSON documents.
  const file = path.join(ROOT, 'examples', example);
  const deployment = await zeebe.deployResource({ process: readFileSync(file), name: example });
  console.log(`deployed ${example} (process definition key ${deployment.deployments[0].process?.processDefinitionKey})`);
  const started = performance.now();
  const result = await zeebe.createProcessInstanceWithResult({ bpmnProcessId, variables: variables as never, requestTimeout: 60_000 });
  console.log(`process instance ${result.processInstanceKey} completed in ${(performance.now() - started).toFixed(0)} ms with variables:`);
  console.log(JSON.stringify(result.variables, null, 2));
}

async function main(): Promise<void> {
  await createBucket('demo-reports');
  await run('s3-document-round-trip.bpmn', 's3-document-round-trip', {
    bucket: 'demo-reports', fileName: `report-${Date.now()}.txt`, reportText: 'Quarterly report: all green.',
  });

  const photo = readFileSync(path.join(ROOT, 'test/fakes/aws-ai/fixtures/rekognition/gradient-32x32.png'));
  await s3().send(new PutObjectCommand({ Bucket: 'demo-reports', Key: 'claims/photo.png', Body: photo, ContentType: 'image/png' }));
  const ai = aiStandIn();
  await ai.control('POST', '/rekognition/labels', { match: { sha256: createHash('sha256').update(photo).digest('hex') }, fixture: 'detect-labels-cli-example.json' });
  await ai.control('POST', '/comprehend/entities', {
    entities: [{ text: 'Maria Silva', type: 'PERSON', score: 0.99 }, { text: 'Lisbon', type: 'LOCATION', score: 0.98 }, { text: '3 March', type: 'DATE', score: 0.95 }],
  });
  await run('image-and-text-analysis.bpmn', 'image-and-text-analysis', {
    photo: { bucket: 'demo-reports', key: 'claims/photo.png' },
    statement: 'On 3 March Maria Silva parked her car near the river in Lisbon, where it was hit by a van.',
  });

  const paystub = readFileSync(path.join(ROOT, 'test/fakes/aws-ai/fixtures/textract/paystub.jpg'));
  await s3().send(new PutObjectCommand({ Bucket: 'demo-reports', Key: 'payroll/paystub.jpg', Body: paystub, ContentType: 'image/jpeg' }));
  await ai.control('POST', '/textract/responses', { match: { sha256: createHash('sha256').update(paystub).digest('hex') }, fixture: 'paystub-response.json' });
  await run('document-summary.bpmn', 'document-summary', {
    document: { bucket: 'demo-reports', key: 'payroll/paystub.jpg' }, modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
  });
  await zeebe.close();
}

main().then(() => process.exit(0), (error) => {
  console.error(error);
  process.exit(1);
});
