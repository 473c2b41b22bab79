/**
 * The secret-leak scan over the whole test run: every registered secret value (registry.ts), in its raw,
 * URL-encoded, JSON-escaped and base64 forms, searched in every worker log of the run and in everything the
 * engine shows through its search API: every incident's message, every variable (name and value), every
 * job's error code and message (BPMN errors and failures). One hit fails the run; the figures are printed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { search } from '../integration/harness';
import { LEAK_DIR, SECRETS_FILE } from './registry';

export function formsOf(value: string): string[] {
  return [...new Set([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1), Buffer.from(value).toString('base64')])];
}

/** Every place where a form of a secret value occurs, named by the secret's setting (never its value). */
export function findLeaks(secrets: Map<string, string>, places: { where: string; text: string }[]): { leaks: string[]; forms: number } {
  const leaks: string[] = [];
  let forms = 0;
  for (const [value, name] of secrets) {
    for (const form of formsOf(value)) {
      forms += 1;
      for (const p of places) if (p.text.includes(form)) leaks.push(`${name} (a form of its value) in ${p.where}`);
    }
  }
  return { leaks, forms };
}

export default async function leakScan(): Promise<void> {
  if (!existsSync(SECRETS_FILE)) {
    process.stdout.write('\nsecret-leak scan: no worker was given a secret in this run; nothing to scan\n');
    return;
  }
  const secrets = new Map<string, string>();
  for (const line of readFileSync(SECRETS_FILE, 'utf8').split('\n').filter(Boolean)) {
    const { name, value } = JSON.parse(line) as { name: string; value: string };
    secrets.set(value, name);
  }
  const places: { where: string; text: string }[] = [];
  for (const file of readdirSync(LEAK_DIR).filter((f) => f.endsWith('.log'))) {
    places.push({ where: `worker log ${file}`, text: readFileSync(path.join(LEAK_DIR, file), 'utf8') });
  }
  for (const i of await search<{ incidentKey: string; errorMessage?: string }>('incidents', {})) places.push({ where: `incident ${i.incidentKey}`, text: i.errorMessage ?? '' });
  for (const v of await search<{ variableKey?: string; name: string; value: string; scopeKey: string }>('variables', {})) {
    places.push({ where: `variable ${v.name} of scope ${v.scopeKey}`, text: `${v.name}\n${v.value}` });
  }
  for (const j of await search<{ jobKey: string; errorCode?: string; errorMessage?: string }>('jobs', {})) {
    places.push({ where: `job ${j.jobKey} error`, text: `${j.errorCode ?? ''}\n${j.errorMessage ?? ''}` });
  }

  const { leaks, forms } = findLeaks(secrets, places);
  const logs = places.filter((p) => p.where.startsWith('worker log')).length;
  process.stdout.write(`\nsecret-leak scan: ${secrets.size} secret values (${forms} forms) checked in ${places.length} places ` +
    `(${logs} worker logs, ${places.length - logs} incidents, variables and job errors): ${leaks.length} leaks\n`);
  if (leaks.length > 0) throw new Error(`secret values leaked:\n${leaks.slice(0, 50).join('\n')}`);
}
