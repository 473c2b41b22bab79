import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { connectors } from '../../worker/connectors';
import { templateFileName } from '../../worker/templates/generate';

/**
 * Every connector's panel, as the playground's browser test takes it (`npm --prefix playground run screenshots`),
 * is in docs/img/, shown in the README's templates section and on the connector's page; the pictures stay small.
 */
const ROOT = path.resolve(__dirname, '../..');
const IMG = path.join(ROOT, 'docs/img');
const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

test.each(connectors.map((c) => [c.name, c] as const))('%s: its panel is in docs/img, the README and its page', (name, connector) => {
  const image = `template-${templateFileName(connector).replace(/\.json$/, '')}.png`;
  expect(existsSync(path.join(IMG, image))).toBe(true);
  expect(readme).toContain(`docs/img/${image}`);
  expect(readFileSync(path.join(ROOT, 'docs', `${name}.md`), 'utf8')).toContain(`img/${image}`);
});

test('the pictures of docs/img stay under 3 MB together', () => {
  const bytes = readdirSync(IMG).reduce((sum, f) => sum + statSync(path.join(IMG, f)).size, 0);
  expect(bytes).toBeLessThan(3 * 1024 * 1024);
});
