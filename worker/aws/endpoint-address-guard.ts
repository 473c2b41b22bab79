import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { ConnectorError } from '../runtime/errors';
import { guardedLookup, isPrivateAddress } from '../runtime/url-fetch';

/**
 * An endpoint a model names (`configuration.endpoint`) passed the allow-list by its name; the address it
 * connects to is checked too, as document URLs are: an allowed `*.amazonaws.com` name that resolves to an
 * internal load balancer or a VPC endpoint's private address is refused unless the operator allows private
 * addresses (AWS_ENDPOINT_ALLOW_PRIVATE_ADDRESSES). The check runs in the sockets' own `lookup`, at every
 * connection, so re-resolving the name cannot get round it.
 */
export function modelEndpointHandler(allowPrivateAddresses: boolean): S3ClientConfig['requestHandler'] {
  const lookup = guardedLookup(allowPrivateAddresses, (hostname, address) => refusal(`${hostname} resolves to a private, loopback or link-local address (${address})`));
  const agent = { keepAlive: true, maxSockets: 50, lookup } as http.AgentOptions;
  return { httpAgent: new http.Agent(agent), httpsAgent: new https.Agent(agent) } as S3ClientConfig['requestHandler'];
}

/** Sockets do not look IP literals up, so a literal endpoint is checked when the client is asked for. */
export function checkEndpointLiteral(url: URL, allowPrivateAddresses: boolean): void {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (!allowPrivateAddresses && isIP(host) !== 0 && isPrivateAddress(host)) throw refusal(`${host} is a private, loopback or link-local address`);
}

function refusal(why: string): ConnectorError {
  return new ConnectorError('INVALID_INPUT', `configuration.endpoint: ${why}; the operator has not allowed endpoints at such addresses (AWS_ENDPOINT_ALLOW_PRIVATE_ADDRESSES)`, {
    path: 'configuration.endpoint',
  });
}
