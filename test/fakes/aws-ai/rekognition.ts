/**
 * Amazon Rekognition DetectLabels (X-Amz-Target `RekognitionService.DetectLabels`): request validation
 * and limits as AWS documents them, labels registered per image through the control API.
 *
 *   Image: exactly one of Bytes (base64 in JSON; at most 5,242,880 bytes decoded) or
 *          S3Object{Bucket, Name, Version?} (read from the S3 emulator; at most 15 MB); PNG or JPEG only
 *   MaxLabels: integer >= 0 (default 1000); MinConfidence: 0..100 (default 55)
 *   Features: GENERAL_LABELS and/or IMAGE_PROPERTIES (labels only with GENERAL_LABELS, the default);
 *   Settings: accepted, not applied
 *
 * Answer: the registered labels with Confidence >= MinConfidence, by Confidence descending (ties keep
 * the registered order), at most MaxLabels, each with all of Name, Confidence, Instances, Parents,
 * Aliases, Categories; LabelModelVersion "3.0". An image nothing is registered for (and no "default")
 * has no labels: `Labels: []`, as AWS answers for an image in which it recognises nothing.
 *
 * Registration (POST /_control/rekognition/labels), matched like Textract's recordings (recordings.ts):
 *   { "match": {"sha256": "<hex>"} | {"bucket": "...", "key": "..."} | "default",
 *     "labels": [ {Name, Confidence, Parents?, Categories?, Aliases?, Instances?}, ... ]
 *       | "fixture": "<recorded DetectLabels response in fixtures/rekognition>" }
 */
import path from 'node:path';
import { S3Documents, TooLargeError, sha256, sniffFormat, type LoadedDocument } from './documents';
import { AwsError, invalidParameter, isObject, type Json } from './protocol';
import { ControlError, Recordings, type Registration } from './recordings';

export const REKOGNITION_OPERATIONS = ['DetectLabels'] as const;

/** "Blob of image bytes up to 5 MBs" (the model's Image.Bytes limit). */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/** Images in S3: up to 15 MB. */
export const MAX_S3_IMAGE_BYTES = 15 * 1024 * 1024;
const DEFAULT_MAX_LABELS = 1000;
const DEFAULT_MIN_CONFIDENCE = 55;
const LABEL_MODEL_VERSION = '3.0';
const FEATURES = ['GENERAL_LABELS', 'IMAGE_PROPERTIES'];

interface Named {
  Name: string;
}

export interface Label {
  Name: string;
  Confidence: number;
  Instances: Json[];
  Parents: Named[];
  Aliases: Named[];
  Categories: Named[];
}

export class Rekognition {
  readonly labels: Recordings;

  constructor(
    readonly s3: S3Documents,
    fixturesDir = path.join(__dirname, 'fixtures', 'rekognition'),
    private readonly log: (line: string) => void = () => undefined,
  ) {
    this.labels = new Recordings(fixturesDir, REKOGNITION_OPERATIONS, {
      prepare: (response) => ({ Labels: checkLabels(response.Labels) }),
      describe: (response) => ({ labels: (response.Labels as Label[]).length }),
    });
  }

  /** POST /_control/rekognition/labels: `{match, labels}` or `{match, fixture}`. */
  register(body: unknown): Registration {
    if (!isObject(body)) throw new ControlError('body must be a JSON object');
    const extra = Object.keys(body).filter((k) => !['match', 'labels', 'fixture'].includes(k));
    if (extra.length) throw new ControlError(`unknown members ${extra.join(', ')}; a registration has "match" and "labels" or "fixture"`);
    if ((body.labels === undefined) === (body.fixture === undefined)) {
      throw new ControlError('give exactly one of "labels" (an array of labels) or "fixture" (a recorded DetectLabels response in fixtures/rekognition)');
    }
    const reg =
      body.labels !== undefined
        ? this.labels.register({ match: body.match, response: { Labels: body.labels } })
        : this.labels.register({ match: body.match, fixture: body.fixture });
    this.log(`control: registered rekognition labels #${reg.id} ${JSON.stringify(reg.match)} ${reg.fixture ?? 'inline'}`);
    return reg;
  }

  reset(): void {
    this.labels.clear();
  }

  async handle(operation: string, input: Json): Promise<Json> {
    if (operation !== 'DetectLabels') throw new AwsError('UnknownOperationException', `Operation RekognitionService.${operation} is not supported by the stand-in`);
    return this.detectLabels(input);
  }

  private async detectLabels(input: Json): Promise<Json> {
    const maxLabels = input.MaxLabels ?? DEFAULT_MAX_LABELS;
    if (typeof maxLabels !== 'number' || !Number.isInteger(maxLabels) || maxLabels < 0) throw invalidParameter('MaxLabels must be an integer >= 0');
    const minConfidence = input.MinConfidence ?? DEFAULT_MIN_CONFIDENCE;
    if (typeof minConfidence !== 'number' || !Number.isFinite(minConfidence) || minConfidence < 0 || minConfidence > 100) {
      throw invalidParameter('MinConfidence must be between 0 and 100');
    }
    const features = input.Features ?? ['GENERAL_LABELS'];
    if (!Array.isArray(features) || features.some((f) => typeof f !== 'string' || !FEATURES.includes(f))) {
      throw invalidParameter(`Features must be a list of ${FEATURES.join(', ')}`);
    }
    if (input.Settings !== undefined && !isObject(input.Settings)) throw invalidParameter('Settings must be a structure');

    const image = await this.loadImage(input.Image);
    const reg = this.labels.find(['DetectLabels'], { sha256: image.sha256, bucket: image.s3?.bucket, key: image.s3?.key });
    const registered = features.includes('GENERAL_LABELS') && reg ? (reg.response.Labels as Label[]) : [];
    const Labels = registered
      .filter((l) => l.Confidence >= minConfidence)
      .sort((a, b) => b.Confidence - a.Confidence)
      .slice(0, maxLabels);
    return { Labels, LabelModelVersion: LABEL_MODEL_VERSION };
  }

  private async loadImage(image: unknown): Promise<LoadedDocument> {
    if (!isObject(image)) throw invalidParameter('Image is required');
    const hasBytes = image.Bytes !== undefined && image.Bytes !== null;
    const hasS3 = image.S3Object !== undefined && image.S3Object !== null;
    if (hasBytes === hasS3) throw invalidParameter('Image needs exactly one of Bytes or S3Object');
    let doc: LoadedDocument;
    if (hasBytes) {
      if (typeof image.Bytes !== 'string') throw new AwsError('SerializationException', 'Bytes must be a base64 string');
      const bytes = Buffer.from(image.Bytes, 'base64');
      if (bytes.length === 0) throw invalidParameter('Image.Bytes must not be empty');
      if (bytes.length > MAX_IMAGE_BYTES) throw tooLarge(`Image.Bytes is ${bytes.length} bytes, over the limit of ${MAX_IMAGE_BYTES}`);
      doc = { bytes, sha256: sha256(bytes), format: sniffFormat(bytes) };
    } else {
      const s3 = image.S3Object;
      if (!isObject(s3) || typeof s3.Bucket !== 'string' || !s3.Bucket || typeof s3.Name !== 'string' || !s3.Name) {
        throw invalidParameter('Image.S3Object needs Bucket and Name');
      }
      if (s3.Version !== undefined && typeof s3.Version !== 'string') throw invalidParameter('Image.S3Object.Version must be a string');
      const loc = { bucket: s3.Bucket, key: s3.Name, version: s3.Version as string | undefined };
      let bytes: Buffer;
      try {
        bytes = await this.s3.get(loc, MAX_S3_IMAGE_BYTES);
      } catch (e) {
        if (e instanceof TooLargeError) throw tooLarge(`the S3 object ${e.message}, over the limit of ${MAX_S3_IMAGE_BYTES}`);
        throw e;
      }
      doc = { bytes, sha256: sha256(bytes), format: sniffFormat(bytes), s3: loc };
    }
    if (doc.format !== 'PNG' && doc.format !== 'JPEG') throw new AwsError('InvalidImageFormatException', 'Request has invalid image format');
    return doc;
  }
}

function tooLarge(detail: string): AwsError {
  return new AwsError('ImageTooLargeException', `Image size is too large (${detail})`);
}

// ------------------------------------------------------------- registration --

function fail(where: string, what: string): never {
  throw new ControlError(`${where}: ${what}`);
}

const isConfidence = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 100;

function names(v: unknown, where: string): Named[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) fail(where, 'must be an array of {"Name": "..."}');
  return v.map((n, i) => {
    if (!isObject(n) || typeof n.Name !== 'string' || !n.Name) fail(`${where}[${i}]`, 'must be {"Name": "<non-empty string>"}');
    return { Name: n.Name };
  });
}

function instances(v: unknown, where: string): Json[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) fail(where, 'must be an array of {"BoundingBox": {...}, "Confidence": n}');
  return v.map((inst, i) => {
    const at = `${where}[${i}]`;
    if (!isObject(inst)) fail(at, 'must be an object');
    const box = inst.BoundingBox;
    if (!isObject(box)) fail(`${at}.BoundingBox`, 'is required: {"Width", "Height", "Left", "Top"}');
    for (const k of ['Width', 'Height', 'Left', 'Top']) {
      if (typeof box[k] !== 'number' || !Number.isFinite(box[k])) fail(`${at}.BoundingBox.${k}`, 'must be a number');
    }
    if (!isConfidence(inst.Confidence)) fail(`${at}.Confidence`, 'must be a number from 0 to 100');
    const out: Json = { BoundingBox: { Width: box.Width, Height: box.Height, Left: box.Left, Top: box.Top }, Confidence: inst.Confidence };
    if (Array.isArray(inst.DominantColors)) out.DominantColors = inst.DominantColors;
    return out;
  });
}

/** The registered labels, each with every member (absent lists become []); refuses malformed ones. */
export function checkLabels(v: unknown): Label[] {
  if (!Array.isArray(v)) fail('labels', 'must be an array (a fixture needs a "Labels" array)');
  return v.map((l, i) => {
    const at = `labels[${i}]`;
    if (!isObject(l)) fail(at, 'must be an object');
    if (typeof l.Name !== 'string' || !l.Name) fail(`${at}.Name`, 'must be a non-empty string');
    if (!isConfidence(l.Confidence)) fail(`${at}.Confidence`, 'must be a number from 0 to 100');
    return {
      Name: l.Name,
      Confidence: l.Confidence,
      Instances: instances(l.Instances, `${at}.Instances`),
      Parents: names(l.Parents, `${at}.Parents`),
      Aliases: names(l.Aliases, `${at}.Aliases`),
      Categories: names(l.Categories, `${at}.Categories`),
    };
  });
}
