/**
 * Textract polling benchmark on its own (`npm run bench` runs the same measurement, textract-polling.ts): N
 * polling jobs at once in one worker process, the stand-in finishing each Textract job after D ms; each must
 * complete within one poll interval of its result being ready.
 *
 *   npm run stack:start
 *   npm run bench:textract -- [--jobs 1000] [--delay-ms 5000] [--poll-ms 1000] [--page]
 * --page: the whole recorded page as each result (137 blocks) instead of one line of it.
 */
import { camunda } from '../../test/integration/harness';
import { option } from './common';
import { measureTextractPolling } from './textract-polling';

(async () => {
  const c8 = camunda();
  console.log(`node ${process.version}, ${new Date().toISOString()}`);
  const r = await measureTextractPolling(c8, option('jobs', 1000), option('delay-ms', 5000), option('poll-ms', 1000), process.argv.includes('--page') ? 'page' : 'line');
  await c8.getZeebeGrpcApiClient().close();
  console.log(JSON.stringify(r, null, 2));
})().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
