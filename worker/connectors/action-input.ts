import type { TSchema } from '@sinclair/typebox';
import { validateInput } from '../runtime/validation';

/**
 * Validates `action.type` first, then the whole input against that action's schema, so that a modeler
 * sees the errors of the action they chose, not of every action.
 */
export function readActionInput<T>(discriminator: TSchema, schemas: Record<string, TSchema>, variables: Record<string, unknown>): T {
  const { action } = validateInput(discriminator, variables) as { action: { type: string } };
  return validateInput(schemas[action.type], variables) as T;
}
