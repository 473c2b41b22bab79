/**
 * Deployment parsing time for long models: a chain of N service tasks deployed to an in-memory engine
 * (in this process), timed from the call to the answer.
 *
 *   npx tsx scripts/bench/engine-deploy.ts [--tasks 20000,50000]
 */
import { Engine } from '../../engine/src/engine';
import { definitions, end, flow, serviceTask, start } from '../../test/engine/bpmn';

const sizes = (process.argv.includes('--tasks') ? process.argv[process.argv.indexOf('--tasks') + 1] : '20000,50000').split(',').map(Number);

function chain(id: string, tasks: number): string {
  const elements = [start()];
  let previous = 'start';
  for (let i = 0; i < tasks; i++) {
    elements.push(serviceTask(`t${i}`, 'noop'), flow(`f${i}`, previous, `t${i}`));
    previous = `t${i}`;
  }
  elements.push(end(), flow('fEnd', previous, 'end'));
  return definitions(id, ...elements);
}

async function main(): Promise<void> {
  for (const n of sizes) {
    const xml = Buffer.from(chain(`chain${n}`, n));
    const engine = await Engine.open();
    const t0 = performance.now();
    await engine.deploy([{ name: `chain${n}.bpmn`, content: xml }]);
    const ms = performance.now() - t0;
    console.log(`deploy a ${n}-task chain (${(xml.length / 1e6).toFixed(1)} MB): ${(ms / 1000).toFixed(2)} s`);
    await engine.close();
  }
  process.exit(0);
}

void main();
