/**
 * Deploys the examples and runs one instance of each through the worker, printing one line per process that says
 * what its tasks did, and a last line saying the demo passed: examples/s3-document-round-trip.bpmn (S3 on the emulator), then
 * examples/image-and-text-analysis.bpmn (Rekognition and Comprehend on the project's AWS AI stand-in, which
 * is first told what to find: the recorded AWS CLI DetectLabels answer for the photo, and a few entities), then
 * examples/document-summary.bpmn (Textract on the stand-in reads a recorded paystub, Bedrock on MiniStack summarises it).
 * examples/order-events.bpmn (DynamoDB, SQS and EventBridge on the emulator, after a table, a queue and a bus whose
 * rule delivers the order's event to that queue are made; the queue is read afterwards).
 * scripts/demo.sh starts the stack and the worker first.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { aiStandIn, camunda, createBucket, s3 } from '../test/integration/harness';
import { orderEventsVariables, prepareOrderEvents, readOrderRecord, receiveOrderMessages } from '../test/integration/order-events';
import { closeQueues } from '../test/integration/queues';

const ROOT = path.resolve(__dirname, '..');
const zeebe = camunda().getZeebeGrpcApiClient();

/** Runs one instance of an example to its end; answers its variables and how long it took. */
async function run(example: string, bpmnProcessId: string, variables: Record<string, unknown>): Promise<{ vars: Record<string, unknown>; ms: number }> {
  const file = path.join(ROOT, 'examples', example);
  await zeebe.deployResource({ process: readFileSync(file), name: example });
  const started = performance.now();
  // The SDK types variables as JSON documents.
  const result = await zeebe.createProcessInstanceWithResult({ bpmnProcessId, variables: variables as never, requestTimeout: 60_000 });
  return { vars: result.variables as Record<string, unknown>, ms: performance.now() - started };
}

/** The demo's account of one process: what each task did, in one line; throws when a task did not do it. */
function line(name: string, ms: number, parts: string[]): void {
  console.log(`${name} (${(ms / 1000).toFixed(1)} s): ${parts.join('; ')}`);
}

function expectThat(ok: boolean, what: string, vars: Record<string, unknown>): void {
  if (!ok) throw new Error(`${what}; the process ended with ${JSON.stringify(vars)}`);
}

async function main(): Promise<void> {
  const demoStarted = performance.now();
  await createBucket('demo-reports');
  const fileName = `report-${Date.now()}.txt`;
  const reportText = 'Quarterly report: all green.';
  const round = await run('s3-document-round-trip.bpmn', 's3-document-round-trip', { bucket: 'demo-reports', fileName, reportText });
  const uploaded = round.vars.uploaded as { key?: string; size?: number } | undefined;
  const listed = round.vars.listedKeys as string[] | undefined;
  const deleted = round.vars.deleted as { deleted?: boolean } | undefined;
  expectThat(Boolean(uploaded?.key?.endsWith(fileName)) && round.vars.downloadedText === reportText && Array.isArray(listed) && listed.includes(uploaded!.key!) && deleted?.deleted === true,
    'the S3 round trip did not upload, read back, list and delete the report', round.vars);
  line('s3-document-round-trip', round.ms, [
    `uploaded ${uploaded!.key} (${uploaded!.size} bytes) to demo-reports`,
    'downloaded it into the document store and as text',
    `listed ${listed!.length} report(s)`,
    `deleted it`,
  ]);

  const photo = readFileSync(path.join(ROOT, 'test/fakes/aws-ai/fixtures/rekognition/gradient-32x32.png'));
  await s3().send(new PutObjectCommand({ Bucket: 'demo-reports', Key: 'claims/photo.png', Body: photo, ContentType: 'image/png' }));
  const ai = aiStandIn();
  await ai.control('POST', '/rekognition/labels', { match: { sha256: createHash('sha256').update(photo).digest('hex') }, fixture: 'detect-labels-cli-example.json' });
  await ai.control('POST', '/comprehend/entities', {
    entities: [{ text: 'Maria Silva', type: 'PERSON', score: 0.99 }, { text: 'Lisbon', type: 'LOCATION', score: 0.98 }, { text: '3 March', type: 'DATE', score: 0.95 }],
  });
  const analysis = await run('image-and-text-analysis.bpmn', 'image-and-text-analysis', {
    photo: { bucket: 'demo-reports', key: 'claims/photo.png' },
    statement: 'On 3 March Maria Silva parked her car near the river in Lisbon, where it was hit by a van.',
  });
  const v = analysis.vars as { photoLabels?: string[]; isVehicle?: boolean; people?: string[]; places?: string[]; dates?: string[]; statementLanguage?: string };
  expectThat(Array.isArray(v.photoLabels) && v.photoLabels.length > 0 && Array.isArray(v.people) && v.people.length > 0, 'the analysis found no labels or no people', analysis.vars);
  line('image-and-text-analysis', analysis.ms, [
    `Rekognition found ${v.photoLabels!.length} labels on claims/photo.png (${v.photoLabels!.slice(0, 4).join(', ')}${v.photoLabels!.length > 4 ? ', ...' : ''}; a vehicle: ${v.isVehicle ? 'yes' : 'no'})`,
    `Comprehend read a ${v.statementLanguage} statement: people ${v.people!.join(', ')}; places ${(v.places ?? []).join(', ')}; dates ${(v.dates ?? []).join(', ')}`,
  ]);

  const paystub = readFileSync(path.join(ROOT, 'test/fakes/aws-ai/fixtures/textract/paystub.jpg'));
  await s3().send(new PutObjectCommand({ Bucket: 'demo-reports', Key: 'payroll/paystub.jpg', Body: paystub, ContentType: 'image/jpeg' }));
  await ai.control('POST', '/textract/responses', { match: { sha256: createHash('sha256').update(paystub).digest('hex') }, fixture: 'paystub-response.json' });
  const summary = await run('document-summary.bpmn', 'document-summary', {
    document: { bucket: 'demo-reports', key: 'payroll/paystub.jpg' }, modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
  });
  const d = summary.vars as { documentText?: string; documentPages?: number; summary?: string; summaryTokens?: number };
  expectThat(typeof d.documentText === 'string' && d.documentText.length > 0 && typeof d.summary === 'string' && d.summary.length > 0, 'the document was not extracted or not summarised', summary.vars);
  line('document-summary', summary.ms, [
    `Textract read ${d.documentText!.length} characters from payroll/paystub.jpg (${d.documentPages ?? '?'} page(s))`,
    `Bedrock summarised it in ${d.summaryTokens ?? '?'} tokens: "${d.summary!.slice(0, 60)}${d.summary!.length > 60 ? '...' : ''}"`,
  ]);

  const orders = await prepareOrderEvents({ table: 'demo-orders', queue: 'demo-orders', bus: 'demo-orders' });
  const order = { orderId: `A-${Date.now()}`, customer: 'Maria Silva', total: 42.5, lines: [{ sku: 'BOOK-7', qty: 2 }, { sku: 'PEN-1', qty: 5 }] };
  const placed = await run('order-events.bpmn', 'order-events', { order, ...orderEventsVariables(orders) });
  const o = placed.vars as { orderMessageId?: string; orderEventId?: string; orderFound?: boolean; storedOrder?: { status?: string; messageId?: string; eventId?: string } };
  expectThat(o.orderFound === true && o.storedOrder?.status === 'ANNOUNCED' && o.storedOrder.messageId === o.orderMessageId && o.storedOrder.eventId === o.orderEventId,
    'the order process did not write, announce and read back the order', placed.vars);
  const record = await readOrderRecord(orders.table, order.orderId);
  expectThat(record?.status === 'ANNOUNCED', `the order's record in ${orders.table} is ${JSON.stringify(record)}`, placed.vars);
  const { event } = await receiveOrderMessages(orders, o.orderMessageId!, o.orderEventId!);
  closeQueues();
  line('order-events', placed.ms, [
    `DynamoDB wrote order ${order.orderId} to table ${orders.table}`,
    `SQS sent it to queue ${orders.queue} (message ${o.orderMessageId})`,
    `EventBridge put ${event['detail-type']} on bus ${orders.bus} (event ${o.orderEventId}), which rule ${orders.rule} delivered to queue ${orders.queue}`,
    `both read from the queue; the record read back with status ${o.storedOrder!.status} and both IDs`,
  ]);
  await zeebe.close();
  console.log(`demo passed: 4 processes ran to their end through the worker in ${((performance.now() - demoStarted) / 1000).toFixed(1)} s`);
}

main().then(() => process.exit(0), (error) => {
  console.error(`demo failed: ${(error as Error).message}`);
  process.exit(1);
});
