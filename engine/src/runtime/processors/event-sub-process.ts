// Event sub-processes (docs: Components > Modeler > BPMN > Event subprocesses): activated by their start
// event's trigger (error, message, timer) in the scope they are in; the start event carries what was caught.
import type { ElementProcessor } from '../context';

export const eventSubProcess: ElementProcessor = {
  activate(_rt, element, node, instance) {
    element.tokens = 0;
    element.joins = {};
    const caught = element.caught;
    element.caught = undefined;
    return [{ op: 'activate', instance, nodeId: node.startEventId!, flowScopeKey: element.elementInstanceKey, caught }];
  },
};
