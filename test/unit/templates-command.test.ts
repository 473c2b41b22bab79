import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { copyTemplates } from '../../worker/cli/templates';

// `templates DIR` installs what Desktop Modeler needs for existing diagrams: every published version.
const ROOT = path.resolve(__dirname, '../..');

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => path.join(e.parentPath, e.name));
}

/** `id@version` of every template in the files (a file may hold one template or an array). */
function versions(files: string[]): string[] {
  return files.flatMap((f) => [JSON.parse(readFileSync(f, 'utf8'))].flat() as { id: string; version: number }[])
    .map((t) => `${t.id}@${t.version}`).sort();
}

let dir: string;
beforeAll(() => { dir = mkdtempSync(path.join(os.tmpdir(), 'templates-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('writes every published version of every template, byte for byte', () => {
  const written = copyTemplates(dir);
  const source = jsonFiles(path.join(ROOT, 'element-templates'));
  expect(written.sort()).toEqual(jsonFiles(dir).sort());
  expect(versions(written)).toEqual(versions(source));
  for (const file of source) {
    expect(readFileSync(path.join(dir, path.relative(path.join(ROOT, 'element-templates'), file)), 'utf8')).toBe(readFileSync(file, 'utf8'));
  }
  // The earlier versions too, not only the newest of each template.
  expect(new Set(versions(written)).size).toBeGreaterThan(new Set(versions(written).map((v) => v.split('@')[0])).size);
});

test('every template version the examples/ diagrams name is written', () => {
  const installed = new Set(versions(copyTemplates(dir)));
  const named = readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.bpmn'))
    .flatMap((f) => [...readFileSync(path.join(ROOT, 'examples', f), 'utf8').matchAll(/zeebe:modelerTemplate="([^"]+)" zeebe:modelerTemplateVersion="(\d+)"/g)])
    .map((m) => `${m[1]}@${m[2]}`);
  expect(named.length).toBeGreaterThan(0);
  expect(named.filter((v) => !installed.has(v))).toEqual([]);
});
