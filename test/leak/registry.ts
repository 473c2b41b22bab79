/**
 * The secret values the tests hand to the workers they start, and those workers' logs, kept in
 * .stack/leak-scan/ for the scan that runs after the whole test run (global-teardown.ts).
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const LEAK_DIR = path.resolve(__dirname, '../../.stack/leak-scan');
export const SECRETS_FILE = path.join(LEAK_DIR, 'secrets.jsonl');

/** Worker settings that carry a secret: `{{secrets.X}}` sources (SECRET_*) and the deployment's own credentials. */
const SECRET_SETTING = /^(SECRET_.+|AWS_SECRET_ACCESS_KEY|AWS_SECRET_KEY|AWS_SESSION_TOKEN|AWS_LAMBDA_AWS_SECRET_KEY|ALFRESCO_CONTENT_REPO_PASSWORD|ZEEBE_CLIENT_SECRET|CAMUNDA_BASIC_AUTH_PASSWORD)$/;
/**
 * Shorter values cannot be scanned without false hits: the emulators' dummy credential `test` is also a
 * plain task input, a bucket name part, a word in messages.
 */
export const MIN_SECRET_LENGTH = 6;

/** Registers the secret values among a worker's settings. */
export function registerWorkerSecrets(env: Record<string, string | undefined>): void {
  const found = Object.entries(env).filter(([name, value]) => SECRET_SETTING.test(name) && value && value.length >= MIN_SECRET_LENGTH);
  if (found.length === 0) return;
  mkdirSync(LEAK_DIR, { recursive: true });
  appendFileSync(SECRETS_FILE, found.map(([name, value]) => `${JSON.stringify({ name, value })}\n`).join(''));
}

/** Keeps a worker's whole log once it exited. */
export function keepWorkerLog(pid: number | undefined, output: string): void {
  mkdirSync(LEAK_DIR, { recursive: true });
  writeFileSync(path.join(LEAK_DIR, `worker-${pid ?? 'unknown'}-${Date.now()}.log`), output);
}
