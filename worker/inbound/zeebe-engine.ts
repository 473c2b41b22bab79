import type { ZeebeGrpcClient } from '@camunda8/sdk/dist/zeebe';
import { ConnectorError } from '../runtime/errors';
import type { InboundEngine } from './correlation';

const ALREADY_EXISTS = 6;

/**
 * The engine side of inbound connectors over the Zeebe gateway's gRPC API: PublishMessage (ALREADY_EXISTS,
 * a message id still buffered, is a duplicate) and CreateProcessInstance of one version.
 */
export function zeebeEngine(zeebe: () => ZeebeGrpcClient): InboundEngine {
  return {
    async publishMessage(m) {
      try {
        const answer = await zeebe().publishMessage({
          name: m.name, correlationKey: m.correlationKey, messageId: m.messageId || undefined,
          timeToLive: m.timeToLiveMs, variables: m.variables as never, tenantId: m.tenantId || undefined,
        });
        // The SDK answers null instead of failing once its channel is closing: the engine accepted nothing.
        if (!answer) throw new ConnectorError('SERVICE_UNAVAILABLE', 'The Zeebe client is closing; the message was not published');
        return 'published';
      } catch (error) {
        if ((error as { code?: number }).code === ALREADY_EXISTS) return 'duplicate';
        throw error;
      }
    },
    async createProcessInstance(s) {
      const answer = await zeebe().createProcessInstance({
        bpmnProcessId: s.bpmnProcessId, version: s.version, variables: s.variables as never, tenantId: s.tenantId || undefined,
      });
      if (!answer) throw new ConnectorError('SERVICE_UNAVAILABLE', 'The Zeebe client is closing; no instance was created');
    },
  };
}
