import type { Logger } from 'pino';
import type { AwsClientFactory } from '../aws/clients';
import type { ClusterClient } from '../runtime/cluster-client';
import type { WorkerMetrics } from '../runtime/metrics';
import type { SecretMasker, SecretResolver } from '../runtime/secrets';
import type { InboundEngine } from './correlation';
import { restDefinitionSource } from './definition-source';
import { InboundDiscovery, type ActiveSubscription, type Activator, type DefinitionSource } from './discovery';
import type { InboundKind } from './inbound-types';
import { connectorProperties } from './element-properties';
import { eventBridgeHandler, eventBridgeSettings } from './eventbridge-webhook';
import { snsHandler, snsSettings } from './sns-webhook';
import { CertificateStore } from './sns-signature';
import { startSqsConsumer } from './sqs-consumer';
import type { WebhookRouter } from './webhook-router';
import { zeebeEngine } from './zeebe-engine';

/** The inbound settings of worker/config.ts. */
export interface InboundSettings {
  enabled: boolean;
  pollIntervalMs: number;
  webhookMaxBodyBytes: number;
  webhookAllowNoAuth: boolean;
  snsCertAllowedHosts: string[];
}

export interface InboundDeps {
  settings: InboundSettings;
  cluster: ClusterClient;
  aws: AwsClientFactory;
  secrets: SecretResolver;
  logMasker: SecretMasker;
  router: WebhookRouter;
  log: Logger;
  metrics?: WorkerMetrics;
  /** Tests give their own; by default the cluster's REST API and gRPC gateway. */
  source?: DefinitionSource;
  engine?: InboundEngine;
}

/**
 * Starts inbound connectors: discovery of the deployed inbound elements, an SQS poller or a webhook per group
 * of elements. Every replica runs it: SQS gives each message to one reader, and a load balancer gives each
 * webhook call to one replica.
 */
export function startInbound(deps: InboundDeps): { discovery: InboundDiscovery; stop(): Promise<void> } {
  const log = deps.log.child({ inbound: true });
  const engine = deps.engine ?? zeebeEngine(() => deps.cluster.zeebe());
  const source = deps.source ?? restDefinitionSource(() => deps.cluster.camundaRest());
  const mask = (text: string) => deps.logMasker.maskText(text);
  const certificates = new CertificateStore(deps.settings.snsCertAllowedHosts);

  const recorder = (kind: InboundKind) => (outcome: string) => deps.metrics?.inboundEvents.inc({ connector: kind, outcome });

  const activate: Activator = async (kind, elements) => {
    const record = recorder(kind);
    // Placeholders in the element's connector properties are the model's own (its author wrote them there).
    const { value: connector, secretValues } = await deps.secrets.resolve(connectorProperties(elements[0].properties));
    deps.logMasker.add(secretValues);
    switch (kind) {
      case 'sqs':
        return startSqsConsumer(elements, connector, { aws: deps.aws, engine, log, mask, record });
      case 'eventbridge': {
        const settings = eventBridgeSettings(connector, deps.settings.webhookAllowNoAuth);
        return webhook(deps.router.register(settings.context, eventBridgeHandler(elements, settings, engine, mask, record)));
      }
      case 'sns': {
        const settings = snsSettings(connector);
        return webhook(deps.router.register(settings.context, snsHandler(elements, settings, engine, certificates, log, mask, record)));
      }
    }
  };

  const discovery = new InboundDiscovery(source, activate, log, deps.settings.pollIntervalMs);
  discovery.start();
  log.info({ pollIntervalMs: deps.settings.pollIntervalMs }, 'inbound connectors started');
  return { discovery, stop: () => discovery.stop() };
}

function webhook(unregister: () => void): ActiveSubscription {
  return { stop: async () => unregister() };
}
