// Error end events (docs: Components > Modeler > BPMN > Error events): throw the error to the enclosing scopes.
import type { ElementProcessor } from '../context';

export const errorEndEvent: ElementProcessor = {
  activate: (_rt, element, node) => [{ op: 'throw', element, errorCode: node.errorCode!, errorMessage: '', variables: {} }],
};
