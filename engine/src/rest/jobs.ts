// Jobs: activation (long polling) and the job commands.

import { EngineError, type ActivatedJob, type EngineApi } from '../api';
import { DEFAULT_LONG_POLL_MS } from '../defaults';
import {
  keyParam,
  optionalNumber,
  optionalObject,
  optionalString,
  optionalStringArray,
  readJson,
  requiredNumber,
  requiredString,
  sendJson,
  sendNoContent,
  type Route,
} from './http';

/** `shutdown` ends long polls at once (empty), so the server can close promptly. */
export function jobRoutes(engine: EngineApi, shutdown: AbortSignal): Route[] {
  return [
    {
      method: 'POST',
      path: '/v2/jobs/activation',
      async handle({ req, res }) {
        const body = await readJson(req);
        const type = requiredString(body, 'type');
        const timeoutMs = requiredNumber(body, 'timeout');
        const maxJobsToActivate = requiredNumber(body, 'maxJobsToActivate');
        if (timeoutMs < 1) throw new EngineError('INVALID_ARGUMENT', `The value for timeout is '${timeoutMs}' but must be greater than 0.`);
        if (maxJobsToActivate < 1) throw new EngineError('INVALID_ARGUMENT', `The value for maxJobsToActivate is '${maxJobsToActivate}' but must be greater than 0.`);
        const requestTimeout = optionalNumber(body, 'requestTimeout') ?? 0;
        const pollMs = requestTimeout === 0 ? DEFAULT_LONG_POLL_MS : Math.max(requestTimeout, 0);

        // A client that gives up on the poll should not be handed jobs it will never see.
        const gone = new AbortController();
        res.once('close', () => gone.abort());
        const jobs = await engine.activateJobs(
          { type, worker: optionalString(body, 'worker') ?? '', timeoutMs, maxJobsToActivate, fetchVariables: optionalStringArray(body, 'fetchVariable') },
          pollMs,
          AbortSignal.any([gone.signal, shutdown]),
        );
        sendJson(res, 200, { jobs: jobs.map(toRestJob) });
      },
    },
    {
      method: 'POST',
      path: '/v2/jobs/:jobKey/completion',
      async handle(context) {
        const body = await readJson(context.req);
        engine.completeJob(keyParam(context, 'jobKey'), optionalObject(body, 'variables'));
        sendNoContent(context.res);
      },
    },
    {
      method: 'POST',
      path: '/v2/jobs/:jobKey/failure',
      async handle(context) {
        const body = await readJson(context.req);
        const retries = optionalNumber(body, 'retries') ?? 0;
        const retryBackOff = optionalNumber(body, 'retryBackOff');
        engine.failJob(keyParam(context, 'jobKey'), retries, optionalString(body, 'errorMessage'), retryBackOff || undefined, optionalObject(body, 'variables'));
        sendNoContent(context.res);
      },
    },
    {
      method: 'POST',
      path: '/v2/jobs/:jobKey/error',
      async handle(context) {
        const body = await readJson(context.req);
        engine.throwError(keyParam(context, 'jobKey'), requiredString(body, 'errorCode'), optionalString(body, 'errorMessage'), optionalObject(body, 'variables'));
        sendNoContent(context.res);
      },
    },
    {
      method: 'PATCH',
      path: '/v2/jobs/:jobKey',
      async handle(context) {
        const body = await readJson(context.req);
        const jobKey = keyParam(context, 'jobKey');
        const changeset = optionalObject(body, 'changeset') ?? {};
        const retries = optionalNumber(changeset, 'retries');
        const timeout = optionalNumber(changeset, 'timeout');
        if (retries === undefined && timeout === undefined) throw new EngineError('INVALID_ARGUMENT', 'At least one of [retries, timeout] is required.');
        if (retries !== undefined) engine.updateJobRetries(jobKey, retries);
        if (timeout !== undefined) engine.updateJobTimeout(jobKey, timeout);
        sendNoContent(context.res);
      },
    },
  ];
}

/** The activated job (built once, in the engine) with REST's field names. */
function toRestJob({ key, bpmnProcessId, ...job }: ActivatedJob) {
  return { ...job, jobKey: key, processDefinitionId: bpmnProcessId };
}
