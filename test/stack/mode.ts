/**
 * Which local stack the tests run on, from STACK: the process stack (scripts/stack/start.sh, the default)
 * or STACK=containers (test/stack/containers.ts: the engine and MiniStack in containers via testcontainers).
 * Only how the services start differs; the suite reads the same .stack/endpoints.json either way.
 */
export type StackMode = 'processes' | 'containers';

export function stackMode(env: NodeJS.ProcessEnv = process.env): StackMode {
  const value = (env.STACK ?? '').trim();
  if (value === '' || value === 'processes') return 'processes';
  if (value === 'containers') return 'containers';
  throw new Error(`STACK=${value} is not a stack: leave STACK unset for the process stack (scripts/stack/start.sh), or set STACK=containers`);
}
