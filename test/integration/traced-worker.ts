// The worker as `zeebe-aws-connectors` runs it, with tracing started on the OpenTelemetry SDK's in-memory
// exporter instead of OTLP; the finished spans are written as JSON to $SPANS_FILE when tracing shuts down
// (the worker's SIGTERM handling), before the exporter forgets them.
import { writeFileSync } from 'node:fs';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-node';
import { startTracing } from '../../worker/tracing';

class SpansToFile extends InMemorySpanExporter {
  override shutdown(): Promise<void> {
    const spans = this.getFinishedSpans().map((s) => ({
      name: s.name, kind: s.kind, traceId: s.spanContext().traceId, spanId: s.spanContext().spanId,
      parentSpanId: s.parentSpanContext?.spanId, attributes: s.attributes, status: s.status,
      scope: s.instrumentationScope.name,
    }));
    writeFileSync(process.env.SPANS_FILE!, JSON.stringify(spans));
    return super.shutdown();
  }
}

startTracing(process.env, new SpansToFile());
// Required only now, as the CLI does: the AWS SDK must load after the instrumentation is registered.
// eslint-disable-next-line @typescript-eslint/no-require-imports
void (require('../../worker/main') as typeof import('../../worker/main')).main([]);
