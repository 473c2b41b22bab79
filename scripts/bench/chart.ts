/**
 * The growth chart: jobs/s and peak RSS against concurrency, a line per variant (the no-op SDK worker, the
 * direct AWS SDK, the worker in 1 and 2 processes), from a bench-results JSON. A Vega-Lite spec rendered to SVG
 * by vega's headless view (no canvas needed). `npm run bench` writes it; to redraw from a saved run:
 *
 *   npx tsx scripts/bench/chart.ts bench-results/bench-<time>.json [docs/bench-growth.svg]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { GrowthRow } from './growth';

export async function growthChartSvg(rows: GrowthRow[], title: string): Promise<string> {
  // vega and vega-lite are ES modules only, loaded through import(); typed here by the little used of them
  // (vega-lite's own types do not resolve under this project's CommonJS module resolution).
  const vega = (await import('vega')) as unknown as { parse(spec: unknown): unknown; View: new (runtime: unknown, options: { renderer: 'none' }) => { toSVG(): Promise<string> } };
  const vl = (await import('vega-lite' as string)) as { compile(spec: unknown): { spec: unknown } };
  const values = rows.map((r) => ({ variant: r.variant, concurrency: r.concurrency, 'jobs/s': r.jobsPerSecond, 'peak RSS MiB': r.peakRssMiB, 'p95 ms': r.p95 }));
  const x = { field: 'concurrency', type: 'quantitative', scale: { type: 'log', base: 2 }, axis: { values: [...new Set(rows.map((r) => r.concurrency))], title: 'concurrency (instances in flight)' } };
  const color = { field: 'variant', type: 'nominal', title: null, legend: { orient: 'bottom', columns: 2 } };
  const panel = (field: string, title: string) => ({
    width: 320, height: 220, title,
    mark: { type: 'line', point: true },
    encoding: { x, y: { field, type: 'quantitative', title: field }, color, tooltip: [{ field: 'variant' }, { field: 'concurrency' }, { field, format: '.1f' }] },
  });
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title, data: { values }, background: 'white',
    hconcat: [panel('jobs/s', 'Throughput'), panel('peak RSS MiB', 'Peak RSS (summed over processes)')],
  };
  const compiled = vl.compile(spec).spec;
  return new vega.View(vega.parse(compiled), { renderer: 'none' }).toSVG();
}

export async function writeGrowthChart(rows: GrowthRow[], title: string, file: string): Promise<void> {
  writeFileSync(file, await growthChartSvg(rows, title));
}

if (require.main === module) {
  const [input, output = 'docs/bench-growth.svg'] = process.argv.slice(2);
  if (!input) {
    console.error('usage: npx tsx scripts/bench/chart.ts bench-results/bench-<time>.json [out.svg]');
    process.exit(2);
  }
  const run = JSON.parse(readFileSync(input, 'utf8')) as { started: string; growth?: GrowthRow[] };
  if (!run.growth?.length) {
    console.error(`${input} has no growth rows (run npm run bench without --only, or with --only growth)`);
    process.exit(1);
  }
  writeGrowthChart(run.growth, `S3 upload of 1 KiB, growth with concurrency (${run.started})`, output).then(() => console.log(`written: ${output}`), (e) => {
    console.error(e);
    process.exit(1);
  });
}
