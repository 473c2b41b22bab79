import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The package's root folder: the same from the sources (worker/) and from the build (dist/worker/). */
export function packageRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === 'zeebe-aws-connectors') return dir;
  }
  throw new Error(`zeebe-aws-connectors: no package.json above ${__dirname}`);
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
