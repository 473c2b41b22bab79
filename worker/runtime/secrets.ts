import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConnectorError } from './errors';

/** Where secret values come from. `undefined` means "not here": the next provider is asked. */
export interface SecretProvider {
  readonly name: string;
  lookup(secretName: string): Promise<string | undefined>;
}

/** Environment variables under a prefix, so that a model cannot read the worker's own environment. */
export function environmentSecrets(env: NodeJS.ProcessEnv, prefix: string): SecretProvider {
  return {
    name: 'environment',
    lookup: async (secretName) => env[prefix + secretName],
  };
}

/** One file per secret, named after the secret (Kubernetes secret volumes look like this). */
export function directorySecrets(directory: string): SecretProvider {
  return {
    name: 'directory',
    async lookup(secretName) {
      if (secretName.includes('..') || path.isAbsolute(secretName)) return undefined;
      try {
        return (await readFile(path.join(directory, secretName), 'utf8')).replace(/\r?\n$/, '');
      } catch {
        return undefined;
      }
    },
  };
}

const MUSTACHE = /\{\{\s*secrets\.(\S+?)\s*\}\}/g;
const LEGACY = /secrets\.((?:[a-zA-Z0-9]+[/._-])*[a-zA-Z0-9]+)/g;

/** Resolves `{{secrets.NAME}}` (and the legacy bare `secrets.NAME`) in every string of a JSON value. */
export class SecretResolver {
  constructor(private readonly providers: SecretProvider[]) {}

  async resolve<T>(value: T): Promise<{ value: T; secretValues: string[] }> {
    const names = new Set<string>();
    visitStrings(value, (s) => {
      for (const m of s.matchAll(MUSTACHE)) names.add(m[1]);
      for (const m of stripMustache(s).matchAll(LEGACY)) names.add(m[1]);
    });
    if (names.size === 0) return { value, secretValues: [] };

    const found = new Map<string, string>();
    for (const name of names) found.set(name, await this.lookup(name));
    const replaced = mapStrings(value, (s) =>
      stripMustache(s, (name) => found.get(name)!).replace(LEGACY, (_m, name: string) => found.get(name)!),
    );
    return { value: replaced as T, secretValues: [...found.values()].filter((v) => v.length > 0) };
  }

  private async lookup(name: string): Promise<string> {
    for (const provider of this.providers) {
      const value = await provider.lookup(name);
      if (value !== undefined) return value;
    }
    throw new ConnectorError('INVALID_INPUT', `Secret with name '${name}' is not available`, { path: `secrets.${name}` });
  }
}

function stripMustache(s: string, replace: (name: string) => string = () => ''): string {
  return s.replace(MUSTACHE, (_m, name: string) => replace(name));
}

function visitStrings(value: unknown, visit: (s: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) value.forEach((v) => visitStrings(v, visit));
  else if (value !== null && typeof value === 'object') Object.values(value).forEach((v) => visitStrings(v, visit));
}

function mapStrings(value: unknown, map: (s: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, map));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, map)]));
  }
  return value;
}

/** Replaces known secret values by `***` in text and in JSON values. */
export class SecretMasker {
  private readonly values = new Set<string>();

  add(values: Iterable<string>): void {
    // Very short values would mask ordinary words; secrets that short are not worth hiding that way.
    for (const v of values) if (v.length >= 3) this.values.add(v);
  }

  get size(): number {
    return this.values.size;
  }

  maskText(text: string): string {
    let out = text;
    for (const v of this.values) if (out.includes(v)) out = out.split(v).join('***');
    return out;
  }

  maskValue<T>(value: T): T {
    if (this.values.size === 0) return value;
    return mapStrings(value, (s) => this.maskText(s)) as T;
  }
}
