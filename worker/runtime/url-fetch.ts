import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { capStream } from './byte-cap';
import { boundByDeadline } from './deadline';
import { ConnectorError } from './errors';

export interface UrlPolicy {
  /** Loopback, private and link-local addresses are refused unless the operator allows them. */
  allowPrivateAddresses: boolean;
  maxBytes: number;
  timeoutMs: number;
}

const MAX_REDIRECTS = 5;

/**
 * Every address outside ordinary global unicast is refused: loopback, private, link-local, carrier-grade
 * NAT, multicast, broadcast, documentation, benchmarking, IETF protocol assignments (192.0.0.0/24),
 * and the IPv6 forms that embed an IPv4 address (IPv4-mapped and -compatible, NAT64 64:ff9b::/96 and
 * 64:ff9b:1::/48, 6to4, Teredo). ipaddr.js keeps the IANA special-purpose registries; an address it
 * does not call `unicast` is special. An unparsable address is refused too.
 */
export function isPrivateAddress(address: string): boolean {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (!ipaddr.isValid(bare)) return true;
  const parsed = ipaddr.parse(bare);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    // ::a.b.c.d (IPv4-compatible, deprecated): ipaddr.js calls most of it unicast.
    if (v6.parts.slice(0, 6).every((p) => p === 0)) return true;
    if (v6.isIPv4MappedAddress()) return true;
  }
  return parsed.range() !== 'unicast';
}

export interface FetchOptions {
  /** Sent to the URL's origin only: a redirect to another origin drops them (credentials stay home). */
  headers?: Record<string, string>;
  redirects?: number;
  /**
   * An origin the operator configured (the Alfresco repository): private addresses are allowed for it
   * alone, never for another origin a redirect leads to.
   */
  trustedOrigin?: string;
  /** Epoch ms by which the whole document must have arrived (set on the first request, kept across redirects). */
  deadlineAt?: number;
}

/**
 * GETs a URL as a stream, checking every address the name resolves to at connect time (so a DNS answer
 * cannot swap in a private address after the check), with a size cap and a timeout.
 */
export async function fetchUrl(url: string, basePolicy: UrlPolicy, path: string, options: FetchOptions = {}): Promise<IncomingMessage> {
  const redirects = options.redirects ?? 0;
  const deadlineAt = options.deadlineAt ?? Date.now() + basePolicy.timeoutMs;
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new ConnectorError('INVALID_INPUT', `${path}: is not a valid URL`, { path });
  }
  const policy = { ...basePolicy, allowPrivateAddresses: basePolicy.allowPrivateAddresses || (options.trustedOrigin !== undefined && target.origin === options.trustedOrigin) };
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new ConnectorError('INVALID_INPUT', `${path}: only http and https URLs are allowed`, { path });
  }

  // Node does not call `lookup` for IP literals, so those are checked here.
  const literal = target.hostname.startsWith('[') ? target.hostname.slice(1, -1) : target.hostname;
  if (isIP(literal) && isPrivateAddress(literal) && !policy.allowPrivateAddresses) {
    throw new ConnectorError('FORBIDDEN', `${path}: ${literal} is a private or loopback address; the operator has not allowed those`, { path });
  }

  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const client = target.protocol === 'https:' ? https : http;
    // The deadline until the answer's head arrives; from then on withinDeadline bounds the body (a second timer
    // destroying the socket would end the body with ECONNRESET instead of the deadline's code).
    let total: NodeJS.Timeout | undefined;
    const lookup = guardedLookup(policy.allowPrivateAddresses, (hostname, address) =>
      new ConnectorError('FORBIDDEN', `${path}: ${hostname} resolves to a private or loopback address (${address}); the operator has not allowed those`, { path }));
    const request = client.get(target, { lookup, timeout: policy.timeoutMs, headers: options.headers }, (answer) => {
      clearTimeout(total);
      resolve(answer);
    });
    request.on('timeout', () => request.destroy(new ConnectorError('REQUEST_TIMEOUT', `${path}: no answer from ${target.host} within ${policy.timeoutMs} ms`, { path })));
    request.on('error', (e) => reject(e instanceof ConnectorError ? e : new ConnectorError('BAD_GATEWAY', `${path}: ${target.host} could not be reached: ${e.message}`, { path, cause: e })));
    total = setTimeout(() => request.destroy(overDeadline(path, target.host, basePolicy.timeoutMs)), Math.max(0, deadlineAt - Date.now()));
    request.on('close', () => clearTimeout(total));
  });

  const status = response.statusCode ?? 0;
  if (status >= 300 && status < 400 && response.headers.location) {
    response.resume();
    if (redirects >= MAX_REDIRECTS) throw new ConnectorError('BAD_GATEWAY', `${path}: too many redirects`, { path });
    const next = new URL(response.headers.location, target);
    const headers = next.origin === target.origin ? options.headers : undefined;
    return fetchUrl(next.toString(), basePolicy, path, { headers, redirects: redirects + 1, trustedOrigin: options.trustedOrigin, deadlineAt });
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
  return boundByDeadline(withinDeadline(capped(response, policy.maxBytes, path), deadlineAt, path, target.host, basePolicy.timeoutMs));
}

function overDeadline(path: string, host: string, ms: number): ConnectorError {
  return new ConnectorError('REQUEST_TIMEOUT', `${path}: the document from ${host} did not arrive whole within ${ms} ms (DOCUMENT_URL_TIMEOUT_MS)`, { path });
}

/** The body must have arrived whole by the deadline: the idle timeout alone lets a trickle go on forever. */
function withinDeadline(body: IncomingMessage, deadlineAt: number, path: string, host: string, ms: number): IncomingMessage {
  const timer = setTimeout(() => body.destroy(overDeadline(path, host, ms)), Math.max(0, deadlineAt - Date.now()));
  const clear = () => clearTimeout(timer);
  body.once('end', clear);
  body.once('close', clear);
  body.once('error', clear);
  return body;
}

/**
 * A `lookup` for sockets that checks every address a name resolves to when the connection is made (so a
 * DNS answer cannot swap in a private address after a check); `refusal` is the error for a private one.
 */
export function guardedLookup(allowPrivateAddresses: boolean, refusal: (hostname: string, address: string) => Error) {
  return (hostname: string, options: object, callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const list = addresses as LookupAddress[];
      const refused = list.find((a) => isPrivateAddress(a.address));
      if (refused && !allowPrivateAddresses) return callback(refusal(hostname, refused.address), []);
      const all = (options as { all?: boolean }).all;
      return all ? callback(null, list) : callback(null, list[0].address, list[0].family);
    });
  };
}

/** Passes the body through, failing the stream when it grows over the cap (servers may omit Content-Length). */
function capped(response: IncomingMessage, maxBytes: number, path: string): IncomingMessage {
  const limiter = capStream(response, maxBytes, () => new ConnectorError('REQUEST_TOO_LARGE', `${path}: the document is over the ${maxBytes}-byte limit`, { path }));
  return Object.assign(limiter, { headers: response.headers, statusCode: response.statusCode }) as unknown as IncomingMessage;
}
