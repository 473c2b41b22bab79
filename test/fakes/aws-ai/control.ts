/**
 * Control API under /_control (plain JSON; see README.md beside this file):
 *   GET    /_control/health                 readiness: {"status": "ok"}
 *   GET    /_control/state                  config, registrations, jobs, pending faults, call counters
 *   POST   /_control/reset                  everything back to the start (registrations, jobs, faults, config)
 *   POST   /_control/textract/responses     register a recorded response (see recordings.ts); 201 with it
 *   DELETE /_control/textract/responses     clear the registrations
 *   DELETE /_control/textract/jobs          forget every job
 *   POST   /_control/textract/config        {"jobDelayMs": 1000, "pageSize": 1000} (each optional)
 *   POST   /_control/rekognition/labels     register labels for an image (see rekognition.ts); 201 with it
 *   DELETE /_control/rekognition/labels     clear the label registrations
 *   POST   /_control/comprehend/entities    {"entities": [{"text", "type", "score"}]}; 201 (pii-entities, key-phrases alike)
 *   POST   /_control/comprehend/languages   {"contains", "languageCode", "score"}; 201 (sentiments: {"contains", "sentiment"})
 *   POST   /_control/comprehend/classifiers {"endpointArn", "classes", "labels"}; 201
 *   DELETE /_control/comprehend/<entities|pii-entities|key-phrases|languages|sentiments|classifiers|jobs>  clear
 *   POST   /_control/comprehend/config      {"jobDelayMs": 1000, "failJobs": "message"} (each optional)
 *   POST   /_control/sagemaker/config       {"asyncDelayMs": 1000}; GET /_control/state lists the invocations
 *   POST   /_control/faults                 {"count", "operation", "error", "message", "status", "delayMs"}
 *   DELETE /_control/faults                 clear the faults and the call counters
 */
import type * as http from 'node:http';
import type { Faults } from './faults';
import { readBody, sendJson } from './protocol';
import type { Textract } from './textract';
import type { Rekognition } from './rekognition';
import type { Comprehend } from './comprehend';
import type { SageMaker } from './sagemaker';

export const CONTROL_PREFIX = '/_control';
const MAX_CONTROL_BODY = 16 * 1024 * 1024;

export interface ControlContext {
  textract: Textract;
  rekognition: Rekognition;
  comprehend: Comprehend;
  sagemaker: SageMaker;
  faults: Faults;
  startedAt: string;
  s3Endpoint: string;
  log: (line: string) => void;
}

async function jsonBody(req: http.IncomingMessage): Promise<unknown> {
  const text = (await readBody(req, MAX_CONTROL_BODY)).toString('utf8');
  if (!text.trim()) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error('body is not valid JSON');
  }
}

export function state(ctx: ControlContext): unknown {
  return {
    startedAt: ctx.startedAt,
    s3Endpoint: ctx.s3Endpoint,
    textract: {
      config: ctx.textract.config,
      responses: ctx.textract.recordings.summary(),
      jobs: ctx.textract.jobs.summary(),
    },
    rekognition: {
      labels: ctx.rekognition.labels.summary(),
    },
    comprehend: ctx.comprehend.summary(),
    sagemaker: ctx.sagemaker.summary(),
    faults: ctx.faults.state(),
  };
}

export async function handleControl(req: http.IncomingMessage, res: http.ServerResponse, ctx: ControlContext): Promise<void> {
  const route = `${req.method ?? 'GET'} ${(req.url ?? '/').split('?')[0]!.replace(/\/+$/, '')}`;
  try {
    switch (route) {
      case 'GET /_control/health':
        req.resume();
        return sendJson(res, 200, { status: 'ok' });
      case 'GET /_control/state':
      case 'GET /_control':
        req.resume();
        return sendJson(res, 200, state(ctx));
      case 'POST /_control/reset':
        req.resume();
        ctx.textract.reset();
        ctx.rekognition.reset();
        ctx.comprehend.reset();
        ctx.sagemaker.reset();
        ctx.faults.clear();
        ctx.log('control: reset');
        return sendJson(res, 200, state(ctx));
      case 'POST /_control/textract/responses': {
        const reg = ctx.textract.recordings.register(await jsonBody(req));
        ctx.log(`control: registered textract response #${reg.id} ${JSON.stringify(reg.match)} ${reg.fixture ?? 'inline'}`);
        return sendJson(res, 201, ctx.textract.recordings.summary().find((r) => (r as { id: number }).id === reg.id));
      }
      case 'DELETE /_control/textract/responses':
        req.resume();
        return sendJson(res, 200, { cleared: ctx.textract.recordings.clear() });
      case 'DELETE /_control/textract/jobs':
        req.resume();
        return sendJson(res, 200, { cleared: ctx.textract.jobs.clear() });
      case 'POST /_control/textract/config':
        return sendJson(res, 200, ctx.textract.setConfig(await jsonBody(req)));
      case 'POST /_control/rekognition/labels': {
        const reg = ctx.rekognition.register(await jsonBody(req));
        return sendJson(res, 201, ctx.rekognition.labels.summary().find((r) => (r as { id: number }).id === reg.id));
      }
      case 'DELETE /_control/rekognition/labels':
        req.resume();
        return sendJson(res, 200, { cleared: ctx.rekognition.labels.clear() });
      case 'POST /_control/comprehend/entities':
      case 'POST /_control/comprehend/pii-entities':
      case 'POST /_control/comprehend/key-phrases':
      case 'POST /_control/comprehend/languages':
      case 'POST /_control/comprehend/sentiments':
      case 'POST /_control/comprehend/classifiers': {
        const what = route.slice('POST /_control/comprehend/'.length);
        const registered = comprehendRegistry(ctx.comprehend, what).register(await jsonBody(req));
        ctx.log(`control: comprehend ${what} registered ${JSON.stringify(registered).slice(0, 200)}`);
        return sendJson(res, 201, { registered, registrations: ctx.comprehend.models.summary() });
      }
      case 'DELETE /_control/comprehend/entities':
      case 'DELETE /_control/comprehend/pii-entities':
      case 'DELETE /_control/comprehend/key-phrases':
      case 'DELETE /_control/comprehend/languages':
      case 'DELETE /_control/comprehend/sentiments':
      case 'DELETE /_control/comprehend/classifiers':
        req.resume();
        return sendJson(res, 200, { cleared: comprehendRegistry(ctx.comprehend, route.slice('DELETE /_control/comprehend/'.length)).clear() });
      case 'DELETE /_control/comprehend/jobs':
        req.resume();
        return sendJson(res, 200, { cleared: ctx.comprehend.jobs.clear() });
      case 'POST /_control/comprehend/config':
        return sendJson(res, 200, ctx.comprehend.setConfig(await jsonBody(req)));
      case 'POST /_control/sagemaker/config':
        return sendJson(res, 200, ctx.sagemaker.setConfig(await jsonBody(req)));
      case 'POST /_control/faults': {
        const rule = ctx.faults.add(await jsonBody(req));
        ctx.log(`control: fault added ${JSON.stringify(rule)}`);
        return sendJson(res, 201, ctx.faults.state());
      }
      case 'DELETE /_control/faults':
        req.resume();
        return sendJson(res, 200, { cleared: ctx.faults.clear() });
      default:
        req.resume();
        return sendJson(res, 404, { error: `no control route ${route}` });
    }
  } catch (err) {
    if (!res.headersSent) sendJson(res, 400, { error: (err as Error).message });
  }
}

/** Comprehend's registrations by route name (comprehend-models.ts validates the bodies). */
function comprehendRegistry(c: Comprehend, name: string): { register(body: unknown): unknown; clear(): number } {
  const m = c.models;
  const registries: Record<string, { register(body: unknown): unknown; clear(): number }> = {
    entities: m.entities,
    'pii-entities': m.piiEntities,
    'key-phrases': m.keyPhrases,
    languages: m.languages,
    sentiments: m.sentiments,
    classifiers: m.classifiers,
  };
  return registries[name]!;
}
