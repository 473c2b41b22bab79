import { describeSettings } from '../config';
import { packageVersion } from './package-info';

/** `--help`: the commands, then every setting loadConfig reads with its default (see describeSettings). */
export function helpText(): string {
  const settings = describeSettings();
  const width = Math.max(...settings.map((s) => s.name.length));
  const lines = settings.map((s) => {
    const fallback = s.default === undefined ? '(none)' : s.default;
    return `  ${s.name.padEnd(width)}  default: ${fallback}${s.accepts ? `  [${s.accepts}]` : ''}`;
  });
  return `zeebe-aws-connectors ${packageVersion()}: Camunda 8 (Zeebe) job workers for AWS

Usage:
  zeebe-aws-connectors                  run the worker (stops gracefully on SIGTERM)
  zeebe-aws-connectors check            load the configuration, print it with secrets masked, and check that
                                        the engine and every configured AWS endpoint answer (exit 0 when they do)
  zeebe-aws-connectors templates DIR    copy the element templates for Camunda Desktop Modeler into DIR
  zeebe-aws-connectors --version
  zeebe-aws-connectors --help

Settings (environment variables; the README explains each):
${lines.join('\n')}

The connection to Camunda uses @camunda8/sdk's own variables (ZEEBE_GRPC_ADDRESS, ZEEBE_REST_ADDRESS,
CAMUNDA_AUTH_STRATEGY, ZEEBE_CLIENT_ID, ZEEBE_CLIENT_SECRET, CAMUNDA_OAUTH_URL, ...).
Traces (OpenTelemetry, OTLP/HTTP) are sent when OTEL_EXPORTER_OTLP_ENDPOINT is set.
`;
}
