import { execFileSync } from 'node:child_process';
import path from 'node:path';

// A fresh node process (jest's module registry would hide what node itself loads).
const SCRIPT = `
const { loadConfig } = require('./worker/config');
const { connectorDeps, tasksOf } = require('./worker/main');
const loaded = () => [...new Set(Object.keys(require.cache).map((k) => (/@aws-sdk[\\\\/](client-[a-z0-9-]+|credential-providers)[\\\\/]/.exec(k) || [])[1]).filter(Boolean))].sort();
const config = loadConfig({ AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', CAMUNDA_COMPATIBLE_TYPES: 'true' });
const deps = connectorDeps(config);
const tasks = tasksOf(config, deps);
const atStart = loaded();
deps.aws.s3({});
const afterS3Client = loaded();
console.log(JSON.stringify({ tasks: tasks.length, atStart, afterS3Client }));
`;

test('AWS SDK packages load when a task first needs them, not at start', () => {
  const out = execFileSync(process.execPath, ['--require', 'tsx/cjs', '-e', SCRIPT], { cwd: path.resolve(__dirname, '../..'), encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  const answer = JSON.parse(out.trim().split('\n').pop()!) as { tasks: number; atStart: string[]; afterS3Client: string[] };
  expect(answer.tasks).toBeGreaterThanOrEqual(9); // every connector, own and compatible types, was set up
  expect(answer.atStart).toEqual([]);
  expect(answer.afterS3Client).toEqual(['client-s3']);
}, 60_000);
