// The one guard on element instance states: an active element instance completes or is terminated, once.
import type { ElementInstanceState } from '../api';
import type { ElementRow } from '../rows';

const ALLOWED: Record<ElementInstanceState, ElementInstanceState[]> = {
  ACTIVE: ['COMPLETED', 'TERMINATED'],
  COMPLETED: [],
  TERMINATED: [],
};

export function canTransition(from: ElementInstanceState, to: ElementInstanceState): boolean {
  return ALLOWED[from].includes(to);
}

/** Moves the element to `to`; an illegal transition is a bug of the engine, not of the model. */
export function transition(element: ElementRow, to: ElementInstanceState, at: string): void {
  if (!canTransition(element.state, to)) throw new Error(`illegal transition of element instance '${element.elementInstanceKey}' (${element.elementId}) from ${element.state} to ${to}`);
  element.state = to;
  element.endDate = at;
  element.hasIncident = false;
  element.completion = undefined;
  element.pending = undefined;
}
