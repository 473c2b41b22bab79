import { DetectLabelsCommand, type Image, type Label } from '@aws-sdk/client-rekognition';
import { callAws } from '../../aws/errors';
import type { JobContext } from '../../runtime/connector';
import { amended, ConnectorError } from '../../runtime/errors';
import { readAtMost } from '../../runtime/byte-cap';
import { aisFromLabels } from '../ais';
import { openContentSource, sourcePath } from '../content-source';
import type { ConnectorDeps } from '../deps';
import { stageToS3, type StagedObject } from '../staging';
import { peekS3Image, s3ImageOf } from './s3-image';
import type { RekognitionInput } from './schema';

/** DetectLabels takes up to 5 MB as bytes, and up to 15 MB from S3 (seed 001 stages 5 to 15 MB). */
export const MAX_BYTES_INLINE = 5 * 1024 * 1024;
export const MAX_BYTES_S3 = 15 * 1024 * 1024;

/**
 * Seed 001's `analysis.error` ("a list of errors if any are caught by the connector") is empty on success; a
 * failure's BPMN error carries it in its variables, for the scope that catches it.
 */
export function withAnalysisError(error: unknown): unknown {
  if (!(error instanceof ConnectorError)) return error;
  return amended(error, { variables: { ...error.variables, analysis: { error: [`${error.code}: ${error.message}`] } } });
}

/** LABEL (seeds 000 and 001): the labels Rekognition sees in a JPEG or PNG image. */
export async function detectLabels(input: RekognitionInput, deps: ConnectorDeps, ctx: JobContext): Promise<Record<string, unknown>> {
  const action = input.action;
  const s3Image = s3ImageOf(action);
  if (s3Image) {
    // Rekognition reads S3 objects itself (up to 15 MB): only the size and the format are checked here.
    const { size, head } = await peekS3Image(s3Image, input, deps);
    if (size > MAX_BYTES_S3) {
      throw new ConnectorError('IMAGE_TOO_LARGE', `${sourcePath(input.action)}: the image is ${size} bytes, over ${MAX_BYTES_S3}, the most Rekognition analyses`, { path: sourcePath(input.action) });
    }
    return analyse(input, deps, { S3Object: s3Image }, { image: 's3', bytes: size, format: checkedFormat(head, input) });
  }
  const doc = await openContentSource(action, deps, 'action', input);
  const bytes = await readAtMost(doc.stream, MAX_BYTES_S3, () => new ConnectorError('IMAGE_TOO_LARGE',
    `action: the image is over ${MAX_BYTES_S3} bytes, the most Rekognition analyses`, { path: sourcePath(input.action) }));
  const format = checkedFormat(bytes, input, doc.contentType);
  let staged: StagedObject | undefined;
  try {
    let image: Image = { Bytes: bytes };
    if (bytes.length > MAX_BYTES_INLINE) {
      staged = await stageToS3(bytes, {
        fileName: doc.fileName ?? `image.${format === 'PNG' ? 'png' : 'jpg'}`, contentType: action.mediaType ?? `image/${format === 'PNG' ? 'png' : 'jpeg'}`,
        path: sourcePath(input.action), why: `an image of ${bytes.length} bytes (over 5 MB) is read by Rekognition from S3, which`,
      }, input, deps, ctx);
      image = { S3Object: { Bucket: staged.bucket, Name: staged.key } };
    }
    return await analyse(input, deps, image, { image: staged ? 's3' : 'bytes', bytes: bytes.length, format });
  } finally {
    await staged?.remove();
  }
}

function checkedFormat(bytes: Buffer, input: RekognitionInput, contentType?: string): 'JPEG' | 'PNG' {
  const format = imageFormat(bytes);
  if (format) return format;
  throw new ConnectorError('INVALID_IMAGE_FORMAT', `${sourcePath(input.action)}: is not a JPEG or PNG image (read from its bytes${contentType ? `; it says ${contentType}` : ''})`, {
    path: sourcePath(input.action),
  });
}

async function analyse(input: RekognitionInput, deps: ConnectorDeps, image: Image, analysis: { image: 's3' | 'bytes'; bytes: number; format: string }): Promise<Record<string, unknown>> {
  const action = input.action;
  const { client } = deps.aws.rekognition(input);
  const { $metadata: _m, ...answer } = await callAws('Rekognition DetectLabels', () => client.send(new DetectLabelsCommand({
    Image: image,
    MaxLabels: action.maxLabels ?? 10,
    MinConfidence: (action.confidenceLevel ?? 0.75) * 100,
  }), { abortSignal: AbortSignal.timeout(action.timeout ?? 910_000) }));
  const labels = (answer.Labels ?? []).map(simpleLabel);
  // awsResult is seed 001's name for the service's answer, awsResponse seed 000's: both are given.
  return { awsResult: answer, awsResponse: answer, aisResponse: aisFromLabels(labels), labels, analysis: { error: [], ...analysis } };
}

/** A label as the `labels` output has it: confidences 0..1, like `confidenceLevel`. */
function simpleLabel(l: Label) {
  return {
    name: l.Name ?? '',
    confidence: (l.Confidence ?? 0) / 100,
    parents: (l.Parents ?? []).map((p) => p.Name ?? ''),
    categories: (l.Categories ?? []).map((c) => c.Name ?? ''),
    aliases: (l.Aliases ?? []).map((a) => a.Name ?? ''),
    instances: (l.Instances ?? []).map((i) => ({
      confidence: (i.Confidence ?? 0) / 100,
      boundingBox: { width: i.BoundingBox?.Width ?? 0, height: i.BoundingBox?.Height ?? 0, left: i.BoundingBox?.Left ?? 0, top: i.BoundingBox?.Top ?? 0 },
    })),
  };
}

/** Rekognition reads JPEG and PNG only; the bytes tell which, whatever the name or media type say. */
export function imageFormat(b: Buffer): 'JPEG' | 'PNG' | undefined {
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'PNG';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'JPEG';
  return undefined;
}
