/**
 * How long a job may still run once it gets one of the worker's slots. Zeebe pushes jobs (streaming, or
 * polling up to the concurrency) that may wait for a slot while their activation timeout runs; a job whose
 * timeout has passed is already Zeebe's again (another worker may be running it), so running it too would
 * only repeat its side effects. Measured on the worker's own clock from when the job arrived, so clock skew
 * with the broker cannot matter; the margin keeps the end of a job clear of the timeout.
 */
export function slotBudgetMs(jobTimeoutMs: number, arrivedAt: number, now = Date.now()): number {
  const margin = Math.min(10_000, Math.floor(jobTimeoutMs / 10));
  return jobTimeoutMs - (now - arrivedAt) - margin;
}

/** Below this a job is not started: its timeout would end before any AWS call could. */
export const MIN_SLOT_BUDGET_MS = 500;
