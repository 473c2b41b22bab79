import { Camunda8 } from '@camunda8/sdk';
import { CamundaEnvironmentVariableDictionary } from '@camunda8/sdk/dist/lib';
import { loadConfig, type WorkerConfig } from '../config';
import type { ConnectorDeps } from '../connectors/deps';
import { tasksOf } from '../main';

const TIMEOUT_MS = 10_000;
/** Config keys whose values are credentials (by name, so settings added later are masked too). */
const SECRET_KEY = /(secretaccesskey|secretkey|password|token|accesskeyid|clientsecret)$/i;

/**
 * `check`: loads the configuration (a bad setting throws ConfigError, exit 2), prints it with secrets
 * masked, then checks that the engine (gRPC gateway and REST API) and every configured AWS endpoint answer.
 * Answers the exit code: 0 when everything answered, 1 otherwise.
 */
export async function check(env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<number> {
  const config = loadConfig(env);
  const tasks = tasksOf(config, {} as ConnectorDeps).map((t) => t.taskType);
  out(JSON.stringify({ camunda: camundaSettings(env), worker: masked(config), taskTypes: tasks }, null, 2));

  const results = await Promise.all([
    probe(`engine gRPC gateway ${env.ZEEBE_GRPC_ADDRESS ?? '(SDK default localhost:26500)'}`, () => grpcTopology()),
    probe(`engine REST API ${config.restAddress}`, () => restTopology()),
    ...awsEndpoints(config).map(([services, url]) => probe(`AWS endpoint ${url} (${services.join(', ')})`, () => answers(url))),
  ]);
  if (awsEndpoints(config).length === 0) out(`note AWS: no AWS_ENDPOINT_URL* set; the public endpoints of ${config.aws.region ?? 'the region each task names'} are used (not checked)`);
  for (const r of results) out(`${r.ok ? 'ok  ' : 'FAIL'} ${r.what}: ${r.detail}`);
  const failed = results.filter((r) => !r.ok).length;
  out(failed === 0 ? 'check passed' : `check failed: ${failed} of ${results.length} did not answer`);
  return failed === 0 ? 0 : 1;
}

/** The SDK's settings that are set, secrets masked. */
function camundaSettings(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of CamundaEnvironmentVariableDictionary) {
    const value = env[name];
    if (value) out[name] = /SECRET|PASSWORD|_TOKEN$|OAUTH_TOKEN/.test(name) ? '***' : value;
  }
  return out;
}

function masked(value: unknown, key = ''): unknown {
  if (typeof value === 'string' && SECRET_KEY.test(key)) return '***';
  if (Array.isArray(value)) return value.map((v) => masked(v));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, masked(v, k)]));
  return value;
}

/** Each configured endpoint once, with the services that use it. */
function awsEndpoints(config: WorkerConfig): [string[], string][] {
  const byUrl = new Map<string, string[]>();
  for (const [service, url] of Object.entries(config.aws.endpoints)) if (url) byUrl.set(url, [...(byUrl.get(url) ?? []), service]);
  return [...byUrl].map(([url, services]) => [services, url]);
}

interface ProbeResult { what: string; ok: boolean; detail: string }

async function probe(what: string, call: () => Promise<string>): Promise<ProbeResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS); });
  try {
    return { what, ok: true, detail: await Promise.race([call(), timeout]) };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const detail = (error as Error).message.split('\n')[0] + (cause ? ` (${cause.code ?? cause.message})` : '');
    return { what, ok: false, detail };
  } finally {
    clearTimeout(timer);
  }
}

async function grpcTopology(): Promise<string> {
  const zeebe = new Camunda8().getZeebeGrpcApiClient();
  try {
    const t = await zeebe.topology();
    return `gateway ${t.gatewayVersion}, ${t.brokers.length} broker(s)`;
  } finally {
    void zeebe.close().catch(() => undefined);
  }
}

async function restTopology(): Promise<string> {
  const t = await new Camunda8().getCamundaRestClient().getTopology();
  return `gateway ${t.gatewayVersion}, ${t.brokers.length} broker(s)`;
}

/** Any HTTP answer counts: the endpoint is reachable; credentials are each task's business. */
async function answers(url: string): Promise<string> {
  const r = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  await r.body?.cancel();
  return `HTTP ${r.status}`;
}
