import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from './package-info';

/**
 * `templates DIR`: copies every published version of the element templates into DIR (created if missing): the
 * newest ones and, under `versioned/`, the earlier ones that existing diagrams still name (Desktop Modeler reads
 * `element-templates/**\/*.json`). Answers the files written.
 */
export function copyTemplates(dir: string): string[] {
  return copyJson(path.join(packageRoot(), 'element-templates'), dir);
}

function copyJson(source: string, target: string): string[] {
  mkdirSync(target, { recursive: true });
  const written: string[] = [];
  for (const entry of readdirSync(source, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const from = path.join(source, entry.name);
    const to = path.join(target, entry.name);
    if (entry.isDirectory()) written.push(...copyJson(from, to));
    else if (entry.name.endsWith('.json')) {
      copyFileSync(from, to);
      written.push(to);
    }
  }
  return written;
}
