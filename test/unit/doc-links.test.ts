import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Every relative link in the README and the docs (pages added later included) resolves inside the repository: the
 * file or folder exists, and a `#fragment` into a Markdown page names one of its headings. A link out of the
 * repository (`../shared/...`) would work in one checkout and be dead in every other.
 */
const ROOT = path.resolve(__dirname, '../..');

function markdownFiles(): string[] {
  const docs = readdirSync(path.join(ROOT, 'docs'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.md'))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)));
  return ['README.md', 'engine/README.md', 'docker/README.md', ...docs].filter((f) => existsSync(path.join(ROOT, f)));
}

/** Link targets: [text](target "title"), [ref]: target, <a href="target">, <img src="target">; code spans and blocks left out. */
function linkTargets(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  const targets: string[] = [];
  for (const m of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) targets.push(m[1]);
  for (const m of prose.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)) targets.push(m[1]);
  for (const m of prose.matchAll(/<(?:a|img)\s[^>]*(?:href|src)="([^"]+)"/g)) targets.push(m[1]);
  return targets;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
}

function anchors(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of text.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = slug(m[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** What is wrong with a link of `file`, or undefined when it resolves. */
function problem(file: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined; // https:, mailto:, ...: not the repository's
  const [pathPart, fragment] = target.split('#', 2);
  const resolved = pathPart === '' ? path.join(ROOT, file) : path.resolve(ROOT, path.dirname(file), decodeURIComponent(pathPart.split('?')[0]));
  const inside = path.relative(ROOT, resolved);
  if (inside.startsWith('..') || path.isAbsolute(inside)) return 'points outside the repository';
  if (!existsSync(resolved)) return 'does not exist';
  if (fragment && resolved.endsWith('.md') && statSync(resolved).isFile() && !anchors(resolved).has(fragment.toLowerCase())) {
    return `has no heading for #${fragment}`;
  }
  return undefined;
}

test('every relative link in the README and docs/ resolves inside the repository', () => {
  const files = markdownFiles();
  expect(files).toEqual(expect.arrayContaining(['README.md', 'docs/README.md', 'docs/local-development.md']));
  const broken = files.flatMap((file) => linkTargets(readFileSync(path.join(ROOT, file), 'utf8'))
    .flatMap((target) => { const p = problem(file, target); return p ? [`${file}: ${target} ${p}`] : []; }));
  expect(broken).toEqual([]);
});

test('every page in docs/ is linked from the README or another page (docs/README.md is the index)', () => {
  const linked = new Set(markdownFiles().flatMap((file) => linkTargets(readFileSync(path.join(ROOT, file), 'utf8'))
    .filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t) && !t.startsWith('#'))
    .map((t) => path.relative(ROOT, path.resolve(ROOT, path.dirname(file), t.split('#')[0])))
    .filter((t) => t !== file)));
  const pages = markdownFiles().filter((f) => f.startsWith('docs/') && f !== 'docs/README.md');
  expect(pages.filter((p) => !linked.has(p))).toEqual([]);
  expect(linked.has('docs/README.md')).toBe(true);
});

test('the link check finds what is wrong', () => {
  expect(linkTargets('[a](../shared/x.md) `[b](no.md)` [c](docs/s3.md#errors "t")\n[d]: ./e.md\n<img src="f.svg">')).toEqual(['../shared/x.md', 'docs/s3.md#errors', './e.md', 'f.svg']);
  expect(problem('README.md', '../shared/reference/x.md')).toBe('points outside the repository');
  expect(problem('README.md', 'docs/nothing.md')).toBe('does not exist');
  expect(problem('README.md', 'docs/README.md#no-such-heading')).toBe('has no heading for #no-such-heading');
  expect(problem('docs/README.md', '../README.md')).toBeUndefined();
  expect(slug('Testcontainers (`STACK=containers npm test`)')).toBe('testcontainers-stackcontainers-npm-test');
});
