// Inclusive gateways (docs: Components > Modeler > BPMN > Inclusive gateways): a fork takes every flow whose
// condition holds (else the default flow, else an incident); a join waits for the tokens that can still
// arrive (the loop's join: until no other element instance is active in the scope, or every incoming flow has one).
import { evaluate, StepFailure } from '../failure';
import type { ElementProcessor } from '../context';

export const inclusiveGateway: ElementProcessor = {
  activate: (_rt, element) => [{ op: 'complete', element }],
  outgoing(rt, element, node) {
    if (node.outgoing.length <= 1) return node.outgoing;
    const model = rt.model(element.processDefinitionKey);
    const context = rt.variables.visible(element.elementInstanceKey);
    const taken = node.outgoing.filter((flowId) => {
      const flow = model.flows.get(flowId)!;
      if (flowId === node.defaultFlow) return false;
      if (flow.condition === undefined) return true;
      return evaluate(flow.condition, context, 'CONDITION_ERROR', `the condition of '${flowId}'`) === true;
    });
    if (taken.length > 0) return taken;
    if (node.defaultFlow) return [node.defaultFlow];
    throw new StepFailure('CONDITION_ERROR', 'Expected at least one condition to evaluate to true, or to have a default flow');
  },
};
