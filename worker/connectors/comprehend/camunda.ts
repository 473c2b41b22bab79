import {
  ClassifyDocumentCommand, StartDocumentClassificationJobCommand, type ComprehendClient, type DocumentReadAction, type DocumentReadMode, type InputFormat,
} from '@aws-sdk/client-comprehend';
import { Type, type Static } from '@sinclair/typebox';
import { callAws } from '../../aws/errors';
import { ConnectorError } from '../../runtime/errors';
import { isPlainObject } from '../../runtime/expressions';
import { validateInput } from '../../runtime/validation';
import { camundaConnection, CamundaConnectionSchema } from '../camunda-connection';
import { CamundaFlag, given, parseJson, required, yes } from '../camunda-fields';
import { camelCase, sdkMetadata } from '../camunda-shapes';
import type { ConnectorDeps } from '../deps';

const text = Type.Optional(Type.String());

/** The official connector's bindings (templates v1..v6): custom classification, sync or async. */
const CamundaComprehendSchema = Type.Object({
  ...CamundaConnectionSchema,
  input: Type.Object({
    type: Type.Union([Type.Literal('sync'), Type.Literal('async')]),
    text, endpointArn: text,
    documentReadMode: text, documentReadAction: text, featureTypeTables: CamundaFlag, featureTypeForms: CamundaFlag,
    inputS3Uri: text, comprehendInputFormat: text, clientRequestToken: text, dataAccessRoleArn: text, documentClassifierArn: text,
    flywheelArn: text, jobName: text, outputS3Uri: text, outputKmsKeyId: text, volumeKmsKeyId: text,
    tags: Type.Optional(Type.Unknown()), securityGroupIds: Type.Optional(Type.Unknown()), subnets: Type.Optional(Type.Unknown()),
  }, { additionalProperties: true }),
});

type CamundaComprehendInput = Static<typeof CamundaComprehendSchema>['input'];

/** Runs an io.camunda:aws-comprehend:1 job and answers with the official connector's shapes. */
export async function runCamundaComprehend(variables: Record<string, unknown>, deps: ConnectorDeps): Promise<Record<string, unknown>> {
  // The execution type decides what else is needed: when it is unset, say so by its own name, not `input`.
  const input = variables.input;
  if (input === undefined || input === null || (isPlainObject(input) && (input.type === undefined || input.type === null || input.type === ''))) {
    throw new ConnectorError('MISSING_INPUT', 'Found constraints violated while validating input:\n - input.type: is required (sync or async)', { path: 'input.type' });
  }
  const v = validateInput(CamundaComprehendSchema, variables);
  const { client } = deps.aws.comprehend(camundaConnection(v));
  // Pasted ARNs and URIs often carry spaces at their ends, which AWS would refuse.
  const i = Object.fromEntries(Object.entries(v.input).map(([k, x]) => [k, typeof x === 'string' ? x.trim() : x])) as CamundaComprehendInput;
  return i.type === 'sync' ? classify(client, i) : startClassification(client, i);
}

async function classify(client: ComprehendClient, i: CamundaComprehendInput): Promise<Record<string, unknown>> {
  const { $metadata, ...answer } = await callAws('Comprehend ClassifyDocument', () => client.send(new ClassifyDocumentCommand({
    Text: required(i.text, 'input.text'),
    EndpointArn: required(i.endpointArn, 'input.endpointArn'),
  })));
  return {
    ...sdkMetadata($metadata),
    classes: null, labels: null, documentMetadata: null, documentType: null, errors: null, warnings: null,
    ...(camelCase(answer) as Record<string, unknown>),
  };
}

async function startClassification(client: ComprehendClient, i: CamundaComprehendInput): Promise<Record<string, unknown>> {
  const securityGroupIds = list(i.securityGroupIds, 'input.securityGroupIds');
  const subnets = list(i.subnets, 'input.subnets');
  if ((securityGroupIds === undefined) !== (subnets === undefined)) {
    throw new ConnectorError('INVALID_INPUT', 'input.securityGroupIds: give both the VPC security group IDs and the subnets, or neither', { path: 'input.securityGroupIds' });
  }
  const readAction = given(i.documentReadAction);
  const features = [yes(i.featureTypeTables) ? 'TABLES' : undefined, yes(i.featureTypeForms) ? 'FORMS' : undefined].filter((f): f is 'TABLES' | 'FORMS' => f !== undefined);
  if (readAction === 'TEXTRACT_ANALYZE_DOCUMENT' && features.length === 0) {
    throw new ConnectorError('INVALID_INPUT', 'input.featureTypeTables: TEXTRACT_ANALYZE_DOCUMENT needs at least one feature type (tables or forms)', { path: 'input.featureTypeTables' });
  }
  const readMode = given(i.documentReadMode);
  const format = given(i.comprehendInputFormat);
  const readerConfig = readAction && readAction !== 'NO_DATA'
    ? {
      DocumentReadAction: readAction as DocumentReadAction,
      DocumentReadMode: readMode && readMode !== 'NO_DATA' ? (readMode as DocumentReadMode) : undefined,
      FeatureTypes: readAction === 'TEXTRACT_ANALYZE_DOCUMENT' ? features : undefined,
    }
    : undefined;
  const { $metadata, ...answer } = await callAws('Comprehend StartDocumentClassificationJob', () => client.send(new StartDocumentClassificationJobCommand({
    InputDataConfig: {
      S3Uri: required(i.inputS3Uri, 'input.inputS3Uri'),
      InputFormat: format && format !== 'NO_DATA' ? (format as InputFormat) : undefined,
      DocumentReaderConfig: readerConfig,
    },
    OutputDataConfig: { S3Uri: required(i.outputS3Uri, 'input.outputS3Uri'), KmsKeyId: given(i.outputKmsKeyId) },
    DataAccessRoleArn: required(i.dataAccessRoleArn, 'input.dataAccessRoleArn'),
    DocumentClassifierArn: given(i.documentClassifierArn),
    FlywheelArn: given(i.flywheelArn),
    JobName: given(i.jobName),
    ClientRequestToken: given(i.clientRequestToken),
    VolumeKmsKeyId: given(i.volumeKmsKeyId),
    Tags: tags(i.tags),
    VpcConfig: securityGroupIds && subnets ? { SecurityGroupIds: securityGroupIds, Subnets: subnets } : undefined,
  })));
  return { ...sdkMetadata($metadata), jobId: null, jobArn: null, jobStatus: null, documentClassifierArn: null, ...(camelCase(answer) as Record<string, unknown>) };
}

/** A FEEL list, a JSON list, or "a,b,c". */
function list(v: unknown, path: string): string[] | undefined {
  if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) return undefined;
  if (typeof v === 'string') {
    const t = v.trim();
    if (t.startsWith('[')) return list(parseJson(t, path), path);
    return t.split(',').map((s) => s.trim()).filter(Boolean);
  }
  if (Array.isArray(v) && v.every((s) => typeof s === 'string')) return v;
  throw new ConnectorError('INVALID_INPUT', `${path}: must be a list of strings`, { path });
}

/** A FEEL context (or its JSON text) of tag keys to values. */
function tags(v: unknown): { Key: string; Value: string }[] | undefined {
  if (v === undefined || v === '') return undefined;
  const map = typeof v === 'string' ? parseJson(v, 'input.tags') : v;
  if (!isPlainObject(map)) throw new ConnectorError('INVALID_INPUT', 'input.tags: must be a context of tag keys to values', { path: 'input.tags' });
  return Object.entries(map).map(([Key, Value]) => {
    if (typeof Value !== 'string' && typeof Value !== 'number' && typeof Value !== 'boolean') {
      throw new ConnectorError('INVALID_INPUT', `input.tags.${Key}: a tag value must be a text, number or boolean`, { path: `input.tags.${Key}` });
    }
    return { Key, Value: String(Value) };
  });
}
