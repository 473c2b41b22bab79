/**
 * The code each FEEL thread runs (plain JavaScript, evaluated by worker_threads, so the same thread runs
 * under node, tsx and jest). It loads feelin, then answers `{ id, expression, context, connectorFunctions }`
 * messages with `{ id, json }` or `{ id, error, position }`. Values cross back as JSON text (FEEL
 * durations and dates become their JSON form, as the Java runtime serialises them).
 *
 * feelin 8 offers no public way to evaluate a parsed expression again, so the per-expression cache holds
 * what can be reused: the syntax verdict (a broken expression fails without being parsed again).
 */
export const FEEL_THREAD_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
const loaded = import(pathToFileURL(workerData.feelinPath).href);
loaded.then(() => parentPort.postMessage({ ready: true }));
const MAX_CACHED = workerData.maxCached;
const syntaxErrors = new Map();

const connectorFunctions = {
  bpmnError: (errorCode, errorMessage, variables) => ({ errorType: 'bpmnError', errorCode, errorMessage: errorMessage ?? '', variables: variables ?? {} }),
  jobError: (errorMessage, variables, retries, retryBackoff) => ({
    errorType: 'jobError', errorMessage, variables: variables ?? {}, retries: retries ?? 0, retryBackoff: retryBackoff ?? 'PT0S',
  }),
  ignoreError: (variables) => ({ errorType: 'ignoreError', variables: variables ?? {} }),
};

function remember(expression, failure) {
  if (syntaxErrors.has(expression)) syntaxErrors.delete(expression);
  syntaxErrors.set(expression, failure);
  if (syntaxErrors.size > MAX_CACHED) syntaxErrors.delete(syntaxErrors.keys().next().value);
}

parentPort.on('message', async (task) => {
  const feel = await loaded;
  const known = syntaxErrors.get(task.expression);
  if (known) {
    parentPort.postMessage({ id: task.id, ...known });
    return;
  }
  try {
    const context = task.connectorFunctions ? Object.assign({}, connectorFunctions, task.context) : task.context;
    const value = feel.evaluate(task.expression, context).value;
    const json = value === undefined ? 'null' : JSON.stringify(value);
    parentPort.postMessage({ id: task.id, json: json === undefined ? 'null' : json });
  } catch (e) {
    const failure = { error: String((e && e.message) || e), position: e && e.position ? e.position.from : undefined, syntax: e instanceof feel.SyntaxError };
    if (failure.syntax) remember(task.expression, failure);
    parentPort.postMessage({ id: task.id, ...failure });
  }
});
`;
