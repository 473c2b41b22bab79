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

/**
 * A job that waited for a slot more than half its timeout is not started: its short budget would cut its AWS
 * call midway (a write may then land and be repeated by the retry); Zeebe activates it again, with a full timeout.
 */
export function worthStarting(jobTimeoutMs: number, budgetMs: number): boolean {
  return budgetMs >= Math.max(500, jobTimeoutMs / 2 - Math.min(10_000, Math.floor(jobTimeoutMs / 10)));
}
