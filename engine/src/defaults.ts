// The engine's defaults and limits, shared by the gRPC and the REST layer (Zeebe's gateway defaults).

/** The request timeout when a create-with-result request gives none (zeebe.gateway.cluster.requestTimeout). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

/** The long-polling time of a job activation with requestTimeout 0 (zeebe.gateway.longPolling.timeout). */
export const DEFAULT_LONG_POLL_MS = 10_000;

export interface DeploymentLimits {
  /** The most bytes all resources of one deployment may have together (ENGINE_MAX_DEPLOYMENT_BYTES). */
  maxBytes: number;
  /** The most resources one deployment may have (ENGINE_MAX_DEPLOYMENT_RESOURCES). */
  maxResources: number;
}

export const DEFAULT_DEPLOYMENT_LIMITS: DeploymentLimits = { maxBytes: 32 * 1024 * 1024, maxResources: 100 };

/** The limits from the environment; a value that is not a positive integer is refused at start. */
export function deploymentLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): DeploymentLimits {
  const read = (name: string, fallback: number) => {
    const text = env[name];
    if (text === undefined || text === '') return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, but was '${text}'`);
    return value;
  };
  return { maxBytes: read('ENGINE_MAX_DEPLOYMENT_BYTES', DEFAULT_DEPLOYMENT_LIMITS.maxBytes), maxResources: read('ENGINE_MAX_DEPLOYMENT_RESOURCES', DEFAULT_DEPLOYMENT_LIMITS.maxResources) };
}

/** The refusal of a deployment over the limits: RESOURCE_EXHAUSTED (gRPC), 413 (REST). */
export function deploymentTooLarge(limits: DeploymentLimits, resources: number, bytes: number): string | undefined {
  if (resources > limits.maxResources) return `Expected to deploy at most ${limits.maxResources} resources at once, but got ${resources} (ENGINE_MAX_DEPLOYMENT_RESOURCES)`;
  if (bytes > limits.maxBytes) return `Expected a deployment of at most ${limits.maxBytes} bytes, but its resources have ${bytes} bytes or more (ENGINE_MAX_DEPLOYMENT_BYTES)`;
  return undefined;
}
