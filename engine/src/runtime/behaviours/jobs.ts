// Jobs of job worker tasks and execution listeners (docs: Components > Concepts > Job workers): created with
// their type, retries and headers evaluated in the element's scope; canceled with their element.
import type { ActivatedJob, Key } from '../../api';
import type { Clock } from '../../clock';
import type { ElementRow, InstanceRow, JobRow } from '../../rows';
import type { Store } from '../../store';
import type { Variables } from '../../variables';
import { evaluate, StepFailure } from '../failure';

export interface JobSpec {
  jobType: string;
  jobRetries: string;
  headers?: Record<string, string>;
  listenerEventType?: 'START' | 'END';
}

export interface JobHooks {
  /** A job became activatable. */
  ready(job: JobRow): void;
  /** A job is no longer activatable nor active. */
  gone(job: JobRow): void;
}

export class JobBehaviour {
  constructor(
    private readonly store: Store,
    private readonly variables: Variables,
    private readonly clock: Clock,
    private readonly newKey: () => Key,
    private readonly hooks: JobHooks,
  ) {}

  create(element: ElementRow, instance: InstanceRow, spec: JobSpec): JobRow {
    const context = this.variables.visible(element.elementInstanceKey);
    const type = evaluate(spec.jobType, context, 'EXTRACT_VALUE_ERROR', 'the job type');
    if (typeof type !== 'string' || type === '') throw new StepFailure('EXTRACT_VALUE_ERROR', `Expected the job type to be a non-empty string, but was '${JSON.stringify(type)}'`);
    const retries = Number(evaluate(spec.jobRetries, context, 'EXTRACT_VALUE_ERROR', 'the job retries'));
    if (!Number.isInteger(retries)) throw new StepFailure('EXTRACT_VALUE_ERROR', `Expected the job retries to be a number, but was '${spec.jobRetries}'`);
    const job: JobRow = {
      jobKey: this.newKey(),
      type,
      worker: '',
      state: 'CREATED',
      kind: spec.listenerEventType ? 'EXECUTION_LISTENER' : 'BPMN_ELEMENT',
      listenerEventType: spec.listenerEventType,
      retries,
      customHeaders: spec.headers ?? {},
      processInstanceKey: instance.processInstanceKey,
      processDefinitionKey: instance.processDefinitionKey,
      processDefinitionId: instance.processDefinitionId,
      processDefinitionVersion: instance.processDefinitionVersion,
      elementId: element.elementId,
      elementInstanceKey: element.elementInstanceKey,
      hasFailedWithRetriesLeft: false,
      tenantId: instance.tenantId,
      status: 'ready',
    };
    element.jobKey = job.jobKey;
    this.store.put('jobs', job.jobKey, job);
    this.hooks.ready(job);
    return job;
  }

  /** The job ends (completed, error thrown, canceled): it is no longer activatable. */
  finish(job: JobRow, state: JobRow['state']): void {
    job.state = state;
    job.status = 'done';
    job.deadlineMs = undefined;
    job.endTime = this.clock.iso();
    this.store.put('jobs', job.jobKey, job);
    this.hooks.gone(job);
  }

  /** The job waits for an incident to be resolved. */
  hold(job: JobRow, state: JobRow['state']): void {
    job.state = state;
    job.status = 'waiting';
    job.deadlineMs = undefined;
    job.worker = '';
    this.store.put('jobs', job.jobKey, job);
    this.hooks.gone(job);
  }

  /** A held job becomes activatable again (its incident was resolved). */
  release(job: JobRow): void {
    job.status = 'ready';
    this.store.put('jobs', job.jobKey, job);
    this.hooks.ready(job);
  }

  cancelOf(element: ElementRow): void {
    if (!element.jobKey) return;
    const job = this.store.get<JobRow>('jobs', element.jobKey);
    if (job && job.status !== 'done') this.finish(job, 'CANCELED');
  }
}

/** The job as a worker receives it, over gRPC and REST alike. */
export function toActivatedJob(job: JobRow, variables: Record<string, unknown>): ActivatedJob {
  return {
    key: job.jobKey,
    type: job.type,
    processInstanceKey: job.processInstanceKey,
    bpmnProcessId: job.processDefinitionId,
    processDefinitionVersion: job.processDefinitionVersion,
    processDefinitionKey: job.processDefinitionKey,
    elementId: job.elementId,
    elementInstanceKey: job.elementInstanceKey,
    customHeaders: job.customHeaders,
    worker: job.worker,
    retries: job.retries,
    deadline: job.deadlineMs!,
    variables,
    tenantId: job.tenantId,
    kind: job.kind,
    listenerEventType: job.listenerEventType ?? 'UNSPECIFIED',
  };
}
