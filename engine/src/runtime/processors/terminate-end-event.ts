// Terminate end events (docs: Components > Modeler > BPMN > Terminate events): every other element instance
// of the flow scope is terminated, then the scope completes.
import type { ElementProcessor } from '../context';

export const terminateEndEvent: ElementProcessor = {
  activate(rt, element) {
    for (const other of rt.elements.activeChildren(element.flowScopeKey)) {
      if (other.elementInstanceKey !== element.elementInstanceKey) rt.terminate(other);
    }
    return [{ op: 'complete', element }];
  },
};
