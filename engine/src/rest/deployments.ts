// POST /v2/deployments: multipart with one or more `resources` files and an optional `tenantId` field.

import type { IncomingMessage } from 'node:http';
import { EngineError, type EngineApi } from '../api';
import { HttpError, sendJson, type Route } from './http';
import { multipart } from './multipart';

const MAX_RESOURCE_BYTES = 32 * 1024 * 1024;

export function deploymentRoutes(engine: EngineApi): Route[] {
  return [
    {
      method: 'POST',
      path: '/v2/deployments',
      async handle({ req, res }) {
        const { resources, tenantId } = await readResources(req);
        if (resources.length === 0) throw new EngineError('INVALID_ARGUMENT', 'No resources given. Expected at least one file in the form field `resources`.');
        const deployment = await engine.deploy(resources, tenantId || undefined);
        sendJson(res, 200, {
          deploymentKey: deployment.deploymentKey,
          tenantId: deployment.tenantId,
          deployments: deployment.processes.map((p) => ({
            processDefinition: {
              processDefinitionId: p.bpmnProcessId,
              processDefinitionVersion: p.version,
              resourceName: p.resourceName,
              tenantId: p.tenantId,
              processDefinitionKey: p.processDefinitionKey,
            },
          })),
        });
      },
    },
  ];
}

function readResources(req: IncomingMessage): Promise<{ resources: { name: string; content: Buffer }[]; tenantId?: string }> {
  return new Promise((resolve, reject) => {
    const parser = multipart(req, { fileSize: MAX_RESOURCE_BYTES });
    const resources: { name: string; content: Buffer }[] = [];
    let tenantId: string | undefined;
    let failed = false;
    const fail = (error: Error) => {
      if (!failed) reject(error);
      failed = true;
      req.unpipe(parser);
      req.resume();
    };
    parser.on('file', (field, stream, info) => {
      if (field !== 'resources') {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => fail(new HttpError(413, 'PAYLOAD_TOO_LARGE', `Resource '${info.filename}' exceeds ${MAX_RESOURCE_BYTES} bytes.`)));
      stream.on('end', () => resources.push({ name: info.filename ?? `resource-${resources.length + 1}`, content: Buffer.concat(chunks) }));
    });
    parser.on('field', (field, value) => {
      if (field === 'tenantId') tenantId = value;
    });
    parser.on('close', () => {
      if (!failed) resolve({ resources, tenantId });
    });
    parser.on('error', (e) => fail(new HttpError(400, 'INVALID_ARGUMENT', `Malformed multipart request: ${(e as Error).message}`)));
    req.pipe(parser);
  });
}
