import type { LambdaResult } from './handler';

/** The official connector's answer: `{statusCode, executedVersion, payload}`. */
export function presentCamundaLambda(result: LambdaResult): Record<string, unknown> {
  return { statusCode: result.lambdaStatus, executedVersion: result.executedVersion, payload: result.lambdaPayload };
}
