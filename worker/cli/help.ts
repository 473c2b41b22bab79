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
  zeebe-aws-connectors                  run the worker (drains and stops on SIGTERM or SIGINT)
  zeebe-aws-connectors check [--show-config]
                                        check the settings (naming every bad one), that the engine answers and
                                        that every configured AWS endpoint answers as its service (exit 0 when
                                        all do); --show-config also prints the configuration, secrets masked
  zeebe-aws-connectors templates DIR    copy every published version of the element templates for Camunda
                                        Desktop Modeler into DIR
  zeebe-aws-connectors --version
  zeebe-aws-connectors --help

Settings (environment variables; the README explains each):
${lines.join('\n')}

The connection to Camunda uses @camunda8/sdk's own variables (ZEEBE_GRPC_ADDRESS, ZEEBE_REST_ADDRESS,
CAMUNDA_AUTH_STRATEGY, ZEEBE_CLIENT_ID, ZEEBE_CLIENT_SECRET, CAMUNDA_OAUTH_URL, ...).
Traces (OpenTelemetry, OTLP/HTTP) are sent when OTEL_EXPORTER_OTLP_ENDPOINT is set.
`;
}
