/**
 * Judges every package's licence and prints the summary; exit 1 on any failure. Run by check.sh:
 *   tsx scripts/licences/report.ts --npm NPM.json [--npm MORE.json ...] --python PYTHON.json --exceptions exceptions.json
 * A package passes when its licence passes the allow-list (allowed.ts, expression.ts) or when an entry
 * of the exceptions file names it; exceptions that name no failing installed package are listed as stale.
 */
import { relative } from 'node:path';
import { judgeLicence } from './expression';
import { findException, loadExceptions, type LicenceException } from './exceptions';
import { readNpm, readPython, type Ecosystem, type InstalledPackage } from './packages';

type Verdict = 'ok' | 'exception' | 'failed';
interface Judged extends InstalledPackage {
  verdict: Verdict;
  reason?: string;
}

function option(argv: string[], name: string): string {
  return options(argv, name)[0];
}

/** Every value of an option that may be given more than once. */
function options(argv: string[], name: string): string[] {
  const values = argv.flatMap((arg, i) => (arg === name ? [argv[i + 1]] : []));
  if (values.length === 0 || values.some((v) => !v)) throw new Error(`missing ${name} FILE`);
  return values;
}

function judge(pkg: InstalledPackage, exceptions: LicenceException[], used: Set<LicenceException>): Judged {
  const { ok, rejected } = judgeLicence(pkg.licence);
  if (ok) return { ...pkg, verdict: 'ok' };
  const exception = findException(exceptions, pkg);
  if (exception) {
    used.add(exception);
    return { ...pkg, verdict: 'exception' };
  }
  const reason = pkg.licence.endsWith('*')
    ? 'guessed by license-checker from the files; package.json declares no licence'
    : pkg.licence.trim() === ''
      ? 'no licence declared'
      : rejected.length === 1 && rejected[0] === pkg.licence.trim()
        ? 'not OSI-approved'
        : `not OSI-approved: ${rejected.join(', ')}`;
  return { ...pkg, verdict: 'failed', reason };
}

const pad = (text: string | number, width: number): string => String(text).padEnd(width);
const padLeft = (text: string | number, width: number): string => String(text).padStart(width);
const id = (p: InstalledPackage): string => `${p.name}@${p.version}`;

function main(argv: string[]): number {
  const exceptionsFile = option(argv, '--exceptions');
  const exceptions = loadExceptions(exceptionsFile);
  const byName = (a: InstalledPackage, b: InstalledPackage): number => id(a).localeCompare(id(b));
  const packages = [...options(argv, '--npm').flatMap(readNpm).sort(byName), ...readPython(option(argv, '--python')).sort(byName)];
  const used = new Set<LicenceException>();
  const judged = packages.map((p) => judge(p, exceptions, used));
  const ecosystems: Ecosystem[] = ['npm', 'python'];

  console.log('\nEvery package: ecosystem, package@version, licence, verdict');
  const nameWidth = Math.max(...judged.map((p) => id(p).length)) + 2;
  for (const p of judged) console.log(`  ${pad(p.ecosystem, 8)}${pad(id(p), nameWidth)}${p.licence || '(none)'}  [${p.verdict}]`);

  console.log('\nPackages per licence (as reported)');
  const perLicence = new Map<string, Record<Ecosystem, number>>();
  for (const p of judged) {
    const row = perLicence.get(p.licence || '(none)') ?? { npm: 0, python: 0 };
    row[p.ecosystem]++;
    perLicence.set(p.licence || '(none)', row);
  }
  const width = Math.max(8, ...[...perLicence.keys()].map((l) => l.length)) + 2;
  console.log(`  ${pad('licence', width)}${padLeft('npm', 6)}${padLeft('python', 8)}`);
  for (const [licence, row] of [...perLicence].sort((a, b) => b[1].npm + b[1].python - (a[1].npm + a[1].python) || a[0].localeCompare(b[0]))) {
    console.log(`  ${pad(licence, width)}${padLeft(row.npm, 6)}${padLeft(row.python, 8)}`);
  }

  console.log('\nPackages per ecosystem');
  console.log(`  ${pad('ecosystem', 12)}${padLeft('total', 7)}${padLeft('ok', 7)}${padLeft('exception', 11)}${padLeft('failed', 8)}`);
  for (const eco of ecosystems) {
    const of = judged.filter((p) => p.ecosystem === eco);
    const count = (v: Verdict): number => of.filter((p) => p.verdict === v).length;
    console.log(`  ${pad(eco, 12)}${padLeft(of.length, 7)}${padLeft(count('ok'), 7)}${padLeft(count('exception'), 11)}${padLeft(count('failed'), 8)}`);
  }

  const file = relative(process.cwd(), exceptionsFile);
  const excepted = judged.filter((p) => p.verdict === 'exception');
  console.log(`\nAccepted by exception (${excepted.length}, see ${file})`);
  for (const p of excepted) console.log(`  ${p.ecosystem} ${id(p)}: ${p.licence}${p.path ? ` (${p.path})` : ''}`);

  const stale = exceptions.filter((e) => !used.has(e));
  console.log(`\nStale exceptions (${stale.length}; they match no failing installed package: remove or update them)`);
  for (const e of stale) console.log(`  ${e.ecosystem} ${e.package}@${e.versions}: ${e.licence}${e.under ? ` (under ${e.under}/)` : ''}`);

  const failed = judged.filter((p) => p.verdict === 'failed');
  console.log(`\nFailures (${failed.length})`);
  for (const p of failed) console.log(`  ${p.ecosystem} ${id(p)}: ${p.licence || '(none)'} (${p.reason})${p.path ? ` in ${p.path}` : ''}`);

  console.log(
    failed.length === 0
      ? `\nlicences: OK: ${judged.length} packages, ${excepted.length} by exception`
      : `\nlicences: FAILED: ${failed.length} of ${judged.length} packages have a licence that is not OSI-approved and no exception in ${file}`,
  );
  return failed.length === 0 ? 0 : 1;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(`licences: ${(error as Error).message}`);
  process.exitCode = 2;
}
