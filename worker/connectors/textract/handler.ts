import { checkBucket, checkKey } from '../../aws/s3-names';
import {
  AnalyzeDocumentCommand, AnalyzeExpenseCommand, DetectDocumentTextCommand, GetDocumentAnalysisCommand, GetDocumentTextDetectionCommand,
  GetExpenseAnalysisCommand, StartDocumentAnalysisCommand, StartDocumentTextDetectionCommand, StartExpenseAnalysisCommand,
  type Block, type Document, type DocumentLocation, type ExpenseDocument, type FeatureType, type TextractClient,
} from '@aws-sdk/client-textract';
import { callAws } from '../../aws/errors';
import type { JobContext } from '../../runtime/connector';
import { ConnectorError } from '../../runtime/errors';
import { isPlainObject } from '../../runtime/expressions';
import { pollUntilDone } from '../../runtime/polling';
import { readAtMost } from '../../runtime/byte-cap';
import type { ConnectorDeps } from '../deps';
import { openAnyDocument } from '../document-input';
import { stageToS3 } from '../staging';
import { checkQueueUrl, textractCompletion, type Completion } from './notifications';
import { removeWhenFinished } from './staged-cleanup';
import { parseDocument, parseExpense, type ExpenseContent, type ExtractedContent } from './parse';
import type { ExpenseAction, ExtractAction, TextractInput } from './schema';

/** Textract's limit for documents sent as bytes (synchronous operations). */
export const MAX_SYNC_BYTES = 10 * 1024 * 1024;

type Action = ExtractAction | ExpenseAction;
type ExecutionType = 'sync' | 'polling' | 'async';

/** The service's answer, every page merged; the fields of a Get* answer when polled. */
export interface TextractServiceAnswer {
  JobId?: string;
  Blocks?: Block[];
  ExpenseDocuments?: ExpenseDocument[];
  DocumentMetadata?: { Pages?: number };
  JobStatus?: string;
  Warnings?: unknown[];
  $metadata?: { requestId?: string; httpStatusCode?: number };
}

export type TextractResult =
  | { kind: 'started'; executionType: 'async'; jobId: string; answer: TextractServiceAnswer }
  | { kind: 'extract'; executionType: ExecutionType; answer: TextractServiceAnswer; content: ExtractedContent; outputFormat: 'JSON' | 'TXT' }
  | { kind: 'expense'; executionType: ExecutionType; answer: TextractServiceAnswer; content: ExpenseContent };

export async function runTextract(input: TextractInput, deps: ConnectorDeps, ctx: JobContext): Promise<TextractResult> {
  const action = input.action;
  if (action.notificationQueueUrl !== undefined) {
    if (executionTypeOf(action) !== 'polling') throw new ConnectorError('INVALID_INPUT', 'action.notificationQueueUrl: is read by the polling execution type only', { path: 'action.notificationQueueUrl' });
    if (!action.snsTopicArn) throw new ConnectorError('MISSING_INPUT', 'action.snsTopicArn: is required with a notification queue (the SNS topic the queue is subscribed to)', { path: 'action.snsTopicArn' });
    checkQueueUrl(action.notificationQueueUrl, 'action.notificationQueueUrl');
  }
  const executionType = executionTypeOf(action);
  const { client } = deps.aws.textract(input);
  if (action.document === undefined) {
    throw new ConnectorError('MISSING_INPUT', 'action.document: is required (or, for Alfresco Process Automation\'s EXTRACT, one of action.file, action.files, action.uri, action.nodeId)', { path: 'action.document' });
  }
  const staged = await prepareDocument(action.document, executionType, input, deps, ctx);
  let watchingStaged = false;
  try {
    if (executionType === 'sync') {
      const answer = await analyzeNow(client, action, staged.document);
      return present(action, executionType, answer);
    }
    const jobId = await start(client, action, staged.location, ctx);
    if (executionType === 'async') {
      if (staged.stagedKey) {
        watchingStaged = true;
        removeWhenFinished({
          jobId, status: async () => (await resultGetter(deps.aws.textract(input).client, action, jobId)(undefined, 1)).JobStatus, remove: staged.remove, log: ctx.log,
          firstIntervalMs: action.pollInterval ?? 5000,
        });
      }
      return { kind: 'started', executionType, jobId, answer: { JobId: jobId } };
    }
    const completion = action.notificationQueueUrl ? notifiedBy(input, action.notificationQueueUrl, jobId, deps) : undefined;
    let answer: TextractServiceAnswer;
    try {
      answer = await poll(client, action, jobId, ctx, completion?.done);
    } finally {
      completion?.cancel();
    }
    return present(action, executionType, answer);
  } finally {
    // An asynchronous job reads the staged object after this Zeebe job: it is removed once Textract has finished.
    if (staged.stagedKey && !watchingStaged) await staged.remove();
  }
}

const executionTypeOf = (action: Action) => (action.executionType ?? 'sync') as ExecutionType;

/** Waits for the job's completion notification on the SQS queue (notifications.ts), with the task's credentials and region. */
function notifiedBy(input: TextractInput, queueUrl: string, jobId: string, deps: ConnectorDeps): Completion {
  const { SQSClient } = require('@aws-sdk/client-sqs') as typeof import('@aws-sdk/client-sqs');
  // The model's configuration.endpoint is Textract's; SQS goes to the operator's endpoint or AWS's, never to the queue URL's host.
  const sqsInput = { authentication: input.authentication, configuration: { region: input.configuration?.region } };
  const { client } = deps.aws.client('sqs', sqsInput, (config) => new SQSClient({ ...config, useQueueUrlAsEndpoint: false }));
  return textractCompletion(client, queueUrl, jobId);
}

function present(action: Action, executionType: ExecutionType, answer: TextractServiceAnswer): TextractResult {
  const level = action.confidenceLevel ?? 0;
  if (action.type === 'expense') return { kind: 'expense', executionType, answer, content: parseExpense(answer, level) };
  return { kind: 'extract', executionType, answer, content: parseDocument(answer, level), outputFormat: action.outputFormat ?? 'JSON' };
}

interface PreparedDocument {
  document: Document;
  location: DocumentLocation;
  stagedKey?: string;
  remove(): Promise<void>;
}

/** An S3 object goes as it is; other documents go as bytes (real-time) or are staged to AWS_S3_BUCKET. */
async function prepareDocument(value: unknown, executionType: ExecutionType, input: TextractInput, deps: ConnectorDeps, ctx: JobContext): Promise<PreparedDocument> {
  const doc = isPlainObject(value) && typeof value.bucket === 'string' && typeof value.key === 'string' && value['camunda.document.type'] === undefined
    ? { S3Object: { Bucket: checkBucket(value.bucket, 'action.document.bucket'), Name: checkKey(value.key, 'action.document.key'), Version: typeof value.versionId === 'string' ? value.versionId : undefined } }
    : undefined;
  if (doc) return { document: doc, location: doc, remove: async () => undefined };

  const opened = await openAnyDocument(value, deps, 'action.document', input);
  if (executionType === 'sync') {
    const bytes = await readAtMost(opened.stream, MAX_SYNC_BYTES, () => new ConnectorError('IMAGE_TOO_LARGE',
      `action.document: over ${MAX_SYNC_BYTES} bytes, Textract's limit for real-time analysis; use polling`, { path: 'action.document' }));
    return { document: { Bytes: bytes }, location: {}, remove: async () => undefined };
  }
  const staged = await stageToS3(opened.stream, {
    fileName: opened.fileName, contentType: opened.contentType, path: 'action.document', why: `${executionType} analysis of a document that is not in S3 (or give an S3 object)`,
  }, input, deps, ctx);
  const location = { S3Object: { Bucket: staged.bucket, Name: staged.key } };
  return { document: location, location, stagedKey: staged.key, remove: staged.remove };
}


function featuresOf(action: ExtractAction): FeatureType[] {
  const features: FeatureType[] = [];
  if (action.analyzeTables) features.push('TABLES');
  if (action.analyzeForms) features.push('FORMS');
  if (action.analyzeSignatures) features.push('SIGNATURES');
  if (action.analyzeLayout) features.push('LAYOUT');
  if (action.queries?.length) features.push('QUERIES');
  return features;
}

function queriesConfig(action: ExtractAction) {
  return action.queries?.length ? { Queries: action.queries.map((q) => ({ Text: q.text, Alias: q.alias, Pages: q.pages })) } : undefined;
}

/** `action.timeout` bounds every call (real-time ones included), as it bounds polling as a whole. */
const bounded = (action: Action) => ({ abortSignal: AbortSignal.timeout(action.timeout ?? 900_000) });
type Bound = ReturnType<typeof bounded>;

async function analyzeNow(client: TextractClient, action: Action, document: Document): Promise<TextractServiceAnswer> {
  if (action.type === 'expense') return callAws('Textract AnalyzeExpense', () => client.send(new AnalyzeExpenseCommand({ Document: document }), bounded(action)));
  const features = featuresOf(action);
  if (features.length === 0) return callAws('Textract DetectDocumentText', () => client.send(new DetectDocumentTextCommand({ Document: document }), bounded(action)));
  return callAws('Textract AnalyzeDocument', () => client.send(new AnalyzeDocumentCommand({ Document: document, FeatureTypes: features, QueriesConfig: queriesConfig(action) }), bounded(action)));
}

async function start(client: TextractClient, action: Action, location: DocumentLocation, ctx: JobContext): Promise<string> {
  if ((action.snsTopicArn === undefined) !== (action.snsRoleArn === undefined)) {
    throw new ConnectorError('INVALID_INPUT', 'action.snsTopicArn: give both the SNS topic ARN and the role ARN, or neither', { path: 'action.snsTopicArn' });
  }
  if (action.outputPrefix && !action.outputBucket) {
    throw new ConnectorError('MISSING_INPUT', 'action.outputBucket: is required with an output prefix', { path: 'action.outputBucket' });
  }
  const common = {
    DocumentLocation: location,
    // A retried or re-activated Zeebe job of the same task instance asks for the same Textract job.
    ClientRequestToken: action.clientRequestToken ?? `zac-${action.type}-${ctx.elementInstanceKey}`,
    JobTag: action.jobTag,
    KMSKeyId: action.kmsKeyId,
    NotificationChannel: action.snsTopicArn ? { SNSTopicArn: action.snsTopicArn, RoleArn: action.snsRoleArn } : undefined,
    OutputConfig: action.outputBucket ? { S3Bucket: action.outputBucket, S3Prefix: action.outputPrefix } : undefined,
  };
  let started: { JobId?: string };
  if (action.type === 'expense') {
    started = await callAws('Textract StartExpenseAnalysis', () => client.send(new StartExpenseAnalysisCommand(common), bounded(action)));
  } else {
    const features = featuresOf(action);
    started = features.length === 0
      ? await callAws('Textract StartDocumentTextDetection', () => client.send(new StartDocumentTextDetectionCommand(common), bounded(action)))
      : await callAws('Textract StartDocumentAnalysis', () => client.send(new StartDocumentAnalysisCommand({ ...common, FeatureTypes: features, QueriesConfig: queriesConfig(action) }), bounded(action)));
  }
  if (!started.JobId) throw new ConnectorError('INVALID_RESULT_FORMAT', 'Textract started a job but answered no job ID');
  ctx.log.info({ textractJobId: started.JobId }, 'Textract job started');
  return started.JobId;
}

type GetPage = TextractServiceAnswer & { NextToken?: string; StatusMessage?: string };

/** The Get* call that reads the job's status and results, one page of at most `maxResults` at a time. */
function resultGetter(client: TextractClient, action: Action, jobId: string, bound?: Bound) {
  return (nextToken?: string, maxResults = 1000): Promise<GetPage> => {
    const params = { JobId: jobId, MaxResults: maxResults, NextToken: nextToken };
    const options = bound ?? bounded(action);
    if (action.type === 'expense') return callAws('Textract GetExpenseAnalysis', () => client.send(new GetExpenseAnalysisCommand(params), options));
    if (featuresOf(action).length === 0) return callAws('Textract GetDocumentTextDetection', () => client.send(new GetDocumentTextDetectionCommand(params), options));
    return callAws('Textract GetDocumentAnalysis', () => client.send(new GetDocumentAnalysisCommand(params), options));
  };
}

/** Waits for the job, extending the Zeebe job's timeout (runtime/polling.ts). */
async function poll(client: TextractClient, action: Action, jobId: string, ctx: JobContext, notified?: Promise<void>): Promise<TextractServiceAnswer> {
  // One timer bounds the whole wait (polling is bounded by action.timeout as a whole), not one per poll.
  const get = resultGetter(client, action, jobId, bounded(action));
  let lastStatus: string | undefined;
  return pollUntilDone(async () => {
    const first = await get();
    if (first.JobStatus === 'FAILED') {
      throw new ConnectorError('UNPROCESSABLE_ENTITY', `Textract job ${jobId} failed: ${first.StatusMessage ?? 'no reason given'}`, {
        type: 'TextractJobFailed', variables: { textractJobId: jobId },
      });
    }
    if (first.JobStatus === 'SUCCEEDED' || first.JobStatus === 'PARTIAL_SUCCESS') return mergePages(first, get);
    if (first.JobStatus !== 'IN_PROGRESS') {
      throw new ConnectorError('INVALID_RESULT_FORMAT', `Textract job ${jobId}: the answer holds ${first.JobStatus ? `an unknown job status (${String(first.JobStatus).slice(0, 40)})` : 'no job status'}`);
    }
    lastStatus = first.JobStatus;
    return undefined;
  }, {
    // With a notification queue, polls are only the safety net for a lost notification.
    intervalMs: action.pollInterval ?? (notified ? 60_000 : 5000),
    timeoutMs: action.timeout ?? 900_000,
    ctx,
    wakeUp: notified,
    // Transient: a retry of this Zeebe job asks for the same Textract job and goes on waiting.
    timedOut: () => new ConnectorError('CLIENT_EXECUTION_TIMEOUT', `Textract job ${jobId} was still ${lastStatus ?? 'IN_PROGRESS'} after action.timeout; it keeps running`, {
      type: 'TextractPollingTimeout', variables: { textractJobId: jobId },
    }),
  });
}

/**
 * Pages read at most for one result (1000 blocks each, so a million blocks: far past what fits a process
 * variable); the job's deadline bounds the reading too (each Get call ends with it).
 */
export const MAX_RESULT_PAGES = 1000;

/** Every NextToken page's blocks (or expense documents), in order, in one answer. */
async function mergePages(first: GetPage, get: (nextToken?: string) => Promise<GetPage>): Promise<TextractServiceAnswer> {
  const blocks = [...(first.Blocks ?? [])];
  const expenses = [...(first.ExpenseDocuments ?? [])];
  const warnings = [...(first.Warnings ?? [])];
  let next = first.NextToken;
  let pages = 1;
  while (next) {
    if (++pages > MAX_RESULT_PAGES) {
      throw new ConnectorError('INVALID_RESULT_FORMAT', `Textract answered more than ${MAX_RESULT_PAGES} pages of results; analyse fewer pages at once, or use the asynchronous execution type and read the output bucket`, {
        type: 'TooManyResultPages',
      });
    }
    const page = await get(next);
    blocks.push(...(page.Blocks ?? []));
    expenses.push(...(page.ExpenseDocuments ?? []));
    warnings.push(...(page.Warnings ?? []));
    next = page.NextToken;
  }
  const { NextToken: _n, ...rest } = first;
  return {
    ...rest,
    ...(first.Blocks ? { Blocks: blocks } : {}),
    ...(first.ExpenseDocuments ? { ExpenseDocuments: expenses } : {}),
    ...(warnings.length > 0 ? { Warnings: warnings } : {}),
  };
}
