/* eslint-disable @typescript-eslint/no-require-imports */
import type { Camunda8 } from '@camunda8/sdk';
import type { CamundaRestClient } from '@camunda8/sdk/dist/c8/lib/CamundaRestClient';
import type { ZeebeGrpcClient } from '@camunda8/sdk/dist/zeebe';

/** Settings for @camunda8/sdk, as `new Camunda8(settings)` takes them; it also reads ZEEBE_* and CAMUNDA_* from the environment. */
export type ClusterSettings = ConstructorParameters<typeof Camunda8>[0];

interface AuthProvider {
  getHeaders(audience: string): Promise<Record<string, string>>;
}

/**
 * The worker's connection to the cluster: @camunda8/sdk's Zeebe gRPC client and, when first needed, its REST
 * client, configured as `new Camunda8(settings)` configures them (the settings merged with the environment, one
 * auth provider for both). Only these are loaded: the SDK's index also loads the Operate, Tasklist, Optimize,
 * Admin, Modeler and Orchestration Cluster API clients (with zod and its locales), which the worker never uses
 * and which cost about 20 MiB of RSS and most of a second at start (docs/benchmarks.md).
 */
export class ClusterClient {
  private readonly configuration: Record<string, unknown>;
  private readonly auth: AuthProvider;
  private grpc?: ZeebeGrpcClient;
  private rest?: CamundaRestClient;

  constructor(settings: ClusterSettings = {}) {
    const lib = require('@camunda8/sdk/dist/lib') as typeof import('@camunda8/sdk/dist/lib');
    const given = (settings ?? {}) as Record<string, unknown> & { oAuthProvider?: AuthProvider };
    this.configuration = lib.CamundaEnvironmentConfigurator.mergeConfigWithEnvironment(given as never) as Record<string, unknown>;
    this.auth = given.oAuthProvider ?? (lib.constructOAuthProvider(this.configuration as never, {
      explicitFromConstructor: Object.prototype.hasOwnProperty.call(given, 'CAMUNDA_AUTH_STRATEGY'),
    }) as unknown as AuthProvider);
  }

  zeebe(): ZeebeGrpcClient {
    if (!this.grpc) {
      const { ZeebeGrpcClient: Client } = require('@camunda8/sdk/dist/zeebe') as typeof import('@camunda8/sdk/dist/zeebe');
      this.grpc = new Client({ config: this.configuration as never, oAuthProvider: this.auth as never });
    }
    return this.grpc;
  }

  /** The REST API v2 client: REST mode, and the deployed model for the placeholder policy. */
  camundaRest(): CamundaRestClient {
    if (!this.rest) {
      const { CamundaRestClient: Client } = require('@camunda8/sdk/dist/c8/lib/CamundaRestClient') as typeof import('@camunda8/sdk/dist/c8/lib/CamundaRestClient');
      this.rest = new Client({ config: this.configuration as never, oAuthProvider: this.auth as never });
    }
    return this.rest;
  }

  /** The headers that authenticate a REST call to the cluster (OAuth, basic, bearer, cookie, or none). */
  authHeaders(): Promise<Record<string, string>> {
    return this.auth.getHeaders('ZEEBE');
  }

  /** Closes the gRPC channel (the REST client holds no connection of its own). */
  async close(): Promise<void> {
    await this.grpc?.close();
    this.rest?.stopWorkers();
  }
}
