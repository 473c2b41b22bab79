// Intermediate message and timer catch events and receive tasks (docs: Components > Modeler > BPMN > Message
// events, Timer events, Receive tasks): the element opens its subscription or timer on entry and completes
// when it is triggered; a message's variables are its output (mapped, or propagated). After an event-based
// gateway, the event was already triggered (it is activated with what it caught) and completes at once.
import type { ElementProcessor } from '../context';

export const catchEvent: ElementProcessor = {
  activate(rt, element, node, instance) {
    if (element.caught) return [{ op: 'complete', element }];
    const triggered = rt.events.open(rt.holder(element), [node], rt.variables.visible(element.elementInstanceKey));
    return triggered ? [{ op: 'trigger', instance, holderKey: element.elementInstanceKey, eventId: triggered.eventId, caught: triggered.caught }] : [];
  },
};
