import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';
import { Transform } from 'node:stream';
import { ConnectorError } from './errors';

export interface UrlPolicy {
  /** Loopback, private and link-local addresses are refused unless the operator allows them. */
  allowPrivateAddresses: boolean;
  maxBytes: number;
  timeoutMs: number;
}

const MAX_REDIRECTS = 5;

const privateRanges = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16],
  ['172.16.0.0', 12], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) privateRanges.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) {
  privateRanges.addSubnet(net, prefix, 'ipv6');
}

export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return privateRanges.check(mapped[1], 'ipv4');
  return privateRanges.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

export interface FetchOptions {
  /** Sent to the URL's origin only: a redirect to another origin drops them (credentials stay home). */
  headers?: Record<string, string>;
  redirects?: number;
}

/**
 * GETs a URL as a stream, checking every address the name resolves to at connect time (so a DNS answer
 * cannot swap in a private address after the check), with a size cap and a timeout.
 */
export async function fetchUrl(url: string, policy: UrlPolicy, path: string, options: FetchOptions = {}): Promise<IncomingMessage> {
  const redirects = options.redirects ?? 0;
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new ConnectorError('INVALID_INPUT', `${path}: '${url}' is not a valid URL`, { path });
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new ConnectorError('INVALID_INPUT', `${path}: only http and https URLs are allowed`, { path });
  }

  // Node does not call `lookup` for IP literals, so those are checked here.
  const literal = target.hostname.replace(/^\[|\]$/g, '');
  if (isIP(literal) && isPrivateAddress(literal) && !policy.allowPrivateAddresses) {
    throw new ConnectorError('FORBIDDEN', `${path}: ${literal} is a private or loopback address; the operator has not allowed those`, { path });
  }

  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const client = target.protocol === 'https:' ? https : http;
    const request = client.get(target, { lookup: guardedLookup(policy, path), timeout: policy.timeoutMs, headers: options.headers }, resolve);
    request.on('timeout', () => request.destroy(new ConnectorError('REQUEST_TIMEOUT', `${path}: no answer from ${target.host} within ${policy.timeoutMs} ms`, { path })));
    request.on('error', (e) => reject(e instanceof ConnectorError ? e : new ConnectorError('BAD_GATEWAY', `${path}: ${target.host} could not be reached: ${e.message}`, { path, cause: e })));
  });

  const status = response.statusCode ?? 0;
  if (status >= 300 && status < 400 && response.headers.location) {
    response.resume();
    if (redirects >= MAX_REDIRECTS) throw new ConnectorError('BAD_GATEWAY', `${path}: too many redirects`, { path });
    const next = new URL(response.headers.location, target);
    const headers = next.origin === target.origin ? options.headers : undefined;
    return fetchUrl(next.toString(), policy, path, { headers, redirects: redirects + 1 });
  }
  if (status !== 200) {
    response.resume();
    const code = status === 404 ? 'NOT_FOUND' : status === 401 ? 'UNAUTHORIZED' : status === 403 ? 'FORBIDDEN' : status >= 500 ? 'BAD_GATEWAY' : 'BAD_REQUEST';
    throw new ConnectorError(code, `${path}: ${target.host} answered HTTP ${status}`, { path });
  }
  const length = Number(response.headers['content-length'] ?? 0);
  if (length > policy.maxBytes) {
    response.destroy();
    throw new ConnectorError('REQUEST_TOO_LARGE', `${path}: the document is ${length} bytes, over the ${policy.maxBytes}-byte limit`, { path });
  }
  return capped(response, policy.maxBytes, path);
}

function guardedLookup(policy: UrlPolicy, path: string) {
  return (hostname: string, options: object, callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const list = addresses as LookupAddress[];
      const refused = list.find((a) => isPrivateAddress(a.address));
      if (refused && !policy.allowPrivateAddresses) {
        return callback(new ConnectorError('FORBIDDEN', `${path}: ${hostname} resolves to a private or loopback address (${refused.address}); the operator has not allowed those`, { path }), []);
      }
      const all = (options as { all?: boolean }).all;
      return all ? callback(null, list) : callback(null, list[0].address, list[0].family);
    });
  };
}

/** Passes the body through, failing the stream when it grows over the cap (servers may omit Content-Length). */
function capped(response: IncomingMessage, maxBytes: number, path: string): IncomingMessage {
  let seen = 0;
  const limiter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > maxBytes) done(new ConnectorError('REQUEST_TOO_LARGE', `${path}: the document is over the ${maxBytes}-byte limit`, { path }));
      else done(null, chunk);
    },
  });
  response.pipe(limiter);
  response.on('error', (e) => limiter.destroy(e));
  return Object.assign(limiter, { headers: response.headers, statusCode: response.statusCode }) as unknown as IncomingMessage;
}
