// Multi-instance activities (docs: Components > Modeler > BPMN > Multi-instance): the body evaluates the input
// collection and runs one inner instance per item, all at once (parallel) or one after the other (sequential),
// each with its `inputElement` and `loopCounter` as local variables. The output collection holds each inner
// instance's `outputElement` at its item's position; the completion condition, when it holds after an inner
// instance completed, terminates the others. The output collection is propagated when the body completes.
import type { FlowNode } from '../../model/model';
import type { ElementRow, InstanceRow } from '../../rows';
import { evaluate, StepFailure } from '../failure';
import type { ElementProcessor, Runtime, Step } from '../context';

function innerStep(rt: Runtime, body: ElementRow, node: FlowNode, instance: InstanceRow, index: number): Step {
  const mi = node.multiInstance!;
  const items = rt.variables.local(body.elementInstanceKey)[ITEMS] as unknown[];
  const variables: Record<string, unknown> = { loopCounter: index + 1 };
  if (mi.inputElement) variables[mi.inputElement] = items[index] ?? null;
  body.loop!.started += 1;
  return { op: 'activate', instance, nodeId: innerId(node), flowScopeKey: body.elementInstanceKey, variables, loopCounter: index + 1 };
}

/** The inner activity's id (the body's id is `<id>#multiInstanceBody`). */
const innerId = (body: FlowNode) => body.id.slice(0, body.id.indexOf('#'));
/** The input collection as evaluated on activation, kept as a local variable of the body. */
const ITEMS = 'items#multiInstance';

export const multiInstanceBody: ElementProcessor = {
  activate(rt, body, node, instance) {
    const mi = node.multiInstance!;
    const context = rt.variables.visible(body.elementInstanceKey);
    const items = evaluate(mi.inputCollection, context, 'EXTRACT_VALUE_ERROR', 'the multi-instance input collection');
    if (!Array.isArray(items)) {
      throw new StepFailure('EXTRACT_VALUE_ERROR', `Expected result of the expression '${mi.inputCollection.replace(/^\s*=/, '')}' to be 'ARRAY', but was '${items === null ? 'NULL' : typeof items === 'object' ? 'OBJECT' : typeof items === 'string' ? 'STRING' : typeof items === 'number' ? 'NUMBER' : 'BOOLEAN'}'.`);
    }
    body.tokens = 0;
    body.joins = {};
    body.loop = { size: items.length, started: 0, completed: 0 };
    const local: Record<string, unknown> = { [ITEMS]: items };
    if (mi.outputCollection) local[mi.outputCollection] = items.map(() => null);
    rt.variables.setLocal(body.elementInstanceKey, body.processInstanceKey, body.tenantId, local);
    if (items.length === 0) return [{ op: 'complete', element: body }];
    const first = mi.sequential ? [0] : items.map((_, i) => i);
    const steps = first.map((i) => innerStep(rt, body, node, instance, i));
    rt.elements.put(body);
    return steps;
  },

  // Before the inner instance completes, so that a failing output element or completion condition is an incident
  // of the inner instance (as in Zeebe), whose completion is done again when it is resolved.
  childCompleting(rt, body, node, child) {
    const mi = node.multiInstance!;
    const loop = body.loop!;
    const context = rt.variables.visible(child.elementInstanceKey);
    if (mi.outputCollection) {
      const value = mi.outputElement ? evaluate(mi.outputElement, context, 'EXTRACT_VALUE_ERROR', 'the multi-instance output element') : null;
      const collection = [...((rt.variables.local(body.elementInstanceKey)[mi.outputCollection] as unknown[]) ?? [])];
      collection[(child.loopCounter ?? 1) - 1] = value;
      rt.variables.setLocal(body.elementInstanceKey, body.processInstanceKey, body.tenantId, { [mi.outputCollection]: collection });
    }
    if (mi.completionCondition) {
      const counts = { numberOfInstances: loop.size, numberOfCompletedInstances: loop.completed + 1, numberOfActiveInstances: loop.started - loop.completed - 1, numberOfTerminatedInstances: 0 };
      loop.conditionMet = evaluate(mi.completionCondition, { ...context, ...counts }, 'EXTRACT_VALUE_ERROR', 'the multi-instance completion condition') === true;
    }
    rt.elements.put(body);
  },

  childCompleted(rt, body, node, child, instance) {
    const loop = body.loop!;
    loop.completed += 1;
    rt.elements.put(body);
    if (loop.conditionMet) {
      rt.terminateChildren(body.elementInstanceKey);
      return [{ op: 'complete', element: body }];
    }
    if (node.multiInstance!.sequential && loop.started < loop.size) return [innerStep(rt, body, node, instance, loop.started)];
    return loop.completed >= loop.size ? [{ op: 'complete', element: body }] : [];
  },

  completing(rt, body, node) {
    const name = node.multiInstance!.outputCollection;
    if (!name) return;
    const value = rt.variables.local(body.elementInstanceKey)[name];
    rt.variables.merge(body.flowScopeKey, body.processInstanceKey, body.tenantId, { [name]: value });
  },
};
