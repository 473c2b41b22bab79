// Event subscriptions (docs: Components > Concepts > Messages; Components > Modeler > BPMN > Timer events):
// the message subscriptions and timers an element instance holds for its catch events, its boundary events
// and the start events of the event sub-processes in it. Names, correlation keys and timer values are
// evaluated when the element is entered; a buffered message that matches is correlated at once.
import type { Key } from '../../api';
import type { Clock } from '../../clock';
import type { FlowNode } from '../../model/model';
import type { Caught, MessageRow } from '../../rows';
import type { Messages } from '../../state/messages';
import type { MessageSubscriptions } from '../../state/subscriptions';
import type { Timers } from '../../state/timers';
import { evaluate, StepFailure } from '../failure';
import { planTimer } from './timer-values';

/** The element instance (or process instance) that holds the subscriptions. */
export interface Holder {
  key: Key;
  processInstanceKey: Key;
  processDefinitionKey: Key;
  tenantId: string;
}

/** An event to trigger: the event node and what it caught. */
export interface Triggered {
  eventId: string;
  caught: Caught;
}

export class EventBehaviour {
  constructor(
    private readonly clock: Clock,
    private readonly newKey: () => Key,
    private readonly subscriptions: MessageSubscriptions,
    private readonly timers: Timers,
    private readonly messages: Messages,
  ) {}

  /**
   * Opens a subscription or a timer for each event, evaluated in `context`. Returns the first event a
   * buffered message triggers at once. Throws StepFailure when a value cannot be evaluated (nothing is opened then).
   */
  open(holder: Holder, events: FlowNode[], context: Record<string, unknown>): Triggered | undefined {
    const plans = events.map((node) => ({ node, plan: this.plan(node, context) }));
    let triggered: Triggered | undefined;
    for (const { node, plan } of plans) {
      if (plan.kind === 'message') {
        this.subscriptions.open({
          subscriptionKey: this.newKey(),
          messageName: plan.name,
          correlationKey: plan.correlationKey,
          processInstanceKey: holder.processInstanceKey,
          processDefinitionKey: holder.processDefinitionKey,
          elementInstanceKey: holder.key,
          elementId: node.id,
          interrupting: node.interrupting !== false,
          tenantId: holder.tenantId,
        });
        if (!triggered) {
          const message = this.messages.find(holder.tenantId, plan.name, plan.correlationKey, this.clock.now()).find((m) => !m.correlated.includes(holder.processInstanceKey));
          if (message) triggered = { eventId: node.id, caught: { variables: this.correlate(message, holder.processInstanceKey) } };
        }
      } else if (plan.kind === 'timer') {
        this.timers.add({ timerKey: this.newKey(), processDefinitionKey: holder.processDefinitionKey, elementId: node.id, elementInstanceKey: holder.key, processInstanceKey: holder.processInstanceKey, tenantId: holder.tenantId, ...plan.plan });
      }
    }
    return triggered;
  }

  /** Closes the subscriptions and timers the holder has (only those of `eventIds` when given). */
  closeFor(holderKey: Key, eventIds?: Set<string>): void {
    this.subscriptions.closeFor(holderKey, eventIds);
    this.timers.removeFor(holderKey, eventIds);
  }

  /** Marks a buffered message correlated to the process instance; its variables. */
  correlate(message: MessageRow, processInstanceKey: Key): Record<string, unknown> {
    message.correlated.push(processInstanceKey);
    this.messages.update(message);
    return message.variables;
  }

  private plan(node: FlowNode, context: Record<string, unknown>) {
    const event = node.event;
    if (event?.kind === 'message') {
      const name = evaluate(event.messageName, context, 'EXTRACT_VALUE_ERROR', `the message name of '${node.id}'`);
      if (typeof name !== 'string' || name === '') throw new StepFailure('EXTRACT_VALUE_ERROR', `Expected the message name of '${node.id}' to be a non-empty string, but was '${JSON.stringify(name)}'`);
      return { kind: 'message' as const, name, correlationKey: correlationKeyOf(node, event.correlationKey, context) };
    }
    if (event?.kind === 'timer') {
      const value = evaluate(event.timer.expression, context, 'EXTRACT_VALUE_ERROR', `the timer of '${node.id}'`);
      try {
        return { kind: 'timer' as const, plan: planTimer(event.timer.type, value, this.clock.now()) };
      } catch (e) {
        throw new StepFailure('EXTRACT_VALUE_ERROR', `the timer of '${node.id}': ${(e as Error).message}`);
      }
    }
    return { kind: 'none' as const };
  }
}

/** A correlation key is a string or a number, as Zeebe requires. */
function correlationKeyOf(node: FlowNode, expression: string | undefined, context: Record<string, unknown>): string {
  const value = evaluate(expression ?? '', context, 'EXTRACT_VALUE_ERROR', `Failed to extract the correlation key for '${node.id}'`);
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  const type = value === null ? 'NULL' : Array.isArray(value) ? 'ARRAY' : typeof value === 'object' ? 'OBJECT' : typeof value === 'boolean' ? 'BOOLEAN' : 'UNKNOWN';
  throw new StepFailure('EXTRACT_VALUE_ERROR', `Failed to extract the correlation key for '${node.id}': The value must be either a string or a number, but was '${type}'.`);
}
