import type { CamundaRestClient } from '@camunda8/sdk/dist/c8/lib/CamundaRestClient';
import type { DefinitionRef } from './inbound-elements';
import type { DefinitionSource } from './discovery';

const PAGE = 100;
/** More than any cluster deploys; a bound so that a misbehaving answer cannot page forever. */
const MAX_DEFINITIONS = 100_000;

interface DefinitionItem { processDefinitionKey: string | number; processDefinitionId: string; version: number; tenantId?: string }

/**
 * Deployed process definitions through the orchestration cluster's REST API (Camunda 8.8+):
 * POST /v2/process-definitions/search (filtered on isLatestVersion where the cluster knows that filter,
 * else every version, reduced to the latest here) and GET /v2/process-definitions/{key}/xml.
 */
export function restDefinitionSource(rest: () => CamundaRestClient): DefinitionSource {
  let latestFilter = true;
  return {
    async latestDefinitions() {
      let items: DefinitionItem[];
      if (latestFilter) {
        try {
          items = await all(rest(), { isLatestVersion: true });
        } catch (error) {
          if (!isBadRequest(error)) throw error;
          latestFilter = false;
          items = await all(rest(), {});
        }
      } else {
        items = await all(rest(), {});
      }
      const latest = new Map<string, DefinitionRef>();
      for (const item of items) {
        const ref: DefinitionRef = {
          processDefinitionKey: String(item.processDefinitionKey), bpmnProcessId: item.processDefinitionId,
          version: Number(item.version), tenantId: item.tenantId ?? '<default>',
        };
        const id = `${ref.tenantId}|${ref.bpmnProcessId}`;
        if ((latest.get(id)?.version ?? -1) < ref.version) latest.set(id, ref);
      }
      return [...latest.values()];
    },
    xml: (key) => rest().getProcessDefinitionXML(key),
  };
}

async function all(rest: CamundaRestClient, filter: Record<string, unknown>): Promise<DefinitionItem[]> {
  const items: DefinitionItem[] = [];
  for (let from = 0; from < MAX_DEFINITIONS; from += PAGE) {
    const answer = await rest.searchProcessDefinitions({ filter, page: { from, limit: PAGE }, sort: [{ field: 'processDefinitionKey', order: 'ASC' }] } as never) as unknown as { items?: DefinitionItem[] };
    const page = answer.items ?? [];
    items.push(...page);
    if (page.length < PAGE) break;
  }
  return items;
}

function isBadRequest(error: unknown): boolean {
  const e = error as { statusCode?: number; response?: { statusCode?: number }; message?: string };
  return e.statusCode === 400 || e.response?.statusCode === 400 || /\b400\b/.test(e.message ?? '');
}
