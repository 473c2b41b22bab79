/**
 * The code each FEEL thread runs (plain JavaScript, evaluated by worker_threads, so the same thread runs
 * under node, tsx and jest). It loads feelin, then answers `{ id, expression, context, connectorFunctions }`
 * messages with `{ id, json, parsed }` or `{ id, error, position, parsed }`. Values cross back as JSON text
 * (FEEL durations and dates become their JSON form, as the Java runtime serialises them).
 *
 * Parsing is most of an evaluation's cost, and a task's expressions are the same for every job, so each
 * thread keeps a bounded cache of parse trees (least recently used out first). feelin 8 offers no public
 * way to evaluate a parsed tree, but it parses with lezer-feel's shared `parser` (`parser.configure({...})
 * .parse(text)`), so the thread wraps that module's `configure` to answer from its cache. A tree depends on
 * the text and on the context's names that are not plain identifiers (FEEL allows `first name` when the
 * context has it), so those names are part of the key. Broken expressions are cached as their verdict.
 */
export const FEEL_THREAD_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
const { createRequire } = require('node:module');
const MAX_CACHED = workerData.maxCached;
const syntaxErrors = new Map();
const trees = new Map();
let current;

const lezerPath = createRequire(workerData.feelinPath).resolve('lezer-feel');
const loaded = Promise.all([import(pathToFileURL(workerData.feelinPath).href), import(pathToFileURL(lezerPath).href)]).then(([feel, lezer]) => {
  const configure = lezer.parser.configure;
  // Only while this thread evaluates (current is set) does a parse go through the cache.
  lezer.parser.configure = function (config) {
    if (!current) return configure.call(this, config);
    const task = current;
    return {
      parse: (text) => {
        const key = (config.top || '') + '\u0000' + (config.dialect || '') + '\u0000' + task.names + '\u0000' + text;
        let tree = trees.get(key);
        if (tree) {
          trees.delete(key);
        } else {
          tree = configure.call(this, config).parse(text);
          task.parsed = true;
        }
        remember(trees, key, tree);
        return tree;
      },
    };
  };
  parentPort.postMessage({ ready: true });
  return feel;
});

const connectorFunctions = {
  bpmnError: (errorCode, errorMessage, variables) => ({ errorType: 'bpmnError', errorCode, errorMessage: errorMessage ?? '', variables: variables ?? {} }),
  jobError: (errorMessage, variables, retries, retryBackoff) => ({
    errorType: 'jobError', errorMessage, variables: variables ?? {}, retries: retries ?? 0, retryBackoff: retryBackoff ?? 'PT0S',
  }),
  ignoreError: (variables) => ({ errorType: 'ignoreError', variables: variables ?? {} }),
};

function remember(map, key, value) {
  if (map.has(key)) map.delete(key);
  map.set(key, value);
  if (map.size > MAX_CACHED) map.delete(map.keys().next().value);
}

const PLAIN_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The context's names (at any depth) that are not plain identifiers: they can change how FEEL text parses. */
function unusualNames(value, out, depth) {
  if (depth > 64 || value === null || typeof value !== 'object') return out;
  if (Array.isArray(value)) {
    for (const item of value) unusualNames(item, out, depth + 1);
    return out;
  }
  for (const key of Object.keys(value)) {
    if (!PLAIN_NAME.test(key)) out.add(key);
    unusualNames(value[key], out, depth + 1);
  }
  return out;
}

parentPort.on('message', async (task) => {
  const feel = await loaded;
  const known = syntaxErrors.get(task.expression);
  if (known) {
    parentPort.postMessage({ id: task.id, ...known, parsed: false });
    return;
  }
  const state = { names: [...unusualNames(task.context, new Set(), 0)].sort().join('\u0001'), parsed: false };
  try {
    const context = task.connectorFunctions ? Object.assign({}, connectorFunctions, task.context) : task.context;
    current = state;
    const value = feel.evaluate(task.expression, context).value;
    current = undefined;
    const json = value === undefined ? 'null' : JSON.stringify(value);
    parentPort.postMessage({ id: task.id, json: json === undefined ? 'null' : json, parsed: state.parsed });
  } catch (e) {
    current = undefined;
    const failure = { error: String((e && e.message) || e), position: e && e.position ? e.position.from : undefined, syntax: e instanceof feel.SyntaxError };
    if (failure.syntax) remember(syntaxErrors, task.expression, failure);
    parentPort.postMessage({ id: task.id, ...failure, parsed: state.parsed });
  }
});
`;
