/**
 * Writes element-templates/<file> for every connector from its input schemas.
 *   npm run templates            regenerate
 *   npm run templates -- --check  exit 1 and list the files that differ from the generator's output
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { connectors } from '../worker/connectors';
import { generateTemplate, renderTemplate, templateFileName } from '../worker/templates/generate';
import { generateInboundTemplates, INBOUND_KINDS, inboundTemplateFileName } from '../worker/templates/inbound';

const OUT_DIR = join(__dirname, '..', 'element-templates');

function main(argv: string[]): number {
  const check = argv.includes('--check');
  const stale: string[] = [];
  if (!check) mkdirSync(OUT_DIR, { recursive: true });

  const files = [
    ...connectors.map((c) => ({ file: join(OUT_DIR, templateFileName(c)), text: renderTemplate(generateTemplate(c)) })),
    ...INBOUND_KINDS.map((k) => ({ file: join(OUT_DIR, inboundTemplateFileName(k)), text: `${JSON.stringify(generateInboundTemplates(k), null, 2)}\n` })),
  ];
  for (const { file, text } of files) {
    const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    if (current === text) continue;
    if (check) stale.push(relative(process.cwd(), file));
    else {
      writeFileSync(file, text);
      console.log(`wrote ${relative(process.cwd(), file)}`);
    }
  }

  if (check && stale.length > 0) {
    console.error(`Element templates are out of date; run \`npm run templates\`:\n${stale.map((f) => `  ${f}`).join('\n')}`);
    return 1;
  }
  if (check) console.log('Element templates are up to date.');
  return 0;
}

process.exitCode = main(process.argv.slice(2));
