// Both protocol layers over one engine: the Zeebe gRPC gateway and the Camunda REST API v2.

import type { AddressInfo } from 'node:net';
import type { EngineApi } from './api';
import { bindGrpcServer, createGrpcServer } from './grpc/gateway';
import { createRestServer } from './rest/server';

export interface ServerOptions {
  engine: EngineApi;
  host?: string;
  /** 0 = a free port. */
  grpcPort: number;
  restPort: number;
  /** Serve the clock endpoints (ENGINE_CLOCK_CONTROL). */
  clockControl?: boolean;
}

export interface RunningServer {
  grpcPort: number;
  restPort: number;
  close(): Promise<void>;
}

export async function startServer({ engine, host = '127.0.0.1', grpcPort, restPort, clockControl }: ServerOptions): Promise<RunningServer> {
  const shutdown = new AbortController();
  const grpc = createGrpcServer(engine, shutdown.signal);
  const rest = createRestServer(engine, shutdown.signal, { clockControl });
  const boundGrpcPort = await bindGrpcServer(grpc, host, grpcPort);
  try {
    await new Promise<void>((resolve, reject) => {
      rest.once('error', reject);
      rest.listen(restPort, host, () => {
        rest.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    grpc.forceShutdown();
    throw e;
  }

  return {
    grpcPort: boundGrpcPort,
    restPort: (rest.address() as AddressInfo).port,
    async close() {
      shutdown.abort();
      // Whatever is still running after a moment (a slow upload, a create-with-result) is cut off.
      const grpcDone = new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          grpc.forceShutdown();
          resolve();
        }, 1_000);
        grpc.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
      const restDone = new Promise<void>((resolve) => rest.close(() => resolve()));
      rest.closeIdleConnections();
      setTimeout(() => rest.closeAllConnections(), 1_000).unref();
      await Promise.all([grpcDone, restDone]);
    },
  };
}
