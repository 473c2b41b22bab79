// Exclusive gateways (docs: Components > Modeler > BPMN > Exclusive gateways): the first flow whose condition
// holds, in the model's order, else the default flow, else an incident.
import { evaluate, StepFailure } from '../failure';
import type { ElementProcessor } from '../context';

export const exclusiveGateway: ElementProcessor = {
  activate: (_rt, element) => [{ op: 'complete', element }],
  outgoing(rt, element, node) {
    const model = rt.model(element.processDefinitionKey);
    const context = rt.variables.visible(element.elementInstanceKey);
    for (const flowId of node.outgoing) {
      const flow = model.flows.get(flowId)!;
      if (flowId === node.defaultFlow) continue;
      if (flow.condition === undefined) {
        if (node.outgoing.length === 1) return [flowId];
        continue;
      }
      if (evaluate(flow.condition, context, 'CONDITION_ERROR', `the condition of '${flowId}'`) === true) return [flowId];
    }
    if (node.defaultFlow) return [node.defaultFlow];
    throw new StepFailure('CONDITION_ERROR', 'Expected at least one condition to evaluate to true, or to have a default flow');
  },
};
