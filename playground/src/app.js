// The playground page: a camunda-bpmn-js modeler with the project's element templates, the examples one click
// away, and Run (the server deploys the diagram, starts it with the variables and answers what happened).
import Modeler from 'camunda-bpmn-js/lib/camunda-cloud/Modeler';
import 'camunda-bpmn-js/dist/assets/camunda-cloud-modeler.css';
import starter from './starter.bpmn';
import { clearRun, showRun } from './run-view';
import './app.css';

const DEFAULT_VARIABLES = {
  document: { 'camunda.document.type': 'inline', content: 'Hello from the playground', name: 'hello.txt', contentType: 'text/plain' },
};

const modeler = new Modeler({
  container: '#canvas',
  propertiesPanel: { parent: '#properties' },
});
const $ = (selector) => document.querySelector(selector);
let diagramName = 'playground';

async function open(xml, name) {
  await modeler.importXML(xml);
  diagramName = name;
  modeler.get('canvas').zoom('fit-viewport', 'auto');
  clearRun(modeler);
}

async function getJson(url, init) {
  const res = await fetch(url, init);
  const body = await res.json().catch(() => ({ message: `HTTP ${res.status}` }));
  if (!res.ok) throw new Error(body.message ?? `HTTP ${res.status}`);
  return body;
}

async function run() {
  const status = $('#status');
  let variables;
  try {
    variables = JSON.parse($('#variables').value || '{}');
  } catch (error) {
    status.textContent = `Variables: not JSON (${error.message})`;
    status.dataset.state = 'error';
    return;
  }
  clearRun(modeler);
  status.textContent = 'Running…';
  status.dataset.state = 'running';
  $('#run').disabled = true;
  try {
    const { xml } = await modeler.saveXML({ format: true });
    const outcome = await getJson('/api/run', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ xml, variables, name: diagramName }),
    });
    showRun(modeler, outcome);
  } catch (error) {
    status.textContent = `Not run: ${error.message}`;
    status.dataset.state = 'error';
  } finally {
    $('#run').disabled = false;
  }
}

async function main() {
  $('#variables').value = JSON.stringify(DEFAULT_VARIABLES, null, 2);
  $('#run').addEventListener('click', run);
  $('#new-diagram').addEventListener('click', async () => {
    await open(starter, 'playground');
    $('#variables').value = JSON.stringify(DEFAULT_VARIABLES, null, 2);
  });
  modeler.on('commandStack.changed', () => clearRun(modeler));

  const [templates, examples] = await Promise.all([getJson('/api/templates'), getJson('/api/examples')]);
  modeler.on('elementTemplates.errors', ({ errors }) => {
    $('#status').textContent = `Templates not loaded: ${errors.map((e) => e.message).join('; ')}`;
    $('#status').dataset.state = 'error';
  });
  modeler.get('elementTemplatesLoader').setTemplates(templates);
  for (const example of examples) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = example.name.replace(/\.bpmn$/, '');
    button.addEventListener('click', async () => {
      await open(example.xml, example.name);
      if (example.variables) $('#variables').value = JSON.stringify(example.variables, null, 2);
    });
    $('#examples').append(button);
  }
  await open(starter, 'playground');
  document.body.dataset.ready = 'true';
}

main().catch((error) => {
  $('#status').textContent = `The playground did not start: ${error.message}`;
  $('#status').dataset.state = 'error';
});
