// What element processors see of the runtime, and the steps they answer with.
import type { Key } from '../api';
import type { Clock } from '../clock';
import type { FlowNode, ProcessModel } from '../model/model';
import type { Caught, ElementRow, InstanceRow } from '../rows';
import type { ElementInstances } from '../state/elements';
import type { Variables } from '../variables';
import type { EventBehaviour, Holder } from './behaviours/events';
import type { JobBehaviour } from './behaviours/jobs';

/** One move of a token; the execution loop performs them in order until every token waits. */
export type Step =
  | { op: 'activate'; instance: InstanceRow; nodeId: string; flowScopeKey: Key; variables?: Record<string, unknown>; caught?: Caught; loopCounter?: number }
  | { op: 'arrive'; instance: InstanceRow; flowId: string; flowScopeKey: Key }
  | { op: 'complete'; element: ElementRow }
  | { op: 'throw'; element: ElementRow; errorCode: string; errorMessage: string; variables: Record<string, unknown> }
  /** An event was triggered: a message or a timer for an event the holder subscribed to. */
  | { op: 'trigger'; instance: InstanceRow; holderKey: Key; eventId: string; caught: Caught };

export interface Runtime {
  readonly clock: Clock;
  readonly variables: Variables;
  readonly elements: ElementInstances;
  readonly jobs: JobBehaviour;
  readonly events: EventBehaviour;
  model(processDefinitionKey: Key): ProcessModel;
  node(element: ElementRow): FlowNode;
  holder(element: ElementRow): Holder;
  /** Terminates the element instance and everything in it; its flow scope has one token less. */
  terminate(element: ElementRow): void;
  /** Terminates every active element instance in the scope (and below); the scope has no tokens left. */
  terminateChildren(scopeKey: Key): void;
}

/** The behaviour of one element kind (Zeebe's BpmnElementProcessor): activate, complete, terminate. */
export interface ElementProcessor {
  /** After the input mappings: what the element does. Returns the steps that follow; none = it waits. */
  activate(rt: Runtime, element: ElementRow, node: FlowNode, instance: InstanceRow): Step[];
  /** Before the output mappings of a completing element (a multi-instance body sets its output collection). */
  completing?(rt: Runtime, element: ElementRow, node: FlowNode): void;
  /** The flows it leaves by; default: all outgoing flows. */
  outgoing?(rt: Runtime, element: ElementRow, node: FlowNode): string[];
  /** Before a child of the scope completes (after its output mappings and end listeners); a failure is the child's incident. */
  childCompleting?(rt: Runtime, scope: ElementRow, node: FlowNode, child: ElementRow): void;
  /** A scope's child completed (its token is already released); default: the scope completes when no token is left. */
  childCompleted?(rt: Runtime, scope: ElementRow, node: FlowNode, child: ElementRow, instance: InstanceRow): Step[];
}
