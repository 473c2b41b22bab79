// The Zeebe gateway gRPC service (gateway_protocol.Gateway) over the engine.
// int64 fields travel as decimal strings (see proto.ts); variables and custom headers as JSON text.

import * as grpc from '@grpc/grpc-js';
import { EngineError, type ActivatedJob, type EngineApi } from '../api';
import { DEFAULT_LONG_POLL_MS, DEFAULT_REQUEST_TIMEOUT_MS } from '../defaults';
import { loadGatewayService } from './proto';
import { toServiceError } from './status';
import { parseDocument } from './variables';

// Messages as proto-loader decodes them (keepCase, longs as strings, defaults filled in).
type Message = Record<string, any>;
type Handler = (engine: EngineApi, request: Message) => Message | Promise<Message>;

const UNARY: Record<string, Handler> = {
  Topology: (engine) => engine.topology(),

  DeployResource: async (engine, { resources, tenantId }) => {
    const deployment = await engine.deploy(resources.map((r: Message) => ({ name: r.name, content: r.content })), tenantId || undefined);
    return {
      key: deployment.deploymentKey,
      tenantId: deployment.tenantId,
      deployments: deployment.processes.map((p) => ({
        process: { bpmnProcessId: p.bpmnProcessId, version: p.version, processDefinitionKey: p.processDefinitionKey, resourceName: p.resourceName, tenantId: p.tenantId },
      })),
    };
  },

  DeployProcess: async (engine, { processes }) => {
    const deployment = await engine.deploy(processes.map((p: Message) => ({ name: p.name, content: p.definition })));
    return {
      key: deployment.deploymentKey,
      processes: deployment.processes.map((p) => ({ bpmnProcessId: p.bpmnProcessId, version: p.version, processDefinitionKey: p.processDefinitionKey, resourceName: p.resourceName })),
    };
  },

  CreateProcessInstance: (engine, request) => {
    const created = engine.createProcessInstance(creationRequest(request));
    return { processDefinitionKey: created.processDefinitionKey, bpmnProcessId: created.bpmnProcessId, version: created.version, processInstanceKey: created.processInstanceKey, tenantId: created.tenantId };
  },

  CreateProcessInstanceWithResult: async (engine, { request, requestTimeout, fetchVariables }) => {
    const created = engine.createProcessInstance(creationRequest(request ?? {}));
    const timeoutMs = Number(requestTimeout) > 0 ? Number(requestTimeout) : DEFAULT_REQUEST_TIMEOUT_MS;
    const result = await engine.awaitResult(created.processInstanceKey, fetchVariables.length > 0 ? fetchVariables : undefined, timeoutMs);
    return {
      processDefinitionKey: result.processDefinitionKey,
      bpmnProcessId: result.bpmnProcessId,
      version: result.version,
      processInstanceKey: result.processInstanceKey,
      variables: JSON.stringify(result.variables),
      tenantId: result.tenantId,
    };
  },

  CancelProcessInstance: (engine, { processInstanceKey }) => {
    engine.cancelProcessInstance(processInstanceKey);
    return {};
  },

  SetVariables: (engine, { elementInstanceKey, variables, local }) => {
    const document = parseDocument('variables', variables);
    if (!document) throw new EngineError('INVALID_ARGUMENT', "Expected argument 'variables' to be a non-empty JSON document, but it was empty");
    return engine.setVariables(elementInstanceKey, document, local);
  },

  PublishMessage: (engine, { name, correlationKey, timeToLive, messageId, variables, tenantId }) => {
    const published = engine.publishMessage({ name, correlationKey, timeToLiveMs: Number(timeToLive), messageId: messageId || undefined, variables: parseDocument('variables', variables), tenantId: tenantId || undefined });
    return { key: published.messageKey, tenantId: published.tenantId };
  },

  ResolveIncident: (engine, { incidentKey }) => {
    engine.resolveIncident(incidentKey);
    return {};
  },

  CompleteJob: (engine, { jobKey, variables }) => {
    engine.completeJob(jobKey, parseDocument('variables', variables));
    return {};
  },

  FailJob: (engine, { jobKey, retries, errorMessage, retryBackOff, variables }) => {
    engine.failJob(jobKey, retries, errorMessage || undefined, Number(retryBackOff) || undefined, parseDocument('variables', variables));
    return {};
  },

  ThrowError: (engine, { jobKey, errorCode, errorMessage, variables }) => {
    if (!errorCode) throw new EngineError('INVALID_ARGUMENT', "Expected argument 'errorCode' to be a non-empty string, but it was empty");
    engine.throwError(jobKey, errorCode, errorMessage || undefined, parseDocument('variables', variables));
    return {};
  },

  UpdateJobTimeout: (engine, { jobKey, timeout }) => {
    engine.updateJobTimeout(jobKey, Number(timeout));
    return {};
  },

  UpdateJobRetries: (engine, { jobKey, retries }) => {
    if (retries < 1) throw new EngineError('INVALID_ARGUMENT', `Expected argument 'retries' to be greater than 0, but was ${retries}`);
    engine.updateJobRetries(jobKey, retries);
    return {};
  },
};

/**
 * A gRPC server with the Gateway service; bind it with `bindGrpcServer`. When `shutdown` aborts, long
 * polls answer at once (empty) and job streams end with UNAVAILABLE, so the server can close promptly.
 */
export function createGrpcServer(engine: EngineApi, shutdown: AbortSignal = new AbortController().signal): grpc.Server {
  const service = loadGatewayService();
  const implementation: grpc.UntypedServiceImplementation = {};
  for (const [name, method] of Object.entries(service)) {
    implementation[name] = method.responseStream ? unimplementedStream(name) : unimplementedUnary(name);
  }
  for (const [name, handler] of Object.entries(UNARY)) implementation[name] = unary(engine, handler);
  implementation.ActivateJobs = activateJobs(engine, shutdown);
  implementation.StreamActivatedJobs = streamActivatedJobs(engine, shutdown);

  const server = new grpc.Server();
  server.addService(service, implementation);
  return server;
}

/** Binds insecurely to host:port (0 = a free port) and resolves with the port bound. */
export function bindGrpcServer(server: grpc.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound)));
  });
}

function unary(engine: EngineApi, handler: Handler): grpc.handleUnaryCall<Message, Message> {
  return (call, callback) => {
    Promise.resolve()
      .then(() => handler(engine, call.request))
      .then(
        (response) => callback(null, response),
        (error) => callback(toServiceError(error)),
      );
  };
}

function unimplementedUnary(name: string): grpc.handleUnaryCall<Message, Message> {
  return (_call, callback) => callback(unimplemented(name));
}

function unimplementedStream(name: string): grpc.handleServerStreamingCall<Message, Message> {
  return (call) => fail(call, unimplemented(name));
}

/** Ends a server stream with an error status (grpc-js sends the status of an 'error' event). */
function fail(call: grpc.ServerWritableStream<Message, Message>, error: Partial<grpc.ServiceError>): void {
  call.emit('error', error);
}

function unimplemented(name: string): Partial<grpc.ServiceError> {
  const message = `${name} is not implemented by this engine`;
  return { code: grpc.status.UNIMPLEMENTED, details: message, message };
}

function creationRequest(request: Message) {
  if (request.startInstructions?.length > 0) throw new EngineError('INVALID_ARGUMENT', 'Start instructions are not supported by this engine');
  return {
    bpmnProcessId: request.bpmnProcessId || undefined,
    processDefinitionKey: request.processDefinitionKey && request.processDefinitionKey !== '0' ? request.processDefinitionKey : undefined,
    // 0 is what an absent version decodes to; -1 is the protocol's "latest"
    version: request.version > 0 ? request.version : -1,
    variables: parseDocument('variables', request.variables),
  };
}

function checkJobRequest({ type, timeout, maxJobsToActivate }: Message, stream: boolean): void {
  if (!type) throw new EngineError('INVALID_ARGUMENT', "Expected argument 'type' to be a non-empty string, but it was empty");
  if (!(Number(timeout) > 0)) throw new EngineError('INVALID_ARGUMENT', `Expected argument 'timeout' to be greater than 0, but was ${timeout}`);
  if (!stream && maxJobsToActivate < 1) throw new EngineError('INVALID_ARGUMENT', `Expected argument 'maxJobsToActivate' to be greater than 0, but was ${maxJobsToActivate}`);
}

/** Long polling: one response with the jobs activated, or none when the poll times out empty. */
function activateJobs(engine: EngineApi, shutdown: AbortSignal): grpc.handleServerStreamingCall<Message, Message> {
  return (call) => {
    const request = call.request;
    const cancelled = new AbortController();
    call.on('cancelled', () => cancelled.abort());
    Promise.resolve()
      .then(() => {
        checkJobRequest(request, false);
        const requestTimeout = Number(request.requestTimeout);
        const pollMs = requestTimeout === 0 ? DEFAULT_LONG_POLL_MS : Math.max(requestTimeout, 0);
        return engine.activateJobs(
          { type: request.type, worker: request.worker, timeoutMs: Number(request.timeout), maxJobsToActivate: request.maxJobsToActivate, fetchVariables: request.fetchVariable },
          pollMs,
          AbortSignal.any([cancelled.signal, shutdown]),
        );
      })
      .then(
        (jobs) => {
          if (call.cancelled) return;
          if (jobs.length > 0) call.write({ jobs: jobs.map(toGrpcJob) });
          call.end();
        },
        (error) => fail(call, toServiceError(error)),
      );
  };
}

/** Job push: the stream stays open and the engine writes jobs to it until the client goes away. */
function streamActivatedJobs(engine: EngineApi, shutdown: AbortSignal): grpc.handleServerStreamingCall<Message, Message> {
  return (call) => {
    const request = call.request;
    try {
      checkJobRequest(request, true);
    } catch (error) {
      fail(call, toServiceError(error));
      return;
    }
    // A job written here is the client's even when write() reports a full buffer, so push only
    // refuses when the call is already gone.
    const push = (job: ActivatedJob): boolean => {
      if (call.cancelled || call.destroyed || !call.writable) return false;
      call.write(toGrpcJob(job));
      return true;
    };
    const handle = engine.openJobStream({ type: request.type, worker: request.worker, timeoutMs: Number(request.timeout), fetchVariables: request.fetchVariable }, push);
    let open = true;
    const close = () => {
      if (open) handle.close();
      open = false;
      shutdown.removeEventListener('abort', endForShutdown);
    };
    const endForShutdown = () => {
      close();
      fail(call, { code: grpc.status.UNAVAILABLE, details: 'The engine is shutting down', message: 'The engine is shutting down' });
    };
    call.once('cancelled', close);
    call.once('close', close);
    call.once('error', close);
    if (shutdown.aborted) endForShutdown();
    else shutdown.addEventListener('abort', endForShutdown, { once: true });
  };
}

/** The activated job (built once, in the engine) with gRPC's JSON-text and int64 fields. */
function toGrpcJob({ kind: _k, listenerEventType: _l, ...job }: ActivatedJob): Message {
  return { ...job, customHeaders: JSON.stringify(job.customHeaders), deadline: String(job.deadline), variables: JSON.stringify(job.variables) };
}
