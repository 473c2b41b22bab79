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
  private grpcProbe?: ZeebeGrpcClient;
  private rest?: CamundaRestClient;

  constructor(settings: ClusterSettings = {}, env: NodeJS.ProcessEnv = process.env) {
    const lib = require('@camunda8/sdk/dist/lib') as typeof import('@camunda8/sdk/dist/lib');
    const given = (settings ?? {}) as Record<string, unknown> & { oAuthProvider?: AuthProvider };
    const configuration = lib.CamundaEnvironmentConfigurator.mergeConfigWithEnvironment(given as never) as Record<string, unknown>;
    const givenGrpc = (given.zeebeGrpcSettings ?? {}) as Record<string, unknown>;
    this.configuration = {
      ...configuration,
      ...unset({ CAMUNDA_LOG_LEVEL: 'error' }, env, given),
      zeebeGrpcSettings: { ...(configuration.zeebeGrpcSettings as object), ...unset(GRPC_DEFAULTS, env, givenGrpc) },
    };
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

  /** Where the engine is, as the SDK connects to it. */
  address(mode: 'grpc' | 'rest'): string {
    const c = this.configuration as Record<string, string | undefined>;
    return (mode === 'rest' ? c.ZEEBE_REST_ADDRESS : c.ZEEBE_GRPC_ADDRESS ?? c.ZEEBE_ADDRESS) ?? '(the SDK\'s default)';
  }

  /**
   * Whether the engine answers now, in the worker's mode: a topology call without the SDK's own retries (which
   * back off to 10 s and log every attempt). Throws what the call threw.
   */
  async probe(mode: 'grpc' | 'rest'): Promise<void> {
    if (mode === 'rest') {
      await this.camundaRest().getTopology();
      return;
    }
    if (!this.grpcProbe) {
      const { ZeebeGrpcClient: Client } = require('@camunda8/sdk/dist/zeebe') as typeof import('@camunda8/sdk/dist/zeebe');
      const zeebeGrpcSettings = { ...(this.configuration.zeebeGrpcSettings as object), ZEEBE_GRPC_CLIENT_RETRY: false, ZEEBE_CLIENT_LOG_LEVEL: 'NONE' };
      this.grpcProbe = new Client({ config: { ...this.configuration, zeebeGrpcSettings } as never, oAuthProvider: this.auth as never });
    }
    await this.grpcProbe.topology();
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
    await Promise.all([this.grpc?.close(), this.grpcProbe?.close()]);
    this.rest?.stopWorkers();
  }
}

/**
 * The worker's defaults for the SDK, where the environment and the caller set nothing. Reconnection follows the
 * engine closely: the SDK's defaults let a channel wait up to 10 s between attempts after an engine restart, and
 * jobs would wait as long. The SDK logs only errors: the worker logs its own account (a clean stop printed
 * the SDK's channel closing, a start before the engine its every retry).
 */
const GRPC_DEFAULTS: Record<string, unknown> = {
  GRPC_INITIAL_RECONNECT_BACKOFF_MS: 250, GRPC_MAX_RECONNECT_BACKOFF_MS: 1000, ZEEBE_GRPC_CLIENT_MAX_RETRY_TIMEOUT_SECONDS: 1,
  ZEEBE_CLIENT_LOG_LEVEL: 'ERROR',
};

function unset(defaults: Record<string, unknown>, env: NodeJS.ProcessEnv, given: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(defaults).filter(([name]) => !env[name] && given[name] === undefined));
}
