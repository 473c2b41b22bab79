// Shows a run on the diagram and beside it: the path taken (markers on the elements that ran and on the
// flows between them), incidents (a marker, an overlay and the message), the variables after the run.

const MARKERS = ['pg-completed', 'pg-active', 'pg-incident', 'pg-taken'];

export function clearRun(modeler) {
  const canvas = modeler.get('canvas');
  for (const element of modeler.get('elementRegistry').getAll()) {
    for (const marker of MARKERS) canvas.removeMarker(element, marker);
  }
  modeler.get('overlays').remove({ type: 'pg-incident' });
  document.querySelector('#status').textContent = '';
  delete document.querySelector('#status').dataset.state;
  document.querySelector('#incidents').replaceChildren();
  document.querySelector('#result-variables').textContent = '';
}

export function showRun(modeler, outcome) {
  const canvas = modeler.get('canvas');
  const registry = modeler.get('elementRegistry');
  const reached = new Set();
  for (const { elementId, state, type } of outcome.elements) {
    const element = registry.get(elementId);
    if (!element || type === 'PROCESS') continue;
    reached.add(elementId);
    canvas.addMarker(element, state === 'COMPLETED' ? 'pg-completed' : 'pg-active');
  }
  for (const flow of registry.filter((e) => e.type === 'bpmn:SequenceFlow')) {
    if (reached.has(flow.source?.id) && reached.has(flow.target?.id)) canvas.addMarker(flow, 'pg-taken');
  }

  const list = document.querySelector('#incidents');
  for (const incident of outcome.incidents) {
    const element = registry.get(incident.elementId);
    if (element) {
      canvas.addMarker(element, 'pg-incident');
      const badge = document.createElement('div');
      badge.className = 'pg-incident-badge';
      badge.title = incident.errorMessage;
      badge.textContent = '!';
      modeler.get('overlays').add(element, 'pg-incident', { position: { top: -10, right: 10 }, html: badge });
    }
    const item = document.createElement('div');
    item.className = 'incident';
    const title = document.createElement('strong');
    title.textContent = `Incident at ${incident.elementId} (${incident.errorType})`;
    const message = document.createElement('p');
    message.className = 'incident-message';
    message.textContent = incident.errorMessage;
    item.append(title, message);
    list.append(item);
  }

  const status = document.querySelector('#status');
  const state = outcome.incidents.length > 0 ? 'INCIDENT' : outcome.state;
  status.textContent = `Process instance ${outcome.processInstanceKey}: ${state}`;
  status.dataset.state = state.toLowerCase();
  document.querySelector('#result-variables').textContent = JSON.stringify(outcome.variables, null, 2);
}
