import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of the worker, served at /metrics. */
export class WorkerMetrics {
  readonly registry = new Registry();
  readonly jobs = new Counter({ name: 'connector_jobs_total', help: 'Jobs handled, by task type and outcome', labelNames: ['task_type', 'outcome'], registers: [this.registry] });
  readonly duration = new Histogram({
    name: 'connector_job_duration_seconds', help: 'Time from activation to the job command', labelNames: ['task_type'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300], registers: [this.registry],
  });
  readonly inFlight = new Gauge({ name: 'connector_jobs_in_flight', help: 'Jobs being handled now', registers: [this.registry] });
  readonly inboundEvents = new Counter({ name: 'connector_inbound_events_total', help: 'Inbound events (SQS messages, webhook calls), by connector and outcome', labelNames: ['connector', 'outcome'], registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
