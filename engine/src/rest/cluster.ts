// GET /v2/topology (REST spells partition roles and health in lower case) and GET /v2/status.

import type { EngineApi } from '../api';
import { sendJson, sendNoContent, type Route } from './http';

export function clusterRoutes(engine: EngineApi): Route[] {
  return [
    {
      method: 'GET',
      path: '/v2/topology',
      handle({ res }) {
        const topology = engine.topology();
        sendJson(res, 200, {
          ...topology,
          brokers: topology.brokers.map((broker) => ({
            ...broker,
            partitions: broker.partitions.map((p) => ({ partitionId: p.partitionId, role: p.role.toLowerCase(), health: p.health.toLowerCase() })),
          })),
        });
      },
    },
    { method: 'GET', path: '/v2/status', handle: ({ res }) => sendNoContent(res) },
  ];
}
