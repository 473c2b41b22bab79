// Zeebe gateway defaults, shared by the gRPC and the REST layer.

/** The request timeout when a create-with-result request gives none (zeebe.gateway.cluster.requestTimeout). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

/** The long-polling time of a job activation with requestTimeout 0 (zeebe.gateway.longPolling.timeout). */
export const DEFAULT_LONG_POLL_MS = 10_000;
