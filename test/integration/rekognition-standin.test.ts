/**
 * Rekognition DetectLabels in the AWS AI stand-in (test/fakes/aws-ai/rekognition.ts), spoken to by the
 * real AWS SDK RekognitionClient: labels registered by sha256 and by bucket/key, MinConfidence and
 * MaxLabels, every member of a label, the 5 MB / 15 MB limits at their exact boundary, formats, S3
 * errors, bad parameters, the recorded fixture, the control API's validation and injected throttling.
 * Runs its own in-process stand-in (the S3 emulator of the local stack holds the S3 images).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DeleteObjectsCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DetectLabelsCommand, RekognitionClient, type DetectLabelsCommandInput, type Label } from '@aws-sdk/client-rekognition';
import { startAwsAiStandIn, type AwsAiStandIn } from '../fakes/aws-ai/server';
import { createBucket, failure, s3, stack } from './harness';

const FIXTURES = path.resolve(__dirname, '../fakes/aws-ai/fixtures/rekognition');
const PNG = readFileSync(path.join(FIXTURES, 'gradient-32x32.png'));
const RECORDED = JSON.parse(readFileSync(path.join(FIXTURES, 'detect-labels-cli-example.json'), 'utf8')) as { Labels: Label[] };
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** A "PNG" of exactly `size` bytes: the signature, then filler (the stand-in reads only the magic bytes). */
const pngOfSize = (size: number, fill = 7): Buffer => Buffer.concat([PNG_SIGNATURE, Buffer.alloc(size - PNG_SIGNATURE.length, fill)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(60, 3)]);
const GIF = Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.alloc(64, 1)]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
const TIFF = Buffer.concat([Buffer.from('II*\u0000', 'latin1'), Buffer.alloc(32, 0)]);

const MB5 = 5 * 1024 * 1024;
const MB15 = 15 * 1024 * 1024;
const BUCKET = 'it-rekognition-standin';
const KEYS = {
  png: 'images/gradient.png',
  copy: 'images/gradient-copy.png',
  exact15: 'images/exactly-15mb.png',
  over15: 'images/over-15mb.png',
  gif: 'images/picture.gif',
  pdf: 'images/document.pdf',
};
const s3Image = (Name: string) => ({ S3Object: { Bucket: BUCKET, Name } });

let standIn: AwsAiStandIn;
let s3c: S3Client;
let rk: RekognitionClient;
const clients: RekognitionClient[] = [];

function rekognition(maxAttempts?: number): RekognitionClient {
  const c = new RekognitionClient({
    endpoint: standIn.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    ...(maxAttempts ? { maxAttempts } : {}),
  });
  clients.push(c);
  return c;
}

async function controlCall(method: string, route: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const r = await fetch(`${standIn.controlUrl}${route}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: r.status, json: (await r.json()) as Record<string, unknown> };
}
async function control<T = Record<string, unknown>>(method: string, route: string, body?: unknown): Promise<T> {
  const { status, json } = await controlCall(method, route, body);
  if (status >= 300) throw new Error(`${method} ${route} -> ${status} ${JSON.stringify(json)}`);
  return json as T;
}
const register = (body: Record<string, unknown>) => control('POST', '/rekognition/labels', body);
const detect = (input: DetectLabelsCommandInput, client = rk) => client.send(new DetectLabelsCommand(input));


/** A label as the stand-in answers it: every member present. */
const full = (l: Partial<Label> & { Name: string; Confidence: number }): Label => ({ Instances: [], Parents: [], Aliases: [], Categories: [], ...l });

beforeAll(async () => {
  standIn = await startAwsAiStandIn({ port: 0, s3Endpoint: stack().AWS_ENDPOINT_URL_S3_EMULATOR });
  await createBucket(BUCKET);
  s3c = s3();
  const objects: [string, Buffer][] = [
    [KEYS.png, PNG],
    [KEYS.copy, PNG],
    [KEYS.exact15, pngOfSize(MB15)],
    [KEYS.over15, pngOfSize(MB15 + 1)],
    [KEYS.gif, GIF],
    [KEYS.pdf, PDF],
  ];
  for (const [Key, Body] of objects) await s3c.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }));
  rk = rekognition();
}, 60_000);

afterEach(async () => {
  await control('POST', '/reset');
});

afterAll(async () => {
  await s3c?.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: Object.values(KEYS).map((Key) => ({ Key })) } })).catch(() => undefined);
  s3c?.destroy();
  for (const c of clients) c.destroy();
  await standIn?.close();
});

describe('labels registered per image', () => {
  const car = {
    Name: 'Car',
    Confidence: 98.5,
    Parents: [{ Name: 'Vehicle' }, { Name: 'Transportation' }],
    Categories: [{ Name: 'Vehicles and Automotive' }],
    Aliases: [{ Name: 'Automobile' }],
    Instances: [{ BoundingBox: { Width: 0.25, Height: 0.5, Left: 0.1, Top: 0.2 }, Confidence: 97.25 }],
  };

  test('by sha256: Bytes and an S3 object with the same bytes; every member present, LabelModelVersion 3.0', async () => {
    await register({ match: { sha256: sha(PNG) }, labels: [car, { Name: 'Road', Confidence: 77.5 }] });
    const r = await detect({ Image: { Bytes: PNG } });
    expect(r.Labels).toEqual([car, full({ Name: 'Road', Confidence: 77.5 })]);
    expect(r.LabelModelVersion).toBe('3.0');
    expect(r.$metadata.httpStatusCode).toBe(200);
    expect(r.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    // every member present on the wire too (the SDK would not add them)
    const raw = await fetch(standIn.url, {
      method: 'POST',
      headers: {
        'x-amz-target': 'RekognitionService.DetectLabels',
        'content-type': 'application/x-amz-json-1.1',
        authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/rekognition/aws4_request, SignedHeaders=host, Signature=00',
      },
      body: JSON.stringify({ Image: { Bytes: PNG.toString('base64') } }),
    });
    const body = (await raw.json()) as { Labels: Record<string, unknown>[] };
    expect(Object.keys(body.Labels[1]!).sort()).toEqual(['Aliases', 'Categories', 'Confidence', 'Instances', 'Name', 'Parents']);
    expect(body.Labels[1]).toMatchObject({ Instances: [], Parents: [], Aliases: [], Categories: [] });

    const fromS3 = await detect({ Image: s3Image(KEYS.png) });
    expect(fromS3.Labels?.map((l) => l.Name)).toEqual(['Car', 'Road']);
  });

  test('by bucket/key: only that object; the same bytes inline or under another key get no labels', async () => {
    await register({ match: { bucket: BUCKET, key: KEYS.png }, labels: [car] });
    expect((await detect({ Image: s3Image(KEYS.png) })).Labels).toEqual([car]);
    expect((await detect({ Image: s3Image(KEYS.copy) })).Labels).toEqual([]);
    expect((await detect({ Image: { Bytes: PNG } })).Labels).toEqual([]);
  });

  test('an image nothing is registered for has no labels; "default" answers it; a specific match wins over "default"', async () => {
    const none = await detect({ Image: { Bytes: JPEG } });
    expect(none.Labels).toEqual([]);
    expect(none.LabelModelVersion).toBe('3.0');
    await register({ match: 'default', labels: [{ Name: 'Document', Confidence: 88 }] });
    await register({ match: { sha256: sha(PNG) }, labels: [car] });
    expect((await detect({ Image: { Bytes: JPEG } })).Labels).toEqual([full({ Name: 'Document', Confidence: 88 })]);
    expect((await detect({ Image: { Bytes: PNG } })).Labels).toEqual([car]);
    // the newest of two matching registrations wins
    await register({ match: { bucket: BUCKET, key: KEYS.png }, labels: [{ Name: 'Gradient', Confidence: 70 }] });
    expect((await detect({ Image: s3Image(KEYS.png) })).Labels?.map((l) => l.Name)).toEqual(['Gradient']);
  });

  test('MinConfidence (default 55, inclusive) and MaxLabels filter; Confidence descending, ties in registered order', async () => {
    const conf: [string, number][] = [
      ['Sixty', 60],
      ['Top', 99.5],
      ['Boundary', 55],
      ['EightyA', 80],
      ['Below', 54.9],
      ['EightyB', 80],
    ];
    await register({ match: { sha256: sha(PNG) }, labels: conf.map(([Name, Confidence]) => ({ Name, Confidence })) });
    const names = async (input: Omit<DetectLabelsCommandInput, 'Image'>) => (await detect({ Image: { Bytes: PNG }, ...input })).Labels?.map((l) => l.Name);
    expect(await names({})).toEqual(['Top', 'EightyA', 'EightyB', 'Sixty', 'Boundary']);
    expect(await names({ MinConfidence: 80 })).toEqual(['Top', 'EightyA', 'EightyB']);
    expect(await names({ MinConfidence: 0 })).toEqual(['Top', 'EightyA', 'EightyB', 'Sixty', 'Boundary', 'Below']);
    expect(await names({ MinConfidence: 100 })).toEqual([]);
    expect(await names({ MaxLabels: 2 })).toEqual(['Top', 'EightyA']);
    expect(await names({ MaxLabels: 2, MinConfidence: 99.9 })).toEqual([]);
    expect(await names({ MaxLabels: 0 })).toEqual([]);
    expect(await names({ MaxLabels: 4, MinConfidence: 0 })).toEqual(['Top', 'EightyA', 'EightyB', 'Sixty']);
    // the registration itself is not reordered by a call
    expect(await names({ MinConfidence: 0, MaxLabels: 1000 })).toEqual(['Top', 'EightyA', 'EightyB', 'Sixty', 'Boundary', 'Below']);
  });

  test('Features without GENERAL_LABELS gets no labels; with it, the registered ones', async () => {
    await register({ match: 'default', labels: [car] });
    expect((await detect({ Image: { Bytes: PNG }, Features: ['IMAGE_PROPERTIES'] })).Labels).toEqual([]);
    expect((await detect({ Image: { Bytes: PNG }, Features: ['GENERAL_LABELS', 'IMAGE_PROPERTIES'] })).Labels).toEqual([car]);
  });

  test('a recorded response as the fixture: its Labels, filled with the absent members', async () => {
    const reg = await register({ match: { bucket: BUCKET, key: KEYS.png }, fixture: 'detect-labels-cli-example.json' });
    expect(reg).toMatchObject({ match: { bucket: BUCKET, key: KEYS.png }, source: 'fixture detect-labels-cli-example.json', labels: 29 });
    const r = await detect({ Image: s3Image(KEYS.png) });
    expect(r.Labels).toHaveLength(29);
    expect(r.Labels).toEqual(RECORDED.Labels.map((l) => full(l as Label & { Name: string; Confidence: number })));
    expect(r.LabelModelVersion).toBe('3.0');
    const car = r.Labels?.find((l) => l.Name === 'Car');
    expect(car?.Instances).toHaveLength(14);
    expect(car?.Parents).toEqual([{ Name: 'Vehicle' }, { Name: 'Transportation' }]);

    const high = await detect({ Image: s3Image(KEYS.png), MinConfidence: 90 });
    expect(high.Labels?.map((l) => l.Name)).toEqual(['Automobile', 'Vehicle', 'Transportation', 'Car', 'Human', 'Person', 'Machine', 'Wheel', 'Road', 'Sport', 'Sports', 'Skateboard', 'Pedestrian']);
    expect((await detect({ Image: s3Image(KEYS.png), MaxLabels: 3, MinConfidence: 56 })).Labels?.map((l) => l.Confidence)).toEqual([
      99.15271759033203, 99.15271759033203, 99.15271759033203,
    ]);
    expect((await detect({ Image: s3Image(KEYS.png), MinConfidence: 56 })).Labels).toHaveLength(28);
  });
});

describe('limits, formats and errors as AWS answers them', () => {
  test('Image.Bytes of exactly 5,242,880 bytes is accepted; 5,242,881 is ImageTooLargeException (400)', async () => {
    const exact = pngOfSize(MB5);
    await register({ match: { sha256: sha(exact) }, labels: [{ Name: 'Big', Confidence: 90 }] });
    expect((await detect({ Image: { Bytes: exact } })).Labels?.map((l) => l.Name)).toEqual(['Big']);
    const e = await failure(detect({ Image: { Bytes: pngOfSize(MB5 + 1) } }));
    expect(e.name).toBe('ImageTooLargeException');
    expect(e.$fault).toBe('client');
    expect(e.$metadata?.httpStatusCode).toBe(400);
  }, 30_000);

  test('an S3 object of exactly 15 MB is accepted; 15 MB + 1 byte is ImageTooLargeException (400)', async () => {
    await register({ match: { bucket: BUCKET, key: KEYS.exact15 }, labels: [{ Name: 'Huge', Confidence: 90 }] });
    expect((await detect({ Image: s3Image(KEYS.exact15) })).Labels?.map((l) => l.Name)).toEqual(['Huge']);
    const e = await failure(detect({ Image: s3Image(KEYS.over15) }));
    expect(e.name).toBe('ImageTooLargeException');
    expect(e.$metadata?.httpStatusCode).toBe(400);
  }, 30_000);

  const formats: [string, () => DetectLabelsCommandInput][] = [
    ['GIF bytes', () => ({ Image: { Bytes: GIF } })],
    ['PDF bytes', () => ({ Image: { Bytes: PDF } })],
    ['TIFF bytes', () => ({ Image: { Bytes: TIFF } })],
    ['garbage bytes', () => ({ Image: { Bytes: Buffer.from('not an image at all') } })],
    ['a GIF in S3', () => ({ Image: s3Image(KEYS.gif) })],
    ['a PDF in S3', () => ({ Image: s3Image(KEYS.pdf) })],
  ];
  test.each(formats)('%s: InvalidImageFormatException', async (_what, input) => {
    await register({ match: 'default', labels: [{ Name: 'Anything', Confidence: 99 }] });
    const e = await failure(detect(input()));
    expect(e.name).toBe('InvalidImageFormatException');
    expect(e.message).toBe('Request has invalid image format');
    expect(e.$fault).toBe('client');
    expect(e.$metadata?.httpStatusCode).toBe(400);
  });

  test('JPEG bytes are accepted', async () => {
    await register({ match: { sha256: sha(JPEG) }, labels: [{ Name: 'Photo', Confidence: 91 }] });
    expect((await detect({ Image: { Bytes: JPEG } })).Labels?.map((l) => l.Name)).toEqual(['Photo']);
  });

  test('a missing S3 object or bucket: InvalidS3ObjectException (400)', async () => {
    for (const S3Object of [
      { Bucket: BUCKET, Name: 'images/nothing-here.png' },
      { Bucket: 'it-rekognition-no-such-bucket', Name: 'x.png' },
    ]) {
      const e = await failure(detect({ Image: { S3Object } }));
      expect(e.name).toBe('InvalidS3ObjectException');
      expect(e.$metadata?.httpStatusCode).toBe(400);
    }
  });

  const bad: [string, DetectLabelsCommandInput][] = [
    ['MinConfidence over 100', { Image: { Bytes: PNG }, MinConfidence: 100.5 }],
    ['MinConfidence below 0', { Image: { Bytes: PNG }, MinConfidence: -1 }],
    ['MaxLabels below 0', { Image: { Bytes: PNG }, MaxLabels: -1 }],
    ['MaxLabels not an integer', { Image: { Bytes: PNG }, MaxLabels: 2.5 }],
    ['neither Bytes nor S3Object', { Image: {} }],
    ['both Bytes and S3Object', { Image: { Bytes: PNG, ...s3Image(KEYS.png) } }],
    ['no Image', {} as DetectLabelsCommandInput],
    ['empty Bytes', { Image: { Bytes: new Uint8Array() } }],
    ['S3Object without Name', { Image: { S3Object: { Bucket: BUCKET } } }],
    ['an unknown feature', { Image: { Bytes: PNG }, Features: ['FACES' as never] }],
  ];
  test.each(bad)('%s: InvalidParameterException (400)', async (_what, input) => {
    await register({ match: 'default', labels: [{ Name: 'Anything', Confidence: 99 }] });
    const e = await failure(detect(input));
    expect(e.name).toBe('InvalidParameterException');
    expect(e.$fault).toBe('client');
    expect(e.$metadata?.httpStatusCode).toBe(400);
  });
});

describe('control API', () => {
  test('bad registrations are refused with a 400 naming the problem', async () => {
    const cases: [unknown, RegExp][] = [
      [{ match: 'default' }, /exactly one of "labels".*or "fixture"/],
      [{ match: 'default', labels: [], fixture: 'detect-labels-cli-example.json' }, /exactly one of/],
      [{ match: { sha256: 'abc' }, labels: [] }, /match must be/],
      [{ labels: [] }, /match must be/],
      [{ match: 'default', labels: {} }, /labels: must be an array/],
      [{ match: 'default', labels: [{ Confidence: 90 }] }, /labels\[0\]\.Name/],
      [{ match: 'default', labels: [{ Name: 'X', Confidence: 101 }] }, /labels\[0\]\.Confidence/],
      [{ match: 'default', labels: [{ Name: 'X', Confidence: 50, Parents: ['Vehicle'] }] }, /labels\[0\]\.Parents\[0\]/],
      [{ match: 'default', labels: [{ Name: 'X', Confidence: 50, Instances: [{ Confidence: 50 }] }] }, /Instances\[0\]\.BoundingBox/],
      [{ match: 'default', labels: [{ Name: 'X', Confidence: 50, Instances: [{ BoundingBox: { Width: 1, Height: 1, Left: 0 }, Confidence: 50 }] }] }, /BoundingBox\.Top/],
      [{ match: 'default', fixture: 'nope.json' }, /no fixture/],
      [{ match: 'default', fixture: '../textract/test-response.json' }, /fixture must be/],
      [{ match: 'default', labels: [], operations: ['DetectLabels'] }, /unknown members operations/],
      ['just a string', /body must be a JSON object/],
    ];
    for (const [body, error] of cases) {
      const r = await controlCall('POST', '/rekognition/labels', body);
      expect({ body, status: r.status }).toEqual({ body, status: 400 });
      expect(String(r.json.error)).toMatch(error);
    }
    const st = await control<{ rekognition: { labels: unknown[] } }>('GET', '/state');
    expect(st.rekognition.labels).toEqual([]);
  });

  test('state lists the registrations; DELETE clears them; reset clears them too', async () => {
    await register({ match: { sha256: sha(PNG) }, labels: [{ Name: 'A', Confidence: 70 }] });
    await register({ match: 'default', fixture: 'detect-labels-cli-example.json' });
    const st = await control<{ rekognition: { labels: Record<string, unknown>[] } }>('GET', '/state');
    expect(st.rekognition.labels).toMatchObject([
      { match: { sha256: sha(PNG) }, source: 'inline response', labels: 1 },
      { match: 'default', source: 'fixture detect-labels-cli-example.json', labels: 29 },
    ]);
    expect(await control('DELETE', '/rekognition/labels')).toEqual({ cleared: 2 });
    expect((await detect({ Image: { Bytes: PNG } })).Labels).toEqual([]);

    await register({ match: 'default', labels: [{ Name: 'A', Confidence: 70 }] });
    await control('POST', '/reset');
    expect((await control<{ rekognition: { labels: unknown[] } }>('GET', '/state')).rekognition.labels).toEqual([]);
    expect((await detect({ Image: { Bytes: PNG } })).Labels).toEqual([]);
  });
});

describe('injected faults', () => {
  test('ThrottlingException (500) is retried by the SDK: 2 faults and default attempts succeed', async () => {
    await register({ match: 'default', labels: [{ Name: 'A', Confidence: 70 }] });
    await control('POST', '/faults', { count: 2, operation: 'RekognitionService.DetectLabels', error: 'ThrottlingException' });
    const r = await detect({ Image: { Bytes: PNG } });
    expect(r.Labels?.map((l) => l.Name)).toEqual(['A']);
    expect(r.$metadata.attempts).toBe(3);
    const st = await control<{ faults: { requests: Record<string, number>; injected: Record<string, number> } }>('GET', '/state');
    expect(st.faults.requests['RekognitionService.DetectLabels']).toBe(3);
    expect(st.faults.injected['RekognitionService.DetectLabels']).toBe(2);
  });

  test('with maxAttempts 1 the ThrottlingException surfaces as a 500 server fault', async () => {
    await control('POST', '/faults', { count: 1, operation: 'DetectLabels', error: 'ThrottlingException' });
    const e = await failure(detect({ Image: { Bytes: PNG } }, rekognition(1)));
    expect(e.name).toBe('ThrottlingException');
    expect(e.$fault).toBe('server');
    expect(e.$metadata?.httpStatusCode).toBe(500);
    expect(e.$metadata?.attempts).toBe(1);
    expect(e.message).toBe('Rate exceeded');
  });
});
