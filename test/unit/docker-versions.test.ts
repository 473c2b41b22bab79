import { readFileSync } from 'node:fs';
import path from 'node:path';

// The MiniStack release is pinned once, in scripts/stack/versions.env; docker/compose.yaml repeats it as the default
// of its build argument (compose cannot read versions.env) and must not drift from it.
const ROOT = path.resolve(__dirname, '../..');

it('docker/compose.yaml builds the MiniStack release pinned in scripts/stack/versions.env', () => {
  const pinned = /^MINISTACK_VERSION=(\S+)$/m.exec(readFileSync(path.join(ROOT, 'scripts/stack/versions.env'), 'utf8'))?.[1];
  const compose = /MINISTACK_VERSION: \$\{MINISTACK_VERSION:-([^}]+)\}/.exec(readFileSync(path.join(ROOT, 'docker/compose.yaml'), 'utf8'))?.[1];
  expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
  expect(compose).toBe(pinned);
});
