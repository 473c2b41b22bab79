/**
 * The targets of issue 28 as rows computed from one `npm run bench` JSON: each target, this run's figures and
 * the ratio the target is stated in. run.ts prints them and writes them to its JSON (`targets`); run as a
 * script it rewrites the table at the top of docs/benchmarks.md from a JSON file:
 *
 *   npx tsx scripts/bench/targets.ts bench-results/bench-<time>.json [docs/benchmarks.md]
 */
import { readFileSync, writeFileSync } from 'node:fs';

export interface TargetRow {
  measure: string;
  target: string;
  /** this run's figures, in words */
  thisRun: string;
  /** the figure the target bounds (a ratio, or ms where the target is in ms); null when its section did not run */
  value: number | null;
  met: boolean | null;
}

interface TextractFigures { jobs: number; pollMs: number; readyToCompletedMs: { p50: number; p95: number; max: number }; workerCpuMsPerJob: number }
interface Row { name: string; jobsPerSecond: number; p95: number; cpuMsPerJob: number }
interface BenchJson {
  command?: string; started?: string; machine?: { loadBefore?: string; loadAfter?: string };
  engineRows?: Row[];
  inProcess?: { rows: Row[] };
  startup?: { name: string; spawnToFirstJobMs: number }[];
  streaming?: { rows: { name: string; mibPerSecond: number; cpuSeconds: number }[]; ratios: { upload: number; download: number } };
  textract?: TextractFigures;
  textractNotified?: TextractFigures;
  growthRatios?: { concurrency: number; 'worker 2 / worker 1': number }[];
  growth?: { variant: string; concurrency: number; jobsPerSecond: number }[];
}

const f = (x: number, d = 2) => x.toFixed(d);

export function targetRows(b: BenchJson): TargetRow[] {
  const rows: TargetRow[] = [];
  const add = (measure: string, target: string, compute: () => { thisRun: string; value: number; met: boolean } | undefined) => {
    const r = compute();
    rows.push(r ? { measure, target, ...r } : { measure, target, thisRun: 'not run', value: null, met: null });
  };
  const engine = (name: string) => b.engineRows?.find((r) => r.name === name);
  for (const [what, worker, hand] of [
    ['S3 upload 1 KiB', 'worker, S3 upload 1 KiB (own type)', 'hand-written SDK worker, S3 PutObject 1 KiB'],
    ['Lambda invoke', 'worker, Lambda invoke (own type)', 'hand-written SDK worker, Lambda invoke'],
  ]) {
    const pair = () => {
      const w = engine(worker);
      const h = engine(hand);
      return w && h ? { w, h } : undefined;
    };
    add(`${what}: rate`, '>= 0.95 x the hand-written worker\'s', () => {
      const p = pair();
      return p && { thisRun: `${f(p.w.jobsPerSecond, 1)} vs ${f(p.h.jobsPerSecond, 1)} jobs/s`, value: p.w.jobsPerSecond / p.h.jobsPerSecond, met: p.w.jobsPerSecond / p.h.jobsPerSecond >= 0.95 };
    });
    add(`${what}: CPU per job`, '<= 1.1 x the hand-written worker\'s', () => {
      const p = pair();
      return p && { thisRun: `${f(p.w.cpuMsPerJob)} vs ${f(p.h.cpuMsPerJob)} ms`, value: p.w.cpuMsPerJob / p.h.cpuMsPerJob, met: p.w.cpuMsPerJob / p.h.cpuMsPerJob <= 1.1 };
    });
    add(`${what}: p95`, '<= 1.2 x the hand-written worker\'s', () => {
      const p = pair();
      return p && { thisRun: `${f(p.w.p95, 0)} vs ${f(p.h.p95, 0)} ms`, value: p.w.p95 / p.h.p95, met: p.w.p95 / p.h.p95 <= 1.2 };
    });
  }
  const ip = (name: string) => b.inProcess?.rows.find((r) => r.name === name);
  add('in-process: S3 worker\'s CPU over the direct PutObject', '<= 0.3 ms a job', () => {
    const w = ip('s3 worker');
    const d = ip('s3 direct PutObject');
    return w && d && { thisRun: `${f(w.cpuMsPerJob)} vs ${f(d.cpuMsPerJob)} ms`, value: w.cpuMsPerJob - d.cpuMsPerJob, met: w.cpuMsPerJob - d.cpuMsPerJob <= 0.3 };
  });
  add('in-process: result + error expressions (cached, small)', '<= 0.3 ms a job', () => {
    const e = ip('s3 worker + result/error expressions');
    const w = ip('s3 worker');
    return e && w && { thisRun: `${f(e.cpuMsPerJob)} vs ${f(w.cpuMsPerJob)} ms`, value: e.cpuMsPerJob - w.cpuMsPerJob, met: e.cpuMsPerJob - w.cpuMsPerJob <= 0.3 };
  });
  add('spawn to first job completed', '<= 1.1 x the bare SDK process\'s', () => {
    const [w, n] = b.startup ?? [];
    return w && n && { thisRun: `${f(w.spawnToFirstJobMs, 0)} vs ${f(n.spawnToFirstJobMs, 0)} ms`, value: w.spawnToFirstJobMs / n.spawnToFirstJobMs, met: w.spawnToFirstJobMs / n.spawnToFirstJobMs <= 1.1 };
  });
  add('big object download (S3 -> document store)', '>= 0.9 x direct', () => {
    const s = b.streaming;
    return s && { thisRun: `${f(s.rows[2].mibPerSecond, 1)} vs ${f(s.rows[3].mibPerSecond, 1)} MiB/s`, value: s.ratios.download, met: s.ratios.download >= 0.9 };
  });
  add('Textract polls: result ready -> job completed, the worst', '<= I + 0.2 s', () => {
    const t = b.textract;
    return t && { thisRun: `${t.jobs} jobs, max ${f(t.readyToCompletedMs.max, 0)} ms (p95 ${f(t.readyToCompletedMs.p95, 0)}), I = ${t.pollMs} ms`, value: t.readyToCompletedMs.max / (t.pollMs + 200), met: t.readyToCompletedMs.max <= t.pollMs + 200 };
  });
  add('Textract polls: CPU per polling job', '<= 5 ms', () => {
    const t = b.textract;
    return t && { thisRun: `${f(t.workerCpuMsPerJob)} ms`, value: t.workerCpuMsPerJob, met: t.workerCpuMsPerJob <= 5 };
  });
  add('Textract notified (SNS -> SQS): result ready -> job completed, the worst', '<= I + 0.2 s', () => {
    const t = b.textractNotified;
    return t && { thisRun: `${t.jobs} jobs, max ${f(t.readyToCompletedMs.max, 0)} ms (p95 ${f(t.readyToCompletedMs.p95, 0)})`, value: t.readyToCompletedMs.max / (t.pollMs + 200), met: t.readyToCompletedMs.max <= t.pollMs + 200 };
  });
  add('Textract notified (SNS -> SQS): CPU per job', '<= 5 ms', () => {
    const t = b.textractNotified;
    return t && { thisRun: `${f(t.workerCpuMsPerJob)} ms`, value: t.workerCpuMsPerJob, met: t.workerCpuMsPerJob <= 5 };
  });
  add('cores: 2 worker processes / 1 (S3, highest concurrency)', 'grows where cores are spare', () => {
    const g = b.growthRatios?.[b.growthRatios.length - 1];
    const one = b.growth?.find((r) => r.concurrency === g?.concurrency && r.variant === 'worker, 1 process');
    const two = b.growth?.find((r) => r.concurrency === g?.concurrency && r.variant === 'worker, 2 processes');
    return g && one && two && { thisRun: `${f(two.jobsPerSecond, 1)} vs ${f(one.jobsPerSecond, 1)} jobs/s at ${g.concurrency}`, value: g['worker 2 / worker 1'], met: g['worker 2 / worker 1'] > 1 };
  });
  return rows;
}

/** The ratio column: a ratio as `0.93x`, a figure in ms as `0.41 ms`. */
function shown(r: TargetRow): string {
  if (r.value === null) return '-';
  return /ms( a job)?$/.test(r.target) && !r.target.includes('x') ? `${f(r.value)} ms` : `${f(r.value)}x`;
}

export function targetsTable(rows: TargetRow[]): string {
  const met = (m: boolean | null) => (m === null ? 'not run' : m ? 'met' : '**missed**');
  return ['| measure | target | this run | ratio | |', '|---|---|---|---|---|', ...rows.map((r) => `| ${r.measure} | ${r.target} | ${r.thisRun} | ${shown(r)} | ${met(r.met)} |`)].join('\n');
}

const BEGIN = '<!-- targets: generated by scripts/bench/targets.ts from the bench JSON; do not edit by hand -->';
const END = '<!-- targets: end -->';

if (require.main === module) {
  const [json, doc = 'docs/benchmarks.md'] = process.argv.slice(2);
  if (!json) throw new Error('usage: tsx scripts/bench/targets.ts bench-results/bench-<time>.json [docs/benchmarks.md]');
  const b = JSON.parse(readFileSync(json, 'utf8')) as BenchJson;
  const text = readFileSync(doc, 'utf8');
  const from = text.indexOf(BEGIN);
  const to = text.indexOf(END);
  if (from < 0 || to < from) throw new Error(`${doc}: the markers ${BEGIN} ... ${END} are missing`);
  const load = b.machine ? ` Load average (1, 5, 15 min) before: ${b.machine.loadBefore}; after: ${b.machine.loadAfter}.` : '';
  const block = `${BEGIN}\n\`${b.command ?? 'npm run bench'}\`, started ${b.started ?? '?'} (${json.split('/').pop()}).${load}\n\n${targetsTable(targetRows(b))}\n${END}`;
  writeFileSync(doc, text.slice(0, from) + block + text.slice(to + END.length));
  console.log(`${doc}: targets table written from ${json}`);
}
