import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * The product names things as its users know them: Alfresco Process Automation's AWS connectors (ENTITY, LABEL,
 * EXTRACT, INVOKE) and Camunda's AWS connectors, never "the seeds" (the project's own word for its source
 * documents). Checked in everything a user reads: the READMEs, every file under docs/ and element-templates/
 * (pages added later included), the examples, and every string the code can print (messages, logs, --help,
 * template labels). Code identifiers, comments and test file names may keep the word.
 */
const ROOT = path.resolve(__dirname, '../..');
const WORD = /\bseed(s|'s|s')?\b/i;
/** A file name in backquotes or a path, e.g. `test/integration/seed-connectors.test.ts`: a name, not a word. */
const FILE_NAME = /[\w./-]*seed[\w.-]*\.(ts|js|json)\b/gi;

function files(dir: string, keep: (f: string) => boolean = () => true): string[] {
  const full = path.join(ROOT, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)))
    .filter((f) => !f.split(path.sep).includes('node_modules') && keep(f));
}

/** `file:line: text` for every line of `text` that says the word. */
function offences(file: string, text: string, firstLine = 1): string[] {
  return text.split('\n').flatMap((line, i) => (WORD.test(line.replace(FILE_NAME, '')) ? [`${file}:${firstLine + i}: ${line.trim()}`] : []));
}

/** The text of every string a TypeScript or JavaScript file holds, but module names (`require('./seed-extract')`). */
function codeStrings(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    const moduleName = ts.isImportDeclaration(node.parent) || ts.isExportDeclaration(node.parent) || ts.isExternalModuleReference(node.parent)
      || (ts.isCallExpression(node.parent) && (node.parent.expression.getText() === 'require' || node.parent.expression.kind === ts.SyntaxKind.ImportKeyword))
      || (ts.isLiteralTypeNode(node.parent) && ts.isImportTypeNode(node.parent.parent));
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && !moduleName) {
      found.push(...offences(file, node.text, source.getLineAndCharacterOfPosition(node.getStart()).line + 1));
    } else if (ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      found.push(...offences(file, node.text, source.getLineAndCharacterOfPosition(node.getStart()).line + 1));
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(source, visit);
  return found;
}

test('README, docs, templates and examples never say "seed"', () => {
  const read = [
    'README.md', 'engine/README.md', 'docker/README.md',
    ...files('docs'), ...files('element-templates'), ...files('examples'),
  ].filter((f) => existsSync(path.join(ROOT, f)) && !/\.(png|jpe?g|gif|ico|pdf)$/i.test(f));
  expect(read.length).toBeGreaterThan(10);
  expect(read.flatMap((f) => offences(f, readFileSync(path.join(ROOT, f), 'utf8')))).toEqual([]);
});

test('no message, log line or label the code can print says "seed"', () => {
  const code = [
    ...files('worker', (f) => f.endsWith('.ts')), ...files('bin', (f) => f.endsWith('.js')),
    ...files('scripts', (f) => /\.(ts|js)$/.test(f)), ...files('engine/src', (f) => f.endsWith('.ts')),
  ];
  expect(code.length).toBeGreaterThan(50);
  expect(code.flatMap(codeStrings)).toEqual([]);
  // What the shell scripts print.
  const shell = files('scripts', (f) => f.endsWith('.sh')).flatMap((f) =>
    offences(f, readFileSync(path.join(ROOT, f), 'utf8').split('\n').filter((l) => /\b(echo|printf|log|die)\b/.test(l) && !l.trim().startsWith('#')).join('\n')));
  expect(shell).toEqual([]);
});

test('the check finds the word where it is', () => {
  expect(offences('x.md', 'as the seeds say\nfine\nseed 000')).toEqual(['x.md:1: as the seeds say', 'x.md:3: seed 000']);
  expect(offences('x.md', 'see `test/integration/seed-connectors.test.ts` and seeded data')).toEqual([]);
});
