// A step that cannot be done (a mapping, a condition, an expression): it becomes an incident.
import type { IncidentErrorType } from '../api';
import { evaluateExpression, ExpressionError } from '../feel';

export class StepFailure extends Error {
  constructor(
    readonly errorType: IncidentErrorType,
    message: string,
  ) {
    super(message);
  }
}

/** Evaluates an expression of the model; a FEEL failure is a StepFailure of `errorType` saying `what` failed. */
export function evaluate(text: string, context: Record<string, unknown>, errorType: IncidentErrorType, what: string): unknown {
  try {
    return evaluateExpression(text, context);
  } catch (e) {
    if (e instanceof ExpressionError) throw new StepFailure(errorType, `${what}: ${e.message}`);
    throw e;
  }
}
