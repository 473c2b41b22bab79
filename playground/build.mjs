// Bundles the page with esbuild into dist/ (git-ignored): node build.mjs
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'dist');
await mkdir(out, { recursive: true });
await build({
  entryPoints: { app: path.join(here, 'src/app.js') },
  bundle: true,
  outdir: out,
  format: 'iife',
  minify: true,
  target: 'es2022',
  define: { 'process.env.NODE_ENV': '"production"' },
  // The bpmn-io stylesheets bring their icon fonts; .bpmn files are the starter diagram, as text.
  loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file', '.bpmn': 'text' },
  logLevel: 'warning',
});
await copyFile(path.join(here, 'src/index.html'), path.join(out, 'index.html'));
console.log(`playground built into ${path.relative(process.cwd(), out) || '.'}`);
