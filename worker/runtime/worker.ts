import type { EventEmitter } from 'node:events';
import type http from 'node:http';
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import { ClusterClient, type ClusterSettings } from './cluster-client';
import type { TaskDefinition } from './connector';
import type { DocumentStore } from './documents';
import { waitForEngine } from './engine-wait';
import { JobStream, type OpenedStream } from './job-stream';
import { startHealthServer, type WebhookServer } from './health-server';
import { processJob, type ActivatedJob, type PlaceholderPolicy } from './job-processor';
import { WorkerMetrics } from './metrics';
import type { Outcome } from './outcome';
import type { SecretMasker, SecretResolver } from './secrets';
import { inJobSpan } from '../tracing';
import { slotBudgetMs, worthStarting } from './slot-budget';

export interface WorkerOptions {
  name: string;
  mode: 'grpc-stream' | 'grpc-poll' | 'rest';
  /** grpc-stream: how often jobs the stream did not push (pushed while busy, timed out, older) are polled for. */
  streamBackfillMs: number;
  concurrency: number;
  jobTimeoutMs: number;
  shutdownTimeoutMs: number;
  /** How long start() waits for the engine to answer; undefined: as long as it takes. */
  startTimeoutMs?: number;
  http: { host: string; port: number };
  tasks: TaskDefinition[];
  secrets: SecretResolver;
  /** Which secret placeholders are resolved (SECRETS_PLACEHOLDER_SOURCE). */
  placeholders: PlaceholderPolicy;
  logMasker: SecretMasker;
  documents: DocumentStore;
  log: Logger;
  /** Settings for @camunda8/sdk; it also reads ZEEBE_* and CAMUNDA_* from the environment. */
  sdkConfig?: ClusterSettings;
  /** The inbound connectors' webhooks, served on the same HTTP server. */
  webhooks?: WebhookServer;
  /** Starts the inbound connectors once the worker runs (on its cluster connection); they stop with it. */
  inbound?: (cluster: ClusterClient, metrics: WorkerMetrics) => { stop(): Promise<void> };
}

/** The acknowledgement functions both the gRPC and the REST job carry. */
interface SdkJob {
  complete(variables?: Record<string, unknown>): Promise<unknown>;
  fail(config: { errorMessage: string; retries?: number; retryBackOff?: number; variables?: Record<string, unknown> }): Promise<unknown>;
  error(config: { errorCode: string; errorMessage?: string; variables: Record<string, unknown> }): Promise<unknown>;
}

interface Subscription {
  taskType: string;
  close(): Promise<unknown> | void;
}

/**
 * Subscribes every task definition, bounds how many jobs run at once, turns outcomes into job commands,
 * and shuts down gracefully: stop activating, let in-flight jobs finish within a deadline, close.
 */
export class ConnectorWorker {
  readonly metrics = new WorkerMetrics();
  private readonly limit;
  private readonly cluster: ClusterClient;
  private readonly subscriptions: Subscription[] = [];
  private server?: http.Server;
  private stopping = false;
  /** The delivery of each job key this worker holds (waiting for a slot or running). */
  private readonly held = new Map<string, { running: boolean }>();
  private started = false;
  /** Streams are opened one at a time: each is found as the one the SDK added last (see openStream). */
  private opening: Promise<unknown> = Promise.resolve();
  private inbound?: { stop(): Promise<void> };

  constructor(private readonly options: WorkerOptions) {
    this.limit = pLimit(options.concurrency);
    this.cluster = new ClusterClient(options.sdkConfig);
  }

  async start(): Promise<void> {
    const { log, tasks, mode } = this.options;
    this.server = await startHealthServer(this.options.http.host, this.options.http.port, {
      live: () => true,
      ready: () => this.started && !this.stopping,
    }, this.metrics, this.options.webhooks);
    // As after an engine restart: a worker started before its engine (a gateway that comes up later or
    // restarts) waits for it, not ready meanwhile, instead of exiting into a crash loop.
    if (!(await this.engineAnswers(true))) return;
    for (const task of tasks) {
      if (this.stopping) return;
      this.subscriptions.push(await this.subscribe(task));
    }
    this.started = true;
    log.info({ mode, taskTypes: tasks.map((t) => t.taskType), concurrency: this.options.concurrency }, 'worker started');
    this.inbound = this.options.inbound?.(this.cluster, this.metrics);
  }

  private async subscribe(task: TaskDefinition): Promise<Subscription> {
    const { mode, name, jobTimeoutMs, concurrency } = this.options;
    const handle = async (job: ActivatedJob & SdkJob) => this.handle(job, task);
    if (mode === 'rest') {
      const rest = this.cluster.camundaRest();
      const worker = rest.createJobWorker({
        type: task.taskType, worker: name, timeout: jobTimeoutMs, maxJobsToActivate: concurrency,
        fetchVariable: task.fetchVariables, pollIntervalMs: 300,
        jobHandler: async (restJob) => {
          // 8.6 answers `key` and `processDefinitionId` where 8.8+ (and the SDK's job.complete) use `jobKey`
          // and `bpmnProcessId`; so the job is adapted here and the commands go through the client.
          const job = restJob as unknown as Record<string, unknown>;
          const jobKey = String(job.jobKey ?? job.key);
          await handle({
            key: jobKey,
            retries: Number(job.retries),
            processInstanceKey: String(job.processInstanceKey),
            elementInstanceKey: String(job.elementInstanceKey),
            bpmnProcessId: String(job.bpmnProcessId ?? job.processDefinitionId),
            processDefinitionKey: job.processDefinitionKey === undefined ? undefined : String(job.processDefinitionKey),
            elementId: String(job.elementId),
            variables: job.variables as Record<string, unknown>,
            customHeaders: job.customHeaders as Record<string, unknown>,
            complete: (variables) => rest.completeJob({ jobKey, variables: (variables ?? {}) as never }),
            fail: (config) => rest.failJob({ jobKey, ...config } as never),
            error: (config) => rest.errorJob({ jobKey, ...config } as never),
          });
          return 'JOB_ACTION_ACKNOWLEDGEMENT';
        },
      } as Parameters<typeof rest.createJobWorker>[0]);
      return { taskType: task.taskType, close: () => worker.stop() };
    }
    const zeebe = this.cluster.zeebe();
    const taskHandler = async (job: unknown) => {
      await handle(job as ActivatedJob & SdkJob);
      return 'JOB_ACTION_ACKNOWLEDGEMENT' as const;
    };
    if (mode === 'grpc-poll') {
      const worker = zeebe.createWorker({
        taskType: task.taskType, id: name, timeout: jobTimeoutMs, maxJobsToActivate: concurrency,
        fetchVariable: task.fetchVariables, taskHandler,
      });
      return { taskType: task.taskType, close: () => worker.close() };
    }
    const stream = new JobStream({
      taskType: task.taskType,
      log: this.options.log,
      engineBack: () => this.engineAnswers(false),
      open: () => this.openStream({
        type: task.taskType, worker: name, timeout: jobTimeoutMs, fetchVariables: task.fetchVariables, tenantIds: [],
        pollMaxJobsToActivate: concurrency, pollInterval: this.options.streamBackfillMs, taskHandler,
      }),
    });
    await stream.start();
    return { taskType: task.taskType, close: () => stream.close() };
  }

  /**
   * zeebe.streamJobs, and the gRPC call it opened: the SDK keeps its calls in a list (not part of its typed API),
   * and the one it added is the new one, as streams are opened one at a time. Without that list (another SDK
   * version) the stream works as the SDK alone makes it work.
   */
  private openStream(request: Parameters<ReturnType<ClusterClient['zeebe']>['streamJobs']>[0]): Promise<OpenedStream> {
    const zeebe = this.cluster.zeebe();
    const sdkCalls = () => (zeebe as unknown as { streamWorker?: { streams?: EventEmitter[] } }).streamWorker?.streams;
    const opened = this.opening.then(async () => {
      const before = sdkCalls()?.length ?? 0;
      const stream = await zeebe.streamJobs(request);
      const calls = sdkCalls();
      const call = calls && calls.length === before + 1 ? calls[before] : undefined;
      return {
        call,
        close: () => {
          stream.close();
          // The SDK never forgets a call it opened; a worker that reopens streams for weeks would pile them up.
          const at = call && calls ? calls.indexOf(call) : -1;
          if (at >= 0) calls!.splice(at, 1);
        },
      };
    });
    this.opening = opened.catch(() => undefined);
    return opened;
  }

  /**
   * Waits until the engine answers (true), or the worker stops (false). At start every attempt is logged and
   * WORKER_START_TIMEOUT_MS applies; after a lost stream the engine is asked every 250 ms to 1 s, so that jobs
   * flow again within about a second of its return.
   */
  private engineAnswers(atStart: boolean): Promise<boolean> {
    const grpc = this.options.mode !== 'rest';
    return waitForEngine({
      probe: () => this.cluster.probe(grpc ? 'grpc' : 'rest'),
      address: this.cluster.address(grpc ? 'grpc' : 'rest'),
      log: this.options.log,
      timeoutMs: atStart ? this.options.startTimeoutMs : undefined,
      firstDelayMs: 250,
      maxDelayMs: atStart ? 5000 : 1000,
      cancelled: () => this.stopping,
      logEveryAttempt: atStart,
    });
  }

  private async handle(job: ActivatedJob & SdkJob, task: TaskDefinition): Promise<void> {
    const arrivedAt = Date.now();
    // A job that timed out while it waited here is activated (pushed) again: at most one delivery of a job
    // runs in this worker, the newest one waiting supersedes an older one, and one arriving while another
    // runs is dropped (Zeebe activates it again if the running one does not finish it).
    const held = this.held.get(job.key);
    if (held?.running) {
      this.options.log.info({ taskType: task.taskType, jobKey: job.key }, 'job delivered again while it runs here; this delivery is dropped');
      this.metrics.jobs.inc({ task_type: task.taskType, outcome: 'duplicate_delivery' });
      return;
    }
    const delivery = { running: false };
    this.held.set(job.key, delivery);
    await this.limit(() => inJobSpan({ taskType: task.taskType, jobKey: job.key, processInstanceKey: job.processInstanceKey }, async (traced) => {
      const log = this.options.log.child({ taskType: task.taskType, jobKey: job.key, processInstanceKey: job.processInstanceKey });
      if (this.held.get(job.key) !== delivery) {
        log.info('job superseded by a newer delivery of it; not run');
        this.metrics.jobs.inc({ task_type: task.taskType, outcome: 'superseded' });
        traced('superseded');
        return;
      }
      const release = () => { if (this.held.get(job.key) === delivery) this.held.delete(job.key); };
      try {
        delivery.running = true;
        traced(await this.run(job, task, arrivedAt, log, release));
      } finally {
        release();
      }
    }));
  }

  /** Runs one delivery of a job; answers its outcome for the job's span. */
  private async run(job: ActivatedJob & SdkJob, task: TaskDefinition, arrivedAt: number, log: Logger, release: () => void): Promise<string> {
    if (this.stopping) {
      // Shutting down: jobs that were still waiting for a slot are not started; Zeebe activates them again.
      log.info('job not started: the worker is shutting down (Zeebe activates it again after its timeout)');
      this.metrics.jobs.inc({ task_type: task.taskType, outcome: 'left_at_shutdown' });
      return 'left_at_shutdown';
    }
    const budgetMs = slotBudgetMs(this.options.jobTimeoutMs, arrivedAt);
    if (!worthStarting(this.options.jobTimeoutMs, budgetMs)) {
      log.warn({ waitedMs: Date.now() - arrivedAt }, 'job timed out while waiting for a slot; not run (Zeebe activates it again)');
      this.metrics.jobs.inc({ task_type: task.taskType, outcome: 'expired_in_queue' });
      return 'expired_in_queue';
    }
    const started = process.hrtime.bigint();
    this.metrics.inFlight.inc();
    try {
      const outcome = await processJob(job, task, {
        secrets: this.options.secrets,
        placeholders: this.options.placeholders,
        // Kept under the Zeebe job timeout: a stalled call ends before Zeebe gives the job to another worker.
        deadlineMs: budgetMs,
        logMasker: this.options.logMasker,
        documents: this.options.documents,
        log,
        extendTimeout: (jobKey, ms) => this.extendTimeout(jobKey, ms),
        setLocalVariables: (elementInstanceKey, variables) => this.setLocalVariables(elementInstanceKey, variables),
      });
      // A job failed with retries left is activatable again at once (or after its backoff): Zeebe can push it
      // back before the FailJob answer arrives, and the hold would drop that delivery until the job's timeout.
      if (outcome.kind === 'fail' && outcome.retries > 0) release();
      await this.acknowledge(job, outcome, log);
      this.metrics.jobs.inc({ task_type: task.taskType, outcome: outcome.kind });
      return outcome.kind;
    } catch (error) {
      // Only the acknowledgement itself can land here: the job times out and is activated again, never lost.
      log.error({ err: error }, 'could not send the job command to Zeebe; the job will be retried after its timeout');
      this.metrics.jobs.inc({ task_type: task.taskType, outcome: 'ack_failed' });
      return 'ack_failed';
    } finally {
      this.metrics.inFlight.dec();
      this.metrics.duration.observe({ task_type: task.taskType }, Number(process.hrtime.bigint() - started) / 1e9);
    }
  }

  private async acknowledge(job: SdkJob & ActivatedJob, outcome: Outcome, log: Logger): Promise<void> {
    switch (outcome.kind) {
      case 'complete':
        log.info('job completed');
        await job.complete(outcome.variables);
        return;
      case 'fail':
        log.warn({ retries: outcome.retries, backoffMs: outcome.backoffMs, reason: outcome.message }, 'job failed');
        if (this.options.mode !== 'rest' && Object.keys(outcome.variables).length > 0) {
          // The SDK's gRPC job.fail drops variables; Zeebe puts fail variables in the task's local scope, so set them there.
          await this.cluster.zeebe().setVariables({
            elementInstanceKey: job.elementInstanceKey, variables: outcome.variables as Record<string, string>, local: true,
          });
        }
        await job.fail({ errorMessage: outcome.message, retries: outcome.retries, retryBackOff: outcome.backoffMs, variables: outcome.variables });
        return;
      case 'bpmnError':
        log.warn({ errorCode: outcome.code, reason: outcome.message }, 'job threw a BPMN error');
        await job.error({ errorCode: outcome.code, errorMessage: outcome.message, variables: outcome.variables });
        return;
    }
  }

  /**
   * The headers that authenticate a REST call to the cluster, from the SDK's own auth provider (OAuth,
   * basic, bearer, cookie, or none), for the calls the worker makes itself (the document store).
   */
  async restAuthHeaders(): Promise<Record<string, string>> {
    return this.cluster.authHeaders();
  }

  private async extendTimeout(jobKey: string, ms: number): Promise<void> {
    if (this.options.mode === 'rest') await this.cluster.camundaRest().updateJob({ jobKey, timeout: ms });
    else await this.cluster.zeebe().updateJobTimeout({ jobKey, timeout: ms });
  }

  private async setLocalVariables(elementInstanceKey: string, variables: Record<string, unknown>): Promise<void> {
    if (this.options.mode === 'rest') await this.cluster.camundaRest().updateElementInstanceVariables({ elementInstanceKey, variables, local: true });
    else await this.cluster.zeebe().setVariables({ elementInstanceKey, variables: variables as Record<string, string>, local: true });
  }

  /** Stops activating, waits for in-flight jobs up to the deadline, then closes everything. */
  async stop(reason?: string): Promise<{ drained: boolean }> {
    if (this.stopping) return { drained: true };
    this.stopping = true;
    const { log, shutdownTimeoutMs } = this.options;
    log.info({ reason, inFlight: this.limit.activeCount, queued: this.limit.pendingCount }, 'shutting down: no new jobs are activated');
    // Inbound stops beside the jobs' drain and before the connection closes (messages being handed over finish).
    const inboundStopped = this.inbound?.stop();
    await Promise.all(this.subscriptions.map(async (s) => {
      await s.close();
      log.info({ taskType: s.taskType }, 'job subscription closed');
    }));
    const deadline = Date.now() + shutdownTimeoutMs;
    while ((this.limit.activeCount > 0 || this.limit.pendingCount > 0) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const drained = this.limit.activeCount === 0 && this.limit.pendingCount === 0;
    if (!drained) log.warn({ inFlight: this.limit.activeCount }, 'shutdown deadline reached; unfinished jobs will time out and be activated again');
    await inboundStopped;
    await this.cluster.close().catch(() => undefined);
    await new Promise((r) => this.server?.close(r) ?? r(undefined));
    log.info({ drained }, 'worker stopped');
    return { drained };
  }
}
