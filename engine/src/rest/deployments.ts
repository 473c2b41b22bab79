// POST /v2/deployments: multipart with one or more `resources` files and an optional `tenantId` field.

import type { IncomingMessage } from 'node:http';
import { EngineError, type EngineApi } from '../api';
import { deploymentTooLarge, type DeploymentLimits } from '../defaults';
import { HttpError, sendJson, type Route } from './http';
import { multipart } from './multipart';

export function deploymentRoutes(engine: EngineApi): Route[] {
  return [
    {
      method: 'POST',
      path: '/v2/deployments',
      async handle({ req, res }) {
        const { resources, tenantId } = await readResources(req, engine.deploymentLimits);
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

/** Reads the resources; a deployment over the limits is refused with 413 as soon as it is known, not after it was read whole. */
function readResources(req: IncomingMessage, limits: DeploymentLimits): Promise<{ resources: { name: string; content: Buffer }[]; tenantId?: string }> {
  return new Promise((resolve, reject) => {
    const parser = multipart(req, { fileSize: limits.maxBytes });
    const resources: { name: string; content: Buffer }[] = [];
    let tenantId: string | undefined;
    let files = 0;
    let bytes = 0;
    const tooLarge = () => {
      const why = deploymentTooLarge(limits, files, bytes);
      if (why) fail(new HttpError(413, 'PAYLOAD_TOO_LARGE', why));
      return why !== undefined;
    };
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
      files += 1;
      if (failed || tooLarge()) {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (failed || tooLarge()) return;
        chunks.push(chunk);
      });
      stream.on('limit', () => fail(new HttpError(413, 'PAYLOAD_TOO_LARGE', `Resource '${info.filename}' exceeds ${limits.maxBytes} bytes (ENGINE_MAX_DEPLOYMENT_BYTES).`)));
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
