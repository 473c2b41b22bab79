/**
 * Reads the two checkers' JSON output into one list of packages with the licence each reports.
 *   npm:    license-checker-rseidelsohn --json   {"name@version": {licenses, path, private?, ...}}
 *   python: pip-licenses --format=json          [{Name, Version, License}]
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';

export type Ecosystem = 'npm' | 'python';

export interface InstalledPackage {
  ecosystem: Ecosystem;
  name: string;
  version: string;
  /** As the checker reports it; a trailing "*" means guessed from the package's files, not declared. */
  licence: string;
  /** npm: where it is installed, relative to the working directory (e.g. playground/node_modules/bpmn-js). */
  path?: string;
}

interface LicenseCheckerEntry {
  licenses?: string | string[];
  path?: string;
  private?: boolean;
}

export function readNpm(file: string): InstalledPackage[] {
  const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, LicenseCheckerEntry>;
  return Object.entries(data).map(([key, entry]) => {
    const at = key.lastIndexOf('@');
    const path = entry.path && isAbsolute(entry.path) ? relative(process.cwd(), entry.path) : entry.path;
    return { ecosystem: 'npm', name: key.slice(0, at), version: key.slice(at + 1), licence: npmLicence(entry), path };
  });
}

function npmLicence(entry: LicenseCheckerEntry): string {
  // license-checker reports every "private": true package (such as this project's own) as UNLICENSED,
  // whatever its package.json says; for those, take the licence the package.json declares.
  if (entry.private && entry.path && existsSync(join(entry.path, 'package.json'))) {
    const declared = (JSON.parse(readFileSync(join(entry.path, 'package.json'), 'utf8')) as { license?: unknown }).license;
    return typeof declared === 'string' ? declared : '';
  }
  // An array comes from the old "licenses" field; all of them must pass.
  if (Array.isArray(entry.licenses)) return entry.licenses.map((l) => `(${l})`).join(' AND ');
  return entry.licenses ?? '';
}

export function readPython(file: string): InstalledPackage[] {
  const data = JSON.parse(readFileSync(file, 'utf8')) as { Name: string; Version: string; License?: string }[];
  return data.map((p) => ({ ecosystem: 'python', name: p.Name, version: p.Version, licence: p.License ?? '' }));
}
