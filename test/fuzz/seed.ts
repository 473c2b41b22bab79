import { execFileSync } from 'node:child_process';

/**
 * The fuzz tests' seed. `npm test` takes it from the commit under test: each commit tries other payloads, and a CI
 * run can be replayed exactly on its commit. FUZZ_SEED=<n> replays a run; `npm run fuzz` sets FUZZ_SEED=random
 * (anything not a number), fast-check's own seed, new every run.
 */
export const FUZZ_SEED: number | undefined = /^\d+$/.test(process.env.FUZZ_SEED ?? '') ? Number(process.env.FUZZ_SEED) : seedOfCommit();

function seedOfCommit(): number | undefined {
  if (process.env.FUZZ_SEED) return undefined;
  try {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: __dirname, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return Number.parseInt(head.slice(0, 8), 16);
  } catch {
    return undefined; // not a git checkout (an unpacked package)
  }
}
