// Variable mappings (docs: Components > Concepts > Variables > Input/output variable mappings). Input mappings
// are evaluated in order, each seeing the targets of the ones before; they become local variables of the
// element. Output mappings build a document merged into the flow scope; without them, what the element
// produced (a job's or a message's variables) is propagated from the element's own scope.
import type { IncidentErrorType } from '../../api';
import type { Mapping } from '../../model/model';
import type { ElementRow } from '../../rows';
import { assignTarget, type Variables } from '../../variables';
import { evaluate } from '../failure';

export class MappingBehaviour {
  constructor(private readonly variables: Variables) {}

  applyInputs(element: ElementRow, inputs: Mapping[]): void {
    if (inputs.length === 0) return;
    const context = this.variables.visible(element.flowScopeKey);
    // An element's own variables set before its inputs (a multi-instance item, loopCounter) are visible too.
    Object.assign(context, this.variables.local(element.elementInstanceKey));
    const document = map(inputs, context, 'IO_MAPPING_ERROR', true);
    this.variables.setLocal(element.elementInstanceKey, element.processInstanceKey, element.tenantId, document);
  }

  applyOutputs(element: ElementRow, outputs: Mapping[]): void {
    const produced = element.completion ?? {};
    if (outputs.length > 0) {
      const context = { ...this.variables.visible(element.elementInstanceKey), ...produced };
      if (element.caught?.errorCode !== undefined) Object.assign(context, { errorCode: element.caught.errorCode, errorMessage: element.caught.errorMessage });
      const document = map(outputs, context, 'IO_MAPPING_ERROR', false);
      this.variables.merge(element.flowScopeKey, element.processInstanceKey, element.tenantId, document);
    } else if (element.caught) {
      this.variables.merge(element.flowScopeKey, element.processInstanceKey, element.tenantId, element.caught.variables);
    } else if (Object.keys(produced).length > 0) {
      this.variables.merge(element.elementInstanceKey, element.processInstanceKey, element.tenantId, produced);
    }
  }
}

/** The document a list of mappings builds; with `inOrder`, each mapping sees the targets set before it. */
function map(mappings: Mapping[], context: Record<string, unknown>, errorType: IncidentErrorType, inOrder: boolean): Record<string, unknown> {
  const document: Record<string, unknown> = {};
  for (const m of mappings) {
    assignTarget(document, m.target, evaluate(m.source, context, errorType, `the mapping to '${m.target}'`));
    if (inOrder) {
      const root = m.target.split('.')[0].trim();
      Object.defineProperty(context, root, { value: document[root], writable: true, enumerable: true, configurable: true });
    }
  }
  return document;
}
