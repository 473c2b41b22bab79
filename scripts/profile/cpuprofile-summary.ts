/**
 * Self time of a V8 .cpuprofile (node --cpu-prof) summed by package (or file of the project) and by function.
 *   tsx scripts/profile/cpuprofile-summary.ts FILE.cpuprofile [--top 30]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

const file = process.argv[2];
const topIndex = process.argv.indexOf('--top');
const TOP = topIndex >= 0 ? Number(process.argv[topIndex + 1]) : 30;
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

/** Microseconds of self time per node id, from the samples and the time between them. */
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0)));

function moduleOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return url;
  const dist = url.indexOf('/dist/');
  return dist >= 0 ? url.slice(dist + 1).replace(/^file:\/\//, '') : url.replace(/^file:\/\//, '');
}

const byModule = new Map<string, number>();
const byFunction = new Map<string, number>();
let total = 0;
for (const node of profile.nodes) {
  const us = selfUs.get(node.id) ?? 0;
  if (us === 0) continue;
  total += us;
  const { functionName, url, lineNumber } = node.callFrame;
  const mod = moduleOf(url, functionName);
  byModule.set(mod, (byModule.get(mod) ?? 0) + us);
  const fnKey = `${functionName || '(anonymous)'} ${mod}${url ? `:${lineNumber + 1}` : ''}`;
  byFunction.set(fnKey, (byFunction.get(fnKey) ?? 0) + us);
}

/** Total time (self + callees) per module: each sample counts once for every module on its stack. */
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const nodeById = new Map(profile.nodes.map((n) => [n.id, n]));
const inclusive = new Map<string, number>();
for (const [id, us] of selfUs) {
  const seen = new Set<string>();
  for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
    const { functionName, url } = nodeById.get(n)!.callFrame;
    if (functionName === '(root)') continue;
    seen.add(moduleOf(url, functionName));
  }
  for (const mod of seen) inclusive.set(mod, (inclusive.get(mod) ?? 0) + us);
}

/** Each sample to one part of the work: the first matching module on its stack, leaf first. */
const parts: [string, (mod: string) => boolean][] = [
  ['garbage collection', (m) => m === '(garbage collector)'],
  ['module loading', (m) => m.startsWith('node:internal/modules/')],
  ['async_hooks (AsyncLocalStorage)', (m) => m === 'node:internal/async_hooks' || m === 'node:async_hooks'],
  ['logging (pino)', (m) => m === 'pino' || m.endsWith('runtime/logger.js')],
  ['metrics (prom-client)', (m) => m === 'prom-client' || m.endsWith('runtime/metrics.js')],
  ['AWS SDK', (m) => m.startsWith('@aws-sdk/') || m.startsWith('@smithy/') || m.startsWith('@aws-crypto/')],
  ['engine client (@camunda8/sdk, gRPC, protobuf)', (m) => ['@camunda8/sdk', '@grpc/grpc-js', '@grpc/proto-loader', 'protobufjs', 'lossless-json', 'long', 'zod', '@camunda8/orchestration-cluster-api'].includes(m)],
  ['FEEL (feelin, lezer)', (m) => m === 'feelin' || m.startsWith('@lezer/') || m === 'lezer-feel'],
  ['validation (ajv)', (m) => m === 'ajv' || m.endsWith('runtime/validation.js')],
  ['worker code', (m) => m.includes('dist/worker/')],
];
const byPart = new Map<string, number>();
for (const [id, us] of selfUs) {
  const mods: string[] = [];
  for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
    const { functionName, url } = nodeById.get(n)!.callFrame;
    mods.push(moduleOf(url, functionName));
  }
  if (mods[0] === '(idle)') continue;
  let part = 'other (node internals with no caller above)';
  for (const [name, test] of parts) if (mods.some(test)) { part = name; break; }
  byPart.set(part, (byPart.get(part) ?? 0) + us);
}

const busy = total - (byModule.get('(idle)') ?? 0);
const print = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}\n| ms | % of busy | what |\n|---|---|---|`);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
    console.log(`| ${(us / 1000).toFixed(0)} | ${k === '(idle)' ? '' : ((100 * us) / busy).toFixed(1)} | ${k} |`);
  }
};
console.log(`${file}: ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s profiled, ${(busy / 1000).toFixed(0)} ms busy`);
print('busy time by part (the first part on the stack, in this order: GC, loading, async_hooks, logging, metrics, AWS SDK, engine client, FEEL, ajv, worker)', byPart);
print('self time by module', byModule);
print('self time by function', byFunction);
print('total time by module (self + what it calls)', inclusive);
