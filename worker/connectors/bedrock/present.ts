import type { ConverseResult } from './handler';

/** Camunda's converse answer: the whole conversation, `contentList` per message, an assistant's non-text blocks as {}. */
export function presentCamundaConverse(result: ConverseResult): unknown[] {
  return result.messages.map((m) => ({
    role: m.role,
    contentList: m.content.map((block) => {
      if (m.role === 'assistant') return typeof block.text === 'string' ? { text: block.text } : {};
      return block;
    }),
  }));
}
