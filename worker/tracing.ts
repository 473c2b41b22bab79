import type { SpanExporter } from '@opentelemetry/sdk-trace-node';
import type { Span, Tracer } from '@opentelemetry/api';
import { packageVersion } from './cli/package-info';

/**
 * OpenTelemetry traces: one span per job with a child span per AWS call (the AWS SDK's instrumentation).
 * Nothing of the OpenTelemetry SDK is loaded unless startTracing runs, which the CLI does only when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set. It must run before the AWS SDK is first required: the
 * instrumentation patches the SDK's modules as they load.
 */
let tracer: Tracer | undefined;
let shutdown: (() => Promise<void>) | undefined;

export function tracingRequested(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/** `exporter`: where spans go (the OTLP/HTTP exporter, configured by the OTEL_EXPORTER_OTLP_* variables, by default). */
export function startTracing(env: NodeJS.ProcessEnv, exporter?: SpanExporter): void {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { NodeTracerProvider, BatchSpanProcessor, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-node') as typeof import('@opentelemetry/sdk-trace-node');
  const { resourceFromAttributes } = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const { registerInstrumentations } = require('@opentelemetry/instrumentation') as typeof import('@opentelemetry/instrumentation');
  const { AwsInstrumentation } = require('@opentelemetry/instrumentation-aws-sdk') as typeof import('@opentelemetry/instrumentation-aws-sdk');
  const version = packageVersion();
  const processor = exporter
    ? new SimpleSpanProcessor(exporter)
    : new BatchSpanProcessor(new (require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter());
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME || 'zeebe-aws-connectors', 'service.version': version }),
    spanProcessors: [processor],
  });
  provider.register();
  registerInstrumentations({ tracerProvider: provider, instrumentations: [new AwsInstrumentation()] });
  tracer = provider.getTracer('zeebe-aws-connectors', version);
  shutdown = () => provider.shutdown();
}

/** Sends the spans not yet exported (on shutdown). */
export async function stopTracing(): Promise<void> {
  await shutdown?.().catch(() => undefined);
}

export interface JobSpanAttributes { taskType: string; jobKey: string; processInstanceKey: string }

/**
 * Runs `work` inside a span for one job (active, so AWS calls become its children). `work` reports the
 * job's outcome (complete, fail, bpmnError, ack_failed). Without tracing it just runs `work`.
 */
export async function inJobSpan<T>(job: JobSpanAttributes, work: (outcome: (kind: string) => void) => Promise<T>): Promise<T> {
  if (!tracer) return work(() => undefined);
  const { SpanKind, SpanStatusCode } = require('@opentelemetry/api') as typeof import('@opentelemetry/api');
  return tracer.startActiveSpan(`job ${job.taskType}`, {
    kind: SpanKind.CONSUMER,
    attributes: { 'zeebe.job.type': job.taskType, 'zeebe.job.key': job.jobKey, 'zeebe.process_instance.key': job.processInstanceKey },
  }, async (span: Span) => {
    try {
      return await work((kind) => {
        span.setAttribute('zeebe.job.outcome', kind);
        // No message: the outcome's text may name inputs; the code is enough to find the job's log line.
        if (kind === 'fail' || kind === 'ack_failed') span.setStatus({ code: SpanStatusCode.ERROR });
      });
    } finally {
      span.end();
    }
  });
}
