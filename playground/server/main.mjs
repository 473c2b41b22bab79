/**
 * node server/main.mjs: serves the playground (built by build.mjs into dist/) on 127.0.0.1.
 *   PLAYGROUND_PORT      where it listens (default 8900)
 *   ZEEBE_REST_ADDRESS   the engine's REST API v2 (default: the local stack's, from .stack/endpoints.env)
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

function stackRestAddress() {
  const file = path.join(root, '.stack/endpoints.env');
  if (!existsSync(file)) return undefined;
  return /^ZEEBE_REST_ADDRESS=(.*)$/m.exec(readFileSync(file, 'utf8'))?.[1]?.replace(/^['"]|['"]$/g, '');
}

const engineRestAddress = process.env.ZEEBE_REST_ADDRESS || stackRestAddress();
if (!engineRestAddress) {
  console.error('playground: no engine: set ZEEBE_REST_ADDRESS or start the local stack (npm run stack:start)');
  process.exit(2);
}
const staticDir = path.join(here, '../dist');
if (!existsSync(path.join(staticDir, 'index.html'))) {
  console.error('playground: the page is not built: run npm run build in playground/');
  process.exit(2);
}

const server = await startServer({
  port: Number(process.env.PLAYGROUND_PORT ?? 8900),
  engineRestAddress,
  staticDir,
  templatesDir: path.join(root, 'element-templates'),
  examplesDir: path.join(root, 'examples'),
});
console.log(`playground ready at ${server.url} (engine ${engineRestAddress})`);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close().then(() => process.exit(0)));
