import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DeleteFunctionCommand, LambdaClient, paginateListFunctions } from '@aws-sdk/client-lambda';

/**
 * A test run leaves no process behind that it started, directly (workers, engines, stand-ins a test spawned) or
 * through the emulator (MiniStack keeps a warm process of about 44 MB per Lambda function for 5 minutes). Jest's
 * global setup notes what runs before; its teardown deletes the Lambda functions the run created (which ends their
 * warm processes), then fails the run, naming them, if a process the run started is still alive 10 s later.
 */
const ROOT = path.resolve(__dirname, '../..');
const STACK_DIR = path.join(ROOT, '.stack');
const GRACE_MS = 10_000;
/**
 * Children of jest that end when jest does, not left behind: recheck's agent (the ReDoS check in
 * test/unit/security-regex.test.ts) reads its requests from a pipe of this process and exits when it closes.
 */
const ENDS_WITH_JEST = /jest-worker|processChild|\/recheck agent$/;

interface Before { functions: string[]; emulatorChildren: number[] }

const state = globalThis as { leftoversBefore?: Before };

export async function noteWhatRuns(): Promise<void> {
  state.leftoversBefore = { functions: await lambdaFunctions(), emulatorChildren: emulatorPid() ? descendants(emulatorPid()!) : [] };
}

export async function failOnLeftovers(): Promise<void> {
  const before = state.leftoversBefore;
  if (!before) return;
  await deleteFunctions(before.functions);
  const deadline = Date.now() + GRACE_MS;
  let left: number[] = [];
  do {
    const emulator = emulatorPid();
    left = [
      ...descendants(process.pid).filter((pid) => !ENDS_WITH_JEST.test(commandLine(pid))),
      ...(emulator ? descendants(emulator).filter((pid) => !before.emulatorChildren.includes(pid)) : []),
    ];
    if (left.length === 0) return;
    await new Promise((r) => setTimeout(r, 500));
  } while (Date.now() < deadline);
  throw new Error(`LEFTOVER_PROCESSES: the run started processes that still run ${GRACE_MS / 1000} s after it:\n${left.map((pid) => `  ${pid} ${commandLine(pid)}`).join('\n')}`);
}

/** The emulator's endpoint and PID on the process stack (absent on the container stack or without a stack). */
function emulatorEndpoint(): string | undefined {
  const file = path.join(STACK_DIR, 'endpoints.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { AWS_ENDPOINT_URL_S3_EMULATOR?: string }).AWS_ENDPOINT_URL_S3_EMULATOR : undefined;
}

function emulatorPid(): number | undefined {
  const file = path.join(STACK_DIR, 'pids', 'ministack.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && existsSync(`/proc/${pid}`) ? pid : undefined;
}

function lambda(): LambdaClient | undefined {
  const endpoint = emulatorEndpoint();
  return endpoint ? new LambdaClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 }) : undefined;
}

async function lambdaFunctions(): Promise<string[]> {
  const client = lambda();
  if (!client) return [];
  try {
    const names: string[] = [];
    for await (const page of paginateListFunctions({ client }, {})) names.push(...(page.Functions ?? []).map((f) => f.FunctionName!));
    return names;
  } catch {
    return []; // no emulator answering: nothing of it to clean up
  } finally {
    client.destroy();
  }
}

async function deleteFunctions(keep: string[]): Promise<void> {
  const client = lambda();
  if (!client) return;
  try {
    for (const name of (await lambdaFunctions()).filter((n) => !keep.includes(n))) {
      await client.send(new DeleteFunctionCommand({ FunctionName: name })).catch(() => undefined);
    }
  } finally {
    client.destroy();
  }
}

/** Every live descendant of `pid` (from /proc; none where there is no /proc). */
function descendants(pid: number): number[] {
  if (!existsSync('/proc')) return [];
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') continue; // exited, waiting to be reaped
      const parent = Number(fields[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number) => { for (const c of children.get(p) ?? []) { out.push(c); walk(c); } };
  walk(pid);
  return out;
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim().slice(0, 200);
  } catch {
    return '(gone)';
  }
}
