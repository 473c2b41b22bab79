// Optional authentication of every client, gRPC and REST alike, set by one variable (ENGINE_AUTH):
//   bearer:<token>              clients send `authorization: Bearer <token>`
//                               (@camunda8/sdk: CAMUNDA_AUTH_STRATEGY=BEARER, CAMUNDA_OAUTH_TOKEN=<token>)
//   basic:<username>:<password> clients send `authorization: Basic base64(username:password)`
//                               (@camunda8/sdk: CAMUNDA_AUTH_STRATEGY=BASIC, CAMUNDA_BASIC_AUTH_USERNAME, CAMUNDA_BASIC_AUTH_PASSWORD)
// Without it, anyone who reaches the ports can do anything (README, "Authentication").

import { createHash, timingSafeEqual } from 'node:crypto';

export interface EngineAuth {
  scheme: 'Bearer' | 'Basic';
  /** Whether an `authorization` header value is the expected one (compared in constant time). */
  accepts(header: string | undefined): boolean;
}

export function parseEngineAuth(text: string | undefined): EngineAuth | undefined {
  if (text === undefined || text === '') return undefined;
  const colon = text.indexOf(':');
  const kind = colon < 0 ? '' : text.slice(0, colon).toLowerCase();
  const rest = colon < 0 ? '' : text.slice(colon + 1);
  if (kind === 'bearer' && rest.length >= 16 && /^[\x21-\x7e]+$/.test(rest)) return expecting('Bearer', `Bearer ${rest}`);
  const separator = rest.indexOf(':');
  if (kind === 'basic' && separator > 0 && rest.length - separator - 1 >= 12) return expecting('Basic', `Basic ${Buffer.from(rest).toString('base64')}`);
  throw new Error('ENGINE_AUTH must be bearer:<token of at least 16 printable characters> or basic:<username>:<password of at least 12 characters>');
}

function expecting(scheme: EngineAuth['scheme'], expected: string): EngineAuth {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  const wanted = digest(expected);
  return { scheme, accepts: (header) => header !== undefined && timingSafeEqual(digest(header), wanted) };
}

/** Loopback addresses and names: the only ones the engine binds without authentication. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return bare === 'localhost' || bare === '::1' || /^127(?:\.\d{1,3}){3}$/.test(bare);
}
