// The floor under the FEEL target of `npm run bench`: feelin's own evaluate (parse included) of the bench's
// result and error expressions on the calling thread, with no worker thread, budget or clone around it.
// node scripts/bench/feelin-alone.js  ->  CPU ms per evaluation of each.
const feelin = require('feelin');

const response = { action: 'upload', bucket: 'bench', key: 'k-1', size: 1024 };
const cases = {
  'result {uploaded: key, bytes: size}': ['{uploaded: key, bytes: size}', response],
  'error if error != null and ... else null': ['if error != null and error.code = "NOT_FOUND" then bpmnError("MISSING", error.message) else null', { error: null, response, bpmnError: () => null }],
};
const WARM = 2000;
const RUNS = 20000;
for (const [name, [expression, context]] of Object.entries(cases)) {
  for (let i = 0; i < WARM; i++) feelin.evaluate(expression, context);
  const before = process.cpuUsage();
  for (let i = 0; i < RUNS; i++) feelin.evaluate(expression, context);
  const used = process.cpuUsage(before);
  console.log(`${name}: ${((used.user + used.system) / 1000 / RUNS).toFixed(3)} ms`);
}
