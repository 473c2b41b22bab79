// Event-based gateways (docs: Components > Modeler > BPMN > Event-based gateways): the gateway opens the
// subscriptions and timers of the catch events after it; the first one triggered wins, the others are closed,
// and the token goes on to that event (the loop's trigger step).
import type { ElementProcessor } from '../context';

export const eventBasedGateway: ElementProcessor = {
  activate(rt, element, node, instance) {
    const model = rt.model(element.processDefinitionKey);
    const events = node.outgoing.map((f) => model.nodes.get(model.flows.get(f)!.target)!);
    const triggered = rt.events.open(rt.holder(element), events, rt.variables.visible(element.elementInstanceKey));
    return triggered ? [{ op: 'trigger', instance, holderKey: element.elementInstanceKey, eventId: triggered.eventId, caught: triggered.caught }] : [];
  },
};
