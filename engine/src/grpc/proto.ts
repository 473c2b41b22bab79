import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

/**
 * The Zeebe gateway protocol, read from the installed `@camunda8/sdk` so client and server always agree.
 * Loaded with the SDK's own options: int64 as decimal strings, enums as names, defaults filled in.
 */
export function loadGatewayService(): grpc.ServiceDefinition {
  const sdkRoot = path.dirname(require.resolve('@camunda8/sdk/package.json'));
  const definition = loadSync(path.join(sdkRoot, 'dist', 'proto', 'zeebe.proto'), {
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const gatewayProtocol = grpc.loadPackageDefinition(definition).gateway_protocol as grpc.GrpcObject;
  return (gatewayProtocol.Gateway as grpc.ServiceClientConstructor).service;
}
