/**
 * Writes results/<name>.json (each connector's result schemas, published in the package) and the output tables
 * between the results markers of docs/<name>.md, from the connectors' result schemas.
 *   npm run results            regenerate
 *   npm run results -- --check  exit 1 and list the files that differ from the generator's output
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { connectors } from '../worker/connectors';
import { renderResultsDocument, withResultTables } from '../worker/templates/result-docs';

const ROOT = join(__dirname, '..');

function main(argv: string[]): number {
  const check = argv.includes('--check');
  const stale: string[] = [];
  const write = (file: string, text: string) => {
    const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    if (current === text) return;
    if (check) stale.push(relative(process.cwd(), file));
    else {
      writeFileSync(file, text);
      console.log(`wrote ${relative(process.cwd(), file)}`);
    }
  };
  if (!check) mkdirSync(join(ROOT, 'results'), { recursive: true });
  for (const connector of connectors) {
    if (!connector.results) continue;
    write(join(ROOT, 'results', `${connector.name}.json`), renderResultsDocument(connector));
    const page = join(ROOT, 'docs', `${connector.name}.md`);
    write(page, withResultTables(readFileSync(page, 'utf8'), connector, relative(ROOT, page)));
  }
  if (check && stale.length > 0) {
    console.error(`Result schemas' files are out of date; run \`npm run results\`:\n${stale.map((f) => `  ${f}`).join('\n')}`);
    return 1;
  }
  if (check) console.log('Result schemas\' files are up to date.');
  return 0;
}

process.exitCode = main(process.argv.slice(2));
