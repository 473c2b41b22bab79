import { verify, X509Certificate } from 'node:crypto';
import { Readable } from 'node:stream';
import { ConnectorError } from '../runtime/errors';
import { readAtMost } from '../runtime/byte-cap';

/** The fields of an SNS HTTP(S) message that its signature covers, per type, in AWS's order. */
const SIGNED_FIELDS: Record<string, string[]> = {
  Notification: ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'],
  SubscriptionConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
  UnsubscribeConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
};

const AWS_SNS_HOST = /^sns\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/;
const MAX_CERTIFICATE_BYTES = 64 * 1024;
const FETCH_TIMEOUT_MS = 5000;
const MAX_CACHED = 50;

export class SnsVerificationError extends Error {}

/** The text SNS signed: `Name\nValue\n` for each signed field the message has (Subject only when present). */
export function stringToSign(message: Record<string, unknown>): string {
  const fields = SIGNED_FIELDS[String(message.Type)];
  if (!fields) throw new SnsVerificationError(`unknown SNS message type '${String(message.Type).slice(0, 40)}'`);
  let text = '';
  for (const field of fields) {
    const value = message[field];
    if (value === undefined || value === null) {
      if (field === 'Subject') continue;
      throw new SnsVerificationError(`the SNS message has no ${field}`);
    }
    text += `${field}\n${String(value)}\n`;
  }
  return text;
}

/**
 * A URL SNS gives (SigningCertURL, SubscribeURL) is used only when it points at SNS itself: https on
 * sns.<region>.amazonaws.com of the topic's region, or a host the operator allows (SNS_SIGNING_CERT_ALLOWED_HOSTS,
 * `host` or `host:port`; those may use plain http, as a local emulator does).
 */
export function trustedSnsUrl(text: unknown, topicRegion: string, allowedHosts: readonly string[], what: string): URL {
  let url: URL;
  try {
    url = new URL(String(text));
  } catch {
    throw new SnsVerificationError(`${what} is not a URL`);
  }
  if (url.username || url.password) throw new SnsVerificationError(`${what} carries user info`);
  if (allowedHosts.includes(url.host.toLowerCase()) && (url.protocol === 'https:' || url.protocol === 'http:')) return url;
  const aws = AWS_SNS_HOST.exec(url.hostname.toLowerCase());
  if (url.protocol !== 'https:' || !aws || url.port !== '') throw new SnsVerificationError(`${what} ${url.origin} is not an SNS host (sns.<region>.amazonaws.com) or a host the operator allows`);
  if (aws[1] !== topicRegion) throw new SnsVerificationError(`${what} is for region ${aws[1]}, the topic is in ${topicRegion}`);
  return url;
}

/** The signing certificates, fetched (without redirects, size-capped) from trusted URLs only, and cached. */
export class CertificateStore {
  private readonly cache = new Map<string, Promise<X509Certificate>>();

  constructor(readonly allowedHosts: readonly string[], private readonly fetchImpl: typeof fetch = fetch) {}

  /** Checks the message's signature (SignatureVersion 1: SHA1withRSA, 2: SHA256withRSA); throws when it does not hold. */
  async verify(message: Record<string, unknown>): Promise<void> {
    const version = String(message.SignatureVersion ?? '');
    const algorithm = version === '1' ? 'sha1' : version === '2' ? 'sha256' : undefined;
    if (!algorithm) throw new SnsVerificationError(`unsupported SignatureVersion '${version.slice(0, 10)}'`);
    if (typeof message.Signature !== 'string' || message.Signature === '') throw new SnsVerificationError('the message is not signed');
    const signature = Buffer.from(message.Signature, 'base64');
    // SNS signs with RSA keys of 2048 bits or more: anything shorter is refused before a certificate is fetched.
    if (signature.length < 256) throw new SnsVerificationError('the signature is malformed');
    const region = regionOfTopic(message.TopicArn);
    const url = trustedSnsUrl(message.SigningCertURL, region, this.allowedHosts, 'SigningCertURL');
    if (!url.pathname.endsWith('.pem')) throw new SnsVerificationError('SigningCertURL does not name a .pem certificate');
    const certificate = await this.certificate(url.href);
    const now = Date.now();
    if (Date.parse(certificate.validFrom) > now || Date.parse(certificate.validTo) < now) throw new SnsVerificationError('the signing certificate is not valid now');
    const ok = verify(algorithm, Buffer.from(stringToSign(message), 'utf8'), certificate.publicKey, signature);
    if (!ok) throw new SnsVerificationError('the signature does not match the message');
  }

  private certificate(href: string): Promise<X509Certificate> {
    let pending = this.cache.get(href);
    if (!pending) {
      pending = this.fetchCertificate(href);
      this.cache.set(href, pending);
      pending.catch(() => this.cache.delete(href));
      if (this.cache.size > MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
    }
    return pending;
  }

  private async fetchCertificate(href: string): Promise<X509Certificate> {
    const response = await this.fetchImpl(href, { redirect: 'error', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    if (!response.ok || !response.body) throw new SnsVerificationError(`the signing certificate could not be fetched (HTTP ${response.status})`);
    const pem = (await readAtMost(Readable.fromWeb(response.body as never), MAX_CERTIFICATE_BYTES, () => new ConnectorError('REQUEST_TOO_LARGE', 'the signing certificate is too large'))).toString('utf8');
    try {
      return new X509Certificate(pem);
    } catch {
      throw new SnsVerificationError('the signing certificate is not a PEM certificate');
    }
  }
}

/** The region of `arn:aws:sns:<region>:<account>:<topic>`. */
export function regionOfTopic(arn: unknown): string {
  const parts = String(arn ?? '').split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || parts[2] !== 'sns' || !parts[3]) throw new SnsVerificationError('TopicArn is not an SNS topic ARN');
  return parts[3];
}
