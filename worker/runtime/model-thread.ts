/**
 * The code of the thread that reads deployed models (plain JavaScript evaluated by worker_threads, as
 * feel-thread.ts is, so the same thread runs under node, tsx and jest). It answers `{ id, xml }` (text or UTF-8 bytes) with
 * `{ id, inputs }`, the zeebe:input mappings that name a secret, by element id (`{ [id]: [[source, target], ...] }`),
 * or `{ id, error }`. It reads with saxen, a streaming parser that keeps its own stack (no recursion, one
 * pass), refuses a DOCTYPE (and so every entity declaration) and nesting deeper than `maxDepth`, and keeps
 * nothing of the model but those mappings.
 */
export const MODEL_THREAD_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const { Parser } = require(workerData.saxenPath);
const MAX_DEPTH = workerData.maxDepth;

const local = (name) => name.slice(name.indexOf(':') + 1);

function read(xml) {
  const inputs = {};
  const open = [];
  let error;
  const parser = new Parser();
  const stop = (why) => {
    error = error || why;
    parser.stop();
  };
  parser.on('attention', (text) => stop(/^<!DOCTYPE/i.test(text) ? 'it has a DOCTYPE (document type and entity declarations are not allowed in a model)' : 'it has a declaration (' + text.slice(0, 40) + ')'));
  parser.on('error', (e) => stop('it is not well-formed XML: ' + (e && e.message || e)));
  parser.on('openTag', (name, attrs, decode, selfClosing) => {
    const element = { name: local(name), id: undefined };
    const parent = open[open.length - 1];
    const grand = open[open.length - 2];
    const owner = open[open.length - 3];
    if (element.name === 'input' && parent && parent.name === 'ioMapping' && grand && grand.name === 'extensionElements' && owner && owner.id !== undefined) {
      const a = attrs();
      if (typeof a.source === 'string' && a.source.includes('secrets.') && typeof a.target === 'string') {
        (inputs[owner.id] = inputs[owner.id] || []).push([decode(a.source), decode(a.target)]);
      }
    } else if (!selfClosing) {
      const id = attrs().id;
      if (typeof id === 'string') element.id = decode(id);
    }
    if (!selfClosing) {
      open.push(element);
      if (open.length > MAX_DEPTH) stop('its elements are nested more than ' + MAX_DEPTH + ' levels deep');
    }
  });
  parser.on('closeTag', (name, decode, selfClosing) => {
    if (!selfClosing) open.pop();
  });
  parser.parse(xml);
  return error ? { error } : { inputs };
}

parentPort.on('message', (task) => {
  try {
    const xml = typeof task.xml === 'string' ? task.xml : new TextDecoder().decode(task.xml);
    parentPort.postMessage({ id: task.id, ...read(xml) });
  } catch (e) {
    parentPort.postMessage({ id: task.id, error: 'it could not be read: ' + String((e && e.message) || e) });
  }
});
`;
