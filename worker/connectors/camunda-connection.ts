import { Type, type Static } from '@sinclair/typebox';
import type { AwsAuthentication } from '../aws/credentials';
import { ConnectorError } from '../runtime/errors';
import { isPlainObject } from '../runtime/expressions';
import { CREDENTIAL } from './aws-input';

/** The AWS inputs every official connector template binds (all versions; `awsCredential` since 8.10). */
export const CamundaConnectionSchema = {
  authentication: Type.Optional(Type.Object({
    type: Type.Optional(Type.String()), accessKey: Type.Optional(Type.String({ pattern: CREDENTIAL })), secretKey: Type.Optional(Type.String({ pattern: CREDENTIAL })),
  })),
  awsCredential: Type.Optional(Type.Unknown()),
  configuration: Type.Optional(Type.Object({ region: Type.Optional(Type.String()), endpoint: Type.Optional(Type.String()) })),
};

type CamundaConnection = Static<ReturnType<typeof Type.Object<typeof CamundaConnectionSchema>>>;

/** Missing `authentication.type` means credentials (old templates had no type); `awsCredential` (8.10) wins. */
export function camundaConnection(v: CamundaConnection) {
  const credential = isPlainObject(v.awsCredential) ? v.awsCredential : undefined;
  const auth = (isPlainObject(credential?.authentication) ? credential.authentication : v.authentication) ?? {};
  const type = (auth.type ?? 'credentials') as AwsAuthentication['type'];
  if (type !== 'credentials' && type !== 'defaultCredentialsChain') {
    throw new ConnectorError('INVALID_INPUT', `authentication.type: must be "credentials" or "defaultCredentialsChain", got ${JSON.stringify(auth.type)}`, { path: 'authentication.type' });
  }
  const region = v.configuration?.region || (typeof credential?.region === 'string' ? credential.region : undefined);
  return {
    authentication: { type, accessKey: auth.accessKey as string | undefined, secretKey: auth.secretKey as string | undefined },
    configuration: { region, endpoint: v.configuration?.endpoint || undefined },
  };
}
