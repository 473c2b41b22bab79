import {
  DescribeEntitiesDetectionJobCommand, DescribeKeyPhrasesDetectionJobCommand, DescribePiiEntitiesDetectionJobCommand, DescribeSentimentDetectionJobCommand,
  StartEntitiesDetectionJobCommand, StartKeyPhrasesDetectionJobCommand, StartPiiEntitiesDetectionJobCommand, StartSentimentDetectionJobCommand,
} from '@aws-sdk/client-comprehend';
import type { JobKind } from './analysis-job';
import { BATCH_ITEM_MAX_BYTES } from './batches';
import { DETECT_MAX_BYTES } from './entities';
import { JOB_FILE_MAX_BYTES } from './job-input';

/** The asynchronous jobs of the built-in models, one per action. */
export const JOB_KINDS = {
  entity: {
    name: 'entities', tag: 'entities', startOperation: 'StartEntitiesDetectionJob', describeOperation: 'DescribeEntitiesDetectionJob',
    documentMaxBytes: JOB_FILE_MAX_BYTES, documentsPerLine: false,
    start: (client, request, call) => client.send(new StartEntitiesDetectionJobCommand(request), call),
    describe: async (client, JobId, call) => (await client.send(new DescribeEntitiesDetectionJobCommand({ JobId }), call)).EntitiesDetectionJobProperties,
  },
  keyPhrases: {
    name: 'key phrases', tag: 'keyphrases', startOperation: 'StartKeyPhrasesDetectionJob', describeOperation: 'DescribeKeyPhrasesDetectionJob',
    documentMaxBytes: JOB_FILE_MAX_BYTES, documentsPerLine: false,
    start: (client, request, call) => client.send(new StartKeyPhrasesDetectionJobCommand(request), call),
    describe: async (client, JobId, call) => (await client.send(new DescribeKeyPhrasesDetectionJobCommand({ JobId }), call)).KeyPhrasesDetectionJobProperties,
  },
  // A sentiment is one judgement of one document: each document is kept within what DetectSentiment reads,
  // so that a job's parts are judged as the batch path's chunks are; so small, they go one per line.
  sentiment: {
    name: 'sentiment', tag: 'sentiment', startOperation: 'StartSentimentDetectionJob', describeOperation: 'DescribeSentimentDetectionJob',
    documentMaxBytes: BATCH_ITEM_MAX_BYTES, documentsPerLine: true,
    start: (client, request, call) => client.send(new StartSentimentDetectionJobCommand(request), call),
    describe: async (client, JobId, call) => (await client.send(new DescribeSentimentDetectionJobCommand({ JobId }), call)).SentimentDetectionJobProperties,
  },
  // Offsets only (no redaction): the output lists each PII entity's type, score and offsets, as DetectPiiEntities does.
  // Documents are kept within what DetectPiiEntities reads.
  piiEntities: {
    name: 'PII entities', tag: 'pii', startOperation: 'StartPiiEntitiesDetectionJob', describeOperation: 'DescribePiiEntitiesDetectionJob',
    documentMaxBytes: DETECT_MAX_BYTES, documentsPerLine: false,
    start: (client, request, call) => client.send(new StartPiiEntitiesDetectionJobCommand({ ...request, Mode: 'ONLY_OFFSETS' }), call),
    describe: async (client, JobId, call) => (await client.send(new DescribePiiEntitiesDetectionJobCommand({ JobId }), call)).PiiEntitiesDetectionJobProperties,
  },
} satisfies Record<string, JobKind>;
