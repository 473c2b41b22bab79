// Incidents (docs: Components > Concepts > Incidents): raised on an element instance, resolved by a command.
import type { IncidentErrorType, Key } from '../../api';
import type { Clock } from '../../clock';
import type { ElementRow, IncidentRow, InstanceRow } from '../../rows';
import type { ElementInstances } from '../../state/elements';
import type { Store } from '../../store';

export class IncidentBehaviour {
  constructor(
    private readonly store: Store,
    private readonly elements: ElementInstances,
    private readonly clock: Clock,
    private readonly newKey: () => Key,
  ) {}

  raise(element: ElementRow, errorType: IncidentErrorType, errorMessage: string, jobKey?: Key): void {
    const incident: IncidentRow = {
      incidentKey: this.newKey(),
      processInstanceKey: element.processInstanceKey,
      processDefinitionKey: element.processDefinitionKey,
      processDefinitionId: element.processDefinitionId,
      elementId: element.elementId,
      elementInstanceKey: element.elementInstanceKey,
      jobKey,
      errorType,
      errorMessage,
      state: 'ACTIVE',
      creationTime: this.clock.iso(),
      tenantId: element.tenantId,
    };
    this.store.put('incidents', incident.incidentKey, incident);
    element.hasIncident = true;
    element.incidentKey = incident.incidentKey;
    this.elements.put(element);
    const instance = this.store.get<InstanceRow>('instances', element.processInstanceKey)!;
    instance.hasIncident = true;
    this.store.put('instances', instance.processInstanceKey, instance);
  }

  /** Marks the incident resolved and clears the element's and the instance's flags. */
  resolve(incident: IncidentRow): void {
    incident.state = 'RESOLVED';
    this.store.put('incidents', incident.incidentKey, incident);
    const element = this.elements.get(incident.elementInstanceKey);
    if (element && element.incidentKey === incident.incidentKey) {
      element.hasIncident = false;
      element.incidentKey = undefined;
      this.elements.put(element);
    }
    this.refreshFlag(incident.processInstanceKey);
  }

  /** An element that ends takes its incident with it. */
  resolveOf(element: ElementRow): void {
    if (!element.incidentKey) return;
    const incident = this.store.get<IncidentRow>('incidents', element.incidentKey);
    if (incident?.state === 'ACTIVE') {
      incident.state = 'RESOLVED';
      this.store.put('incidents', incident.incidentKey, incident);
    }
  }

  refreshFlag(processInstanceKey: Key): void {
    const instance = this.store.get<InstanceRow>('instances', processInstanceKey)!;
    instance.hasIncident = [...this.store.rows<IncidentRow>('incidents')].some((i) => i.processInstanceKey === processInstanceKey && i.state === 'ACTIVE');
    this.store.put('instances', processInstanceKey, instance);
  }
}
