import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConnectorError } from './errors';
import { mapStrings, pathText, visitStrings } from './json-walk';
import { findPlaceholders, replacePlaceholders } from './secret-placeholders';
import { trimEnd } from './trim-end';

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

/** Which placeholders may be resolved: by secret name and the path of the property that holds it. */
export type SecretScope = (secretName: string, path: readonly (string | number)[]) => boolean;

/** Resolves `{{secrets.NAME}}` (and the legacy `secrets.NAME` as a whole value) in the strings of a JSON value. */
export class SecretResolver {
  constructor(private readonly providers: SecretProvider[]) {}

  /**
   * `scope` says which placeholders were written by the model (the others are left as text); without a
   * scope every placeholder in the value is resolved (the old behaviour, an operator's opt-in).
   */
  async resolve<T>(value: T, scope?: SecretScope): Promise<{ value: T; secretValues: string[] }> {
    const wanted = new Map<string, { legacy: boolean; path: string }>();
    visitStrings(value, (s, path) => {
      for (const p of findPlaceholders(s)) {
        if (scope && !scope(p.name, path)) continue;
        const known = wanted.get(p.name);
        if (!known || (known.legacy && !p.legacy)) wanted.set(p.name, { legacy: p.legacy, path: pathText(path) });
      }
    });
    if (wanted.size === 0) return { value, secretValues: [] };

    const found = new Map<string, string>();
    for (const [name, use] of wanted) {
      const secret = await this.lookup(name);
      if (secret !== undefined) found.set(name, secret);
      else if (!use.legacy) {
        const path = use.path || '(input)';
        throw new ConnectorError('INVALID_INPUT', `${path}: Secret with name '${name}' is not available`, { path });
      }
      // A legacy `secrets.NAME` with no such secret is ordinary text (a file called secrets.json, ...).
    }
    const replaced = mapStrings(value, (s, path) => {
      const placeholders = findPlaceholders(s);
      if (placeholders.length === 0) return s;
      return replacePlaceholders(s, placeholders, (p) => (scope && !scope(p.name, path) ? undefined : found.get(p.name)));
    });
    return { value: replaced as T, secretValues: [...found.values()].filter((v) => v.length > 0) };
  }

  private async lookup(name: string): Promise<string | undefined> {
    for (const provider of this.providers) {
      const value = await provider.lookup(name);
      if (value !== undefined) return value;
    }
    return undefined;
  }
}

/** Shortest text masked: shorter values would mask ordinary words. */
const MIN_MASKED_LENGTH = 3;
/** Base64 pieces of a secret cut at other alignments are masked from this length on. */
const MIN_BASE64_PIECE_LENGTH = 6;
/** A whole value that is a piece of a secret is masked from this length on. */
const MIN_PIECE_LENGTH = 6;

/**
 * The forms in which a secret value may come back from an endpoint or a FEEL expression: as it is,
 * URL-encoded (both ways), JSON-escaped, and base64-encoded at each of the three byte alignments.
 */
export function secretForms(value: string): string[] {
  const forms = new Set<string>([value, encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2), JSON.stringify(value).slice(1, -1)]);
  // S3 (and every SigV4 service) encodes a key per path segment, with ! ' ( ) * escaped too.
  forms.add(extendedEncode(value));
  if (value.includes('/')) forms.add(value.split('/').map(extendedEncode).join('/'));
  const bytes = Buffer.from(value, 'utf8');
  for (let offset = 0; offset < 3; offset++) {
    const encoded = trimEnd(Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64'), '=');
    // Characters wholly made of the secret's bits: from the first after the offset bytes to the last before the end.
    const first = Math.ceil((offset * 8) / 6);
    const last = Math.floor(((offset + bytes.length) * 8) / 6);
    const piece = encoded.slice(first, last);
    if (piece.length >= MIN_BASE64_PIECE_LENGTH) forms.add(piece);
    if (offset === 0) forms.add(bytes.toString('base64'));
  }
  return [...forms].filter((f) => f.length >= MIN_MASKED_LENGTH);
}

function extendedEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Replaces known secret values (in every form an echo may take) by `***` in text and in JSON values, keys
 * included. Matching ignores case: an echo in upper case (a header, `upper case(...)`) or with lower-case
 * percent escapes (`%2b`) is the same secret.
 */
export class SecretMasker {
  private readonly values = new Set<string>();
  private pattern?: RegExp;
  private lowerValues: string[] = [];

  add(values: Iterable<string>): void {
    let changed = false;
    for (const v of values) {
      if (v.length >= MIN_MASKED_LENGTH && !this.values.has(v)) {
        this.values.add(v);
        changed = true;
      }
    }
    if (changed) this.rebuild();
  }

  /** Stops masking a value (an operator-consented disclosure, such as a presigned URL's access key ID). */
  remove(value: string): void {
    if (this.values.delete(value)) this.rebuild();
  }

  has(value: string): boolean {
    return this.values.has(value);
  }

  get size(): number {
    return this.values.size;
  }

  private rebuild(): void {
    const all = new Set<string>();
    for (const v of this.values) for (const f of secretForms(v)) all.add(f);
    // Longest first, so that a form containing another is masked whole (alternatives are tried in order).
    this.lowerValues = [...this.values].map((v) => v.toLowerCase());
    const forms = [...all].sort((a, b) => b.length - a.length);
    this.pattern = forms.length > 0 ? new RegExp(forms.map(escapeRegExp).join('|'), 'gi') : undefined;
  }

  maskText(text: string): string {
    return this.pattern ? text.replace(this.pattern, '***') : text;
  }

  /**
   * Masks every string of a JSON value, names included; a whole value that is a piece of a secret (6 characters
   * or more) is masked too: an AWS service may answer with part of the text it was sent (a PII entity, a key
   * phrase cut from a text that held a secret).
   */
  maskValue<T>(value: T): T {
    if (this.values.size === 0) return value;
    return mapStrings(value, (s, _path, isKey) => (!isKey && this.isPiece(s) ? '***' : this.maskText(s)), true) as T;
  }

  private isPiece(text: string): boolean {
    if (text.length < MIN_PIECE_LENGTH) return false;
    const lower = text.toLowerCase();
    return this.lowerValues.some((v) => v.length > text.length && v.includes(lower));
  }
}
