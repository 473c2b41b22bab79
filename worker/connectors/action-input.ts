import type { TSchema } from '@sinclair/typebox';
import { isPlainObject } from '../runtime/expressions';
import { validateInput } from '../runtime/validation';

/**
 * Validates `action.type` first, then the whole input against that action's schema, so that a modeler
 * sees the errors of the action they chose, not of every action. The seeds' spelling of an action
 * (`ENTITY`, `KEY_PHRASES`, `LABEL`, `EXTRACT`) is read as ours (`entity`, `keyPhrases`, `label`, `extract`).
 */
export function readActionInput<T>(discriminator: TSchema, schemas: Record<string, TSchema>, variables: Record<string, unknown>): T {
  const normalised = withActionType(variables, Object.keys(schemas));
  // The discriminator's schema may give a default type, which the action's own schema then sees.
  const { action } = validateInput(discriminator, normalised) as { action: { type: string } };
  const typed = isPlainObject(normalised.action) ? { ...normalised, action: { ...normalised.action, type: action.type } } : normalised;
  return validateInput(schemas[action.type], typed) as T;
}

function withActionType(variables: Record<string, unknown>, choices: string[]): Record<string, unknown> {
  const action = variables.action;
  if (!isPlainObject(action) || typeof action.type !== 'string') return variables;
  const key = (name: string) => name.replace(/_/g, '').toLowerCase();
  const choice = choices.find((c) => key(c) === key(action.type as string));
  return choice && choice !== action.type ? { ...variables, action: { ...action, type: choice } } : variables;
}
