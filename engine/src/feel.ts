// Expressions as Zeebe reads them: text starting with `=` is FEEL (evaluated with feelin, null-friendly as
// Zeebe's FEEL engine is), anything else is a static string.
import { evaluate, parseExpression } from 'feelin';

export function isExpression(text: string): boolean {
  return text.trimStart().startsWith('=');
}

function feelSource(text: string): string {
  return text.trimStart().slice(1);
}

/** Why an expression does not parse, or undefined when it does (static text always does). */
export function checkExpression(text: string): string | undefined {
  if (!isExpression(text)) return undefined;
  const source = feelSource(text);
  if (source.trim() === '') return 'the expression is empty';
  let problem: string | undefined;
  parseExpression(source, {}, undefined).iterate({
    enter: (node) => {
      if (problem === undefined && node.type.isError) problem = `syntax error at position ${node.from}`;
      return problem === undefined;
    },
  });
  return problem;
}

export class ExpressionError extends Error {}

/** Camunda's FEEL built-in `assert(value, condition[, cause])`: the evaluation fails unless the condition holds. */
function assert(value: unknown, condition: unknown, cause?: unknown): unknown {
  if (condition !== true) throw new Error(typeof cause === 'string' ? cause : 'The condition is not fulfilled');
  return value;
}

/** Evaluates `text` against `context`; static text is its own value. Throws ExpressionError when FEEL fails. */
export function evaluateExpression(text: string, context: Record<string, unknown>): unknown {
  if (!isExpression(text)) return text;
  try {
    return toJson(evaluate(feelSource(text), { assert, ...context }).value);
  } catch (e) {
    throw new ExpressionError(`failed to evaluate expression '${feelSource(text)}': ${(e as Error).message}`);
  }
}

/** FEEL values (dates, durations, ranges, functions) as the JSON a variable can hold. */
function toJson(value: unknown): unknown {
  if (value === undefined || typeof value === 'function') return null;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(toJson);
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return String(value);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
}
