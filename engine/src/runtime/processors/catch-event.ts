// Intermediate message and timer catch events and receive tasks (docs: Components > Modeler > BPMN > Message
// events, Timer events, Receive tasks): the element opens its subscription or timer on entry and completes
// when it is triggered; a message's variables are its output (mapped, or propagated).
import type { ElementProcessor } from '../context';

export const catchEvent: ElementProcessor = {
  activate(rt, element, node, instance) {
    const triggered = rt.events.open(rt.holder(element), [node], rt.variables.visible(element.elementInstanceKey));
    return triggered ? [{ op: 'trigger', instance, holderKey: element.elementInstanceKey, eventId: triggered.eventId, caught: triggered.caught }] : [];
  },
};
