import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { checkSync } from 'recheck';
import ts from 'typescript';
import { isBase64 } from '../../worker/runtime/documents';
import { parseIsoDuration } from '../../worker/runtime/expressions';
import { findPlaceholders } from '../../worker/runtime/secret-placeholders';
import { environmentSecrets, SecretResolver } from '../../worker/runtime/secrets';

// The bounds are loose (CI shares two cores) yet far below what the quadratic versions took: 6.6 s and 1.8 s.
test('the secret placeholder scan is linear: 200 KB of "{{secrets." takes milliseconds, not seconds', async () => {
  const text = '{{secrets.'.repeat(20_000);
  const started = Date.now();
  expect(findPlaceholders(text)).toEqual([]);
  const resolver = new SecretResolver([environmentSecrets({}, 'SECRET_')]);
  await resolver.resolve({ a: text, b: `{{ secrets.${'a'.repeat(200_000)}` });
  expect(Date.now() - started).toBeLessThan(1000);
});

test('the base64 check is linear: 60,000 spaces and a "!" take milliseconds', () => {
  const started = Date.now();
  expect(isBase64(`${' '.repeat(60_000)}!`)).toBe(false);
  expect(isBase64('aGVs bG8=\n')).toBe(true);
  expect(isBase64('aGVsbG8=x')).toBe(false);
  expect(Date.now() - started).toBeLessThan(1000);
});

test('a long duration text is refused at once', () => {
  const started = Date.now();
  expect(() => parseIsoDuration(`P${'1'.repeat(100_000)}`, 'retryBackoff')).toThrow(/retryBackoff/);
  expect(Date.now() - started).toBeLessThan(1000);
});

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? sources(file) : file.endsWith('.ts') ? [file] : [];
  });
}

/** Every regular expression literal and `new RegExp('...')` with a literal pattern in the worker's code. */
function regexesOf(file: string): { where: string; source: string; flags: string }[] {
  const text = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const found: { where: string; source: string; flags: string }[] = [];
  const visit = (node: ts.Node) => {
    const line = sf.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    const where = `${path.relative(process.cwd(), file)}:${line}`;
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const literal = node.getText();
      const end = literal.lastIndexOf('/');
      found.push({ where, source: literal.slice(1, end), flags: literal.slice(end + 1) });
    } else if (ts.isNewExpression(node) && node.expression.getText() === 'RegExp' && node.arguments?.[0] && ts.isStringLiteralLike(node.arguments[0])) {
      found.push({ where, source: node.arguments[0].text, flags: node.arguments[1] && ts.isStringLiteralLike(node.arguments[1]) ? node.arguments[1].text : '' });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

test('no regular expression in worker/ is open to ReDoS (recheck finds none vulnerable)', () => {
  const all = sources(path.join(__dirname, '../../worker')).flatMap(regexesOf);
  expect(all.length).toBeGreaterThan(5);
  const vulnerable = all
    .map((r) => ({ ...r, result: checkSync(r.source, r.flags.replace(/[^gimsuy]/g, ''), { timeout: 10_000 }) }))
    .filter((r) => r.result.status !== 'safe')
    .map((r) => `${r.where} /${r.source}/${r.flags}: ${r.result.status}${r.result.status === 'vulnerable' ? ` (${r.result.complexity.summary})` : ''}`);
  expect(vulnerable).toEqual([]);
}, 120_000);
