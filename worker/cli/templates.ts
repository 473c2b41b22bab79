import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from './package-info';

/** `templates DIR`: copies the element templates into DIR (created if missing); answers the files written. */
export function copyTemplates(dir: string): string[] {
  const source = path.join(packageRoot(), 'element-templates');
  mkdirSync(dir, { recursive: true });
  const files = readdirSync(source).filter((f) => f.endsWith('.json')).sort();
  for (const file of files) copyFileSync(path.join(source, file), path.join(dir, file));
  return files.map((f) => path.join(dir, f));
}
