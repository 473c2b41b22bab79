/**
 * The reviewed exceptions (exceptions.json beside this file): packages whose licence does not pass the
 * allow-list but which were checked by hand and are accepted, each with the reason.
 * An entry applies to a package only when ecosystem, name, version and licence all match, so a package
 * that changes its licence fails again until the entry is reviewed.
 * Versions: "*" (any), an exact version, "^1.2.3" (same major; for 0.x same minor) or "~1.2.3" (same minor).
 * `under` (npm, optional) limits an entry to packages installed below that folder of the repository, e.g.
 * "playground": the same package anywhere else (the worker's own node_modules, so the published package) fails.
 */
import { readFileSync } from 'node:fs';

export interface LicenceException {
  ecosystem: 'npm' | 'python';
  package: string;
  versions: string;
  /** The licence exactly as the report prints it for the package. */
  licence: string;
  justification: string;
  /** Only for packages installed below this folder (relative to the repository root). */
  under?: string;
}

export function loadExceptions(file: string): LicenceException[] {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { exceptions?: unknown };
  if (!Array.isArray(parsed.exceptions)) throw new Error(`${file}: expected {"exceptions": [...]}`);
  return parsed.exceptions.map((entry: Partial<LicenceException>, i: number) => {
    for (const key of ['ecosystem', 'package', 'versions', 'licence', 'justification'] as const) {
      if (typeof entry[key] !== 'string' || entry[key] === '') throw new Error(`${file}: exceptions[${i}] lacks "${key}"`);
    }
    if (entry.ecosystem !== 'npm' && entry.ecosystem !== 'python') throw new Error(`${file}: exceptions[${i}].ecosystem must be npm or python`);
    if (entry.under !== undefined && (typeof entry.under !== 'string' || !/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(entry.under))) {
      throw new Error(`${file}: exceptions[${i}].under must be a folder of the repository, e.g. "playground"`);
    }
    if (!validRange(entry.versions!)) throw new Error(`${file}: exceptions[${i}].versions "${entry.versions}" is not *, x.y.z, ^x.y.z or ~x.y.z`);
    return entry as LicenceException;
  });
}

export function findException(
  exceptions: LicenceException[],
  pkg: { ecosystem: string; name: string; version: string; licence: string; path?: string },
): LicenceException | undefined {
  return exceptions.find(
    (e) => e.ecosystem === pkg.ecosystem && sameName(e, pkg.name) && e.licence === pkg.licence && inRange(pkg.version, e.versions) && installedUnder(e, pkg.path),
  );
}

function installedUnder(e: LicenceException, path: string | undefined): boolean {
  if (e.under === undefined) return true;
  return path !== undefined && path.split(/[\\/]/).join('/').startsWith(`${e.under}/node_modules/`);
}

function sameName(e: LicenceException, name: string): boolean {
  // Python names compare as PEP 503 says (case and -_. do not matter); npm names are exact.
  const norm = (n: string): string => (e.ecosystem === 'python' ? n.toLowerCase().replace(/[-_.]+/g, '-') : n);
  return norm(e.package) === norm(name);
}

/** Leading numeric release of a version: "1.0.30001826" -> [1, 0, 30001826], "2.9.0.post0" -> [2, 9, 0]. */
function release(version: string): number[] | undefined {
  const match = /^v?(\d+(?:\.\d+)*)/.exec(version.trim());
  return match ? match[1].split('.').map(Number) : undefined;
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function validRange(range: string): boolean {
  return range === '*' || release(range.replace(/^[\^~]/, '')) !== undefined;
}

function inRange(version: string, range: string): boolean {
  if (range === '*') return true;
  if (!/^[\^~]/.test(range)) return version === range;
  const low = release(range.slice(1));
  const have = release(version);
  if (!low || !have) return false;
  // The part that must stay the same: for ^ the first non-zero of major.minor.patch, for ~ the minor.
  const fixed = range[0] === '^' ? Math.max(0, Math.min(low.findIndex((n) => n !== 0), 2)) : Math.min(1, low.length - 1);
  const high = [...low.slice(0, fixed), low[fixed] + 1];
  return compare(have, low) >= 0 && compare(have, high) < 0;
}
