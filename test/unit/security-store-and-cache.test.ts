import http from 'node:http';
import type { AddressInfo } from 'node:net';
import busboy from 'busboy';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { awsSecretsManagerSecrets } from '../../worker/aws/secrets-manager';
import { CamundaDocumentStore, fromBuffer } from '../../worker/runtime/documents';

// Finding 11 of the second round: the multipart body the worker sends to the document store stripped only `"`
// from the file name (an S3 key with CR/LF wrote part headers of its own), and the Secrets Manager cache had no bound.

async function storeAndParse(fileName: string, contentType: string) {
  let raw = '';
  const parts: { field: string; filename?: string; mimeType?: string; headers?: string }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      raw = body.toString('utf8');
      const parser = busboy({ headers: req.headers, preservePath: true });
      parser.on('file', (field, stream, info) => {
        parts.push({ field, filename: info.filename, mimeType: info.mimeType });
        stream.resume();
      });
      parser.on('field', (field) => parts.push({ field }));
      parser.on('close', () => res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ 'camunda.document.type': 'camunda', storeId: 's', documentId: 'd', metadata: {} })));
      parser.end(body);
    });
  }).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try {
    await new CamundaDocumentStore(`http://127.0.0.1:${(server.address() as AddressInfo).port}`).create(fromBuffer(Buffer.from('hello'), fileName, contentType));
  } finally {
    server.close();
  }
  return { raw, parts };
}

test('a file name with CR, LF and quotes cannot write part headers of its own; its content type cannot either', async () => {
  const { raw, parts } = await storeAndParse('a.txt"\r\nContent-Type: text/html\r\nX-Injected: 1\r\n\r\n<script>', 'text/plain\r\nX-Also: 1');
  expect(raw).not.toMatch(/^X-Injected/m);
  expect(raw).not.toMatch(/^X-Also/m);
  expect(parts.map((p) => p.field)).toEqual(['metadata', 'file']);
  expect(parts[1]).toMatchObject({ filename: 'a.txt%22%0D%0AContent-Type: text/html%0D%0AX-Injected: 1%0D%0A%0D%0A<script>', mimeType: 'application/octet-stream' });
});

test('a non-ASCII file name goes as filename* (UTF-8) and arrives whole', async () => {
  const { raw, parts } = await storeAndParse('Überweisung März 2024 ✓.pdf', 'application/pdf');
  expect(raw).toContain(`filename*=UTF-8''${encodeURIComponent('Überweisung März 2024 ✓.pdf')}`);
  expect(parts[1]).toMatchObject({ filename: 'Überweisung März 2024 ✓.pdf', mimeType: 'application/pdf' });
});

test('the Secrets Manager cache is bounded by size: old entries go, recent ones stay', async () => {
  const asked: string[] = [];
  const client = { send: async (command: { input: { SecretId: string } }) => {
    asked.push(command.input.SecretId);
    return { SecretString: 'v'.repeat(100_000) };
  } } as unknown as SecretsManagerClient;
  const provider = awsSecretsManagerSecrets(client, 'p/');
  for (let i = 0; i < 200; i++) await provider.lookup(`NAME_${i}`);
  expect(asked).toHaveLength(200);
  await provider.lookup('NAME_199');
  expect(asked).toHaveLength(200);
  // 200 values of 100 kB are 20 MB: the first ones were dropped (4 MiB bound).
  await provider.lookup('NAME_0');
  expect(asked).toHaveLength(201);
});
