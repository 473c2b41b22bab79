import type { SqsResult } from './handler';

/** Our own answer: the result without the internal `action` tag. */
export function presentSqs(result: SqsResult): Record<string, unknown> {
  const { action: _action, ...answer } = result;
  return answer;
}

/** The official connector's answer: `{messageId}`. */
export function presentCamundaSqs(result: SqsResult): Record<string, unknown> {
  return { messageId: result.action === 'send' ? result.messageId : null };
}
