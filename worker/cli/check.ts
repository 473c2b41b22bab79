import { CamundaEnvironmentVariableDictionary } from '@camunda8/sdk/dist/lib';
import { loadConfig, type WorkerConfig } from '../config';
import { connectors } from '../connectors';
import type { ConnectorDeps } from '../connectors/deps';
import { tasksOf } from '../main';
import { ClusterClient } from '../runtime/cluster-client';
import { reasonOf } from '../runtime/engine-wait';
import { answersAsService } from './aws-service-probe';

const TIMEOUT_MS = 10_000;
/** Config keys whose values are credentials (by name, so settings added later are masked too). */
const SECRET_KEY = /(secretaccesskey|secretkey|password|token|accesskeyid|clientsecret)$/i;

/**
 * `check`: loads the configuration (bad settings throw one ConfigError naming each, exit 2), prints it with
 * secrets masked when `--show-config` is given, then checks that the engine (gRPC gateway and REST API) answers
 * and that every configured AWS endpoint answers as its service. Answers the exit code: 0 when all did, 1 otherwise.
 */
export async function check(env: NodeJS.ProcessEnv, out: (line: string) => void, args: string[] = []): Promise<number> {
  const config = loadConfig(env);
  const tasks = tasksOf(config, {} as ConnectorDeps).map((t) => t.taskType);
  if (args.includes('--show-config')) {
    const worker = { ...config, enabledConnectors: config.enabledConnectors.length === 0 ? `all (${connectors.map((c) => c.name).join(', ')})` : config.enabledConnectors };
    out(JSON.stringify({ camunda: camundaSettings(env), worker: masked(worker), taskTypes: tasks }, null, 2));
  }
  out(`task types: ${tasks.join(', ')}`);

  // The probes ask once, without the SDK's retries (and their log lines).
  const cluster = new ClusterClient({}, env);
  const awsConfig = {
    region: config.aws.region ?? 'us-east-1',
    // Any credentials will do: an unknown key is answered by the service itself, in its own words.
    credentials: config.aws.accessKeyId && config.aws.secretAccessKey
      ? { accessKeyId: config.aws.accessKeyId, secretAccessKey: config.aws.secretAccessKey, sessionToken: config.aws.sessionToken }
      : { accessKeyId: 'zeebe-aws-connectors-check', secretAccessKey: 'zeebe-aws-connectors-check' },
  };
  const results = await Promise.all([
    probe(`engine gRPC gateway ${cluster.address('grpc')}`, async () => { await cluster.probe('grpc'); return 'answers'; }),
    probe(`engine REST API ${config.restAddress}`, async () => { await cluster.probe('rest'); return 'answers'; }),
    ...awsEndpoints(config).map(([services, url]) => probe(`AWS endpoint ${url} (${services.join(', ')})`, () => answersAsService(services, url, awsConfig))),
  ]);
  await cluster.close().catch(() => undefined);
  if (awsEndpoints(config).length === 0) out(`note AWS: no AWS_ENDPOINT_URL* set; the public endpoints of ${config.aws.region ?? 'the region each task names'} are used (not checked)`);
  for (const r of results) out(`${r.ok ? 'ok  ' : 'FAIL'} ${r.what}: ${r.detail}`);
  const failed = results.filter((r) => !r.ok).length;
  out(failed === 0 ? 'check passed' : `check failed: ${failed} of ${results.length} did not answer as they should`);
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

async function probe(what: string, call: () => Promise<string | { ok: boolean; detail: string }>): Promise<ProbeResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS); });
  try {
    const answer = await Promise.race([call(), timeout]);
    return typeof answer === 'string' ? { what, ok: true, detail: answer } : { what, ...answer };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const detail = reasonOf(error) + (cause ? ` (${cause.code ?? cause.message})` : '');
    return { what, ok: false, detail };
  } finally {
    clearTimeout(timer);
  }
}
