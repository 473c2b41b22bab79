/** Options of every Comprehend call of one task: `action.timeout` aborts them. */
export interface CallOptions {
  abortSignal?: AbortSignal;
}
