// Embedded sub-processes (docs: Components > Modeler > BPMN > Embedded subprocess): a scope of its own for
// variables and tokens; it opens the event sub-processes inside it and starts at its start event. It
// completes when no token is left in it.
import { eventSubProcessStarts } from '../../model/model';
import type { ElementProcessor } from '../context';

export const subProcess: ElementProcessor = {
  activate(rt, element, node, instance) {
    element.tokens = 0;
    element.joins = {};
    rt.elements.put(element);
    const starts = eventSubProcessStarts(rt.model(element.processDefinitionKey), node.id);
    const triggered = rt.events.open(rt.holder(element), starts, rt.variables.visible(element.elementInstanceKey));
    return [
      { op: 'activate', instance, nodeId: node.startEventId!, flowScopeKey: element.elementInstanceKey },
      ...(triggered ? [{ op: 'trigger' as const, instance, holderKey: element.elementInstanceKey, eventId: triggered.eventId, caught: triggered.caught }] : []),
    ];
  },
};
