// The playground in headless Chromium (Debian's, driven by playwright-core): `start.sh` as `npm run playground`
// runs it (against the running local stack, or one it starts), a modeler applies the S3 template, types bucket
// and key, runs, and sees the completed variables; a second run with a bucket that does not exist shows the
// incident; an example opens with one click and runs. Then every connector's panel, with the Authentication
// dropdown's default choice and no dropdown opening blank.
// Screenshots go to $PLAYGROUND_SCREENSHOTS (npm run screenshots: ../docs/img), else to test-output/.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './browser.mjs';
import { applyTemplate, entry, fill, openAllGroups, run, selectElement } from './page.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const shots = path.resolve(process.env.PLAYGROUND_SCREENSHOTS ?? path.join(here, '../test-output'));
const DEFAULT_CREDENTIALS = "Worker's credentials (environment, instance role)";

let playground;
let browser;
let page;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** `bash playground/start.sh` with its own ports; resolves with the page's address once it says it is ready. */
async function startPlayground() {
  const env = { ...process.env, PLAYGROUND_PORT: String(await freePort()), PLAYGROUND_WORKER_PORT: String(await freePort()) };
  const child = spawn('bash', [path.join(root, 'playground/start.sh')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the playground did not start in 240 s:\n${output}`)), 240_000);
    const onData = (data) => {
      output += data;
      const ready = /playground ready at (\S+)/.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolve(ready[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`start.sh exited with ${code}:\n${output}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return { url, stop: async () => { child.kill('SIGTERM'); await exited; } };
}

async function screenshot(name) {
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
}

before(async () => {
  mkdirSync(shots, { recursive: true });
  playground = await startPlayground();
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await page.goto(playground.url);
  await page.locator('body[data-ready=true]').waitFor({ timeout: 60_000 });
});

after(async () => {
  await browser?.close();
  await playground?.stop();
});

test('the bpmn.io watermark is displayed, unchanged and not covered', async () => {
  const watermark = page.locator('.bjs-powered-by');
  assert.equal(await watermark.isVisible(), true);
  assert.match(await watermark.getAttribute('href'), /^https?:\/\/bpmn\.io\/?$/);
  const box = await watermark.boundingBox();
  assert.ok(box && box.width >= 20 && box.height >= 10, `the watermark has its size: ${JSON.stringify(box)}`);
  // What is on top at the watermark's centre is the watermark itself (the licence: not visually overlapped).
  const onTop = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('.bjs-powered-by') !== null,
    { x: box.x + box.width / 2, y: box.y + box.height / 2 });
  assert.equal(onTop, true);
});

test('the S3 template, filled in the panel, uploads to the bucket and the page shows the variables', async () => {
  const key = `playground-${Date.now()}.txt`;
  await selectElement(page, 'task');
  await applyTemplate(page, 'AWS S3');
  await openAllGroups(page);
  await fill(page, 'Bucket', 'playground', 'Action');
  await fill(page, 'Key', key, 'Action');
  await fill(page, 'Document', 'document', 'Action');
  await fill(page, 'Result variable', 'uploaded', 'Output mapping');

  const outcome = await run(page);
  assert.match(outcome.status, /: COMPLETED$/);
  assert.deepEqual(outcome.incidents, []);
  assert.equal(outcome.variables.uploaded.bucket, 'playground');
  assert.equal(outcome.variables.uploaded.key, key);
  assert.equal(outcome.variables.uploaded.size, 'Hello from the playground'.length);
  assert.match(outcome.variables.uploaded.eTag, /^"?[0-9a-f]{32}"?$/);
  // The path taken: the three elements and both flows are marked.
  assert.equal(await page.locator('.djs-element.pg-completed').count(), 3);
  assert.equal(await page.locator('.djs-element.pg-taken').count(), 2);
  await screenshot('playground-completed');
});

test('a bucket that does not exist: the incident and its message are shown on the page', async () => {
  const bucket = `no-such-bucket-${Date.now()}`;
  await selectElement(page, 'task');
  await openAllGroups(page);
  await fill(page, 'Bucket', bucket, 'Action');

  const outcome = await run(page);
  assert.match(outcome.status, /: INCIDENT$/);
  assert.equal(outcome.incidents.length, 1);
  assert.match(outcome.incidents[0], /NOT_FOUND/);
  assert.match(outcome.incidents[0], new RegExp(bucket));
  assert.equal(await page.locator('.djs-element.pg-incident[data-element-id=task]').count(), 1);
  await screenshot('playground-incident');
});

test('an example opens with one click, with its variables, and runs through', async () => {
  await page.locator('#examples').getByRole('button', { name: 's3-document-round-trip' }).click();
  await page.locator('[data-element-id=downloadText]').waitFor();
  assert.equal(JSON.parse(await page.locator('#variables').inputValue()).bucket, 'playground');

  const outcome = await run(page);
  assert.match(outcome.status, /: COMPLETED$/);
  assert.equal(outcome.variables.downloadedText, 'Quarterly report: all green.');
  assert.ok(outcome.variables.listedKeys.includes('reports/report.txt'), JSON.stringify(outcome.variables.listedKeys));
  assert.equal(outcome.variables.deleted.deleted, true);
  assert.equal(await page.locator('.djs-element.pg-completed').count(), 7);
});

// Every connector's current templates (the top level of element-templates/; versioned/ holds the older ones): a file
// holds one template (an outbound connector's, for a task) or a list (an inbound connector's, one per kind of event).
const connectors = readdirSync(path.join(root, 'element-templates'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ file: f.replace(/\.json$/, ''), templates: [JSON.parse(readFileSync(path.join(root, 'element-templates', f), 'utf8'))].flat() }));
assert.ok(connectors.length >= 11, `every connector's template: ${connectors.map((c) => c.file)}`);

/** The template's dropdowns that other properties' conditions name, shown without a condition of their own. */
function switches(template) {
  const named = new Set(template.properties.flatMap((p) => {
    const c = p.condition;
    return c ? (c.allMatch ?? [c]).map((m) => m.property) : [];
  }));
  const groups = new Map(template.groups.map((g) => [g.id, g.label]));
  return template.properties
    .filter((p) => p.type === 'Dropdown' && named.has(p.id) && !p.condition)
    .map((p) => ({ label: p.label, group: groups.get(p.group), values: [p.value ?? p.choices[0].value, ...p.choices.map((c) => c.value).filter((v) => v !== p.value)] }));
}

/** Applies the template to the starter diagram's element and checks its dropdowns: the credentials named, none blank. */
async function applyAndCheck(template, elementId) {
  await page.click('#new-diagram');
  await selectElement(page, elementId);
  await applyTemplate(page, template.name);
  await openAllGroups(page);
  if (template.properties.some((p) => p.id === 'authentication.type')) {
    const credentials = entry(page, 'Credentials', 'Authentication').locator('select');
    assert.equal(await credentials.locator('option:checked').textContent(), DEFAULT_CREDENTIALS);
  }
  // No dropdown of the panel opens blank, whatever each dropdown that shows or hides fields is switched to.
  for (const { label, group, values } of switches(template)) {
    const select = entry(page, label, group).locator('select');
    for (const value of values) {
      await select.selectOption(value);
      const blank = await page.locator('#properties select:visible').evaluateAll((selects) => selects
        .filter((s) => (s.selectedOptions[0]?.textContent ?? '').trim() === '')
        .map((s) => s.closest('.bio-properties-panel-entry')?.querySelector('label')?.textContent ?? s.id));
      assert.deepEqual(blank, [], `with ${label} = ${value}: dropdowns that open blank`);
    }
    await select.selectOption(values[0]);
  }
}

for (const { file, templates } of connectors) {
  const task = templates.find((t) => t.appliesTo.includes('bpmn:Task'));
  if (task) {
    test(`${task.name}: the panel, with the Authentication dropdown's default choice named and no dropdown blank`, async () => {
      await applyAndCheck(task, 'task');
      // The whole panel: its scroll container grows to its content for the picture.
      await page.addStyleTag({ content: 'main { grid-template-columns: 1fr 480px !important; } #properties { overflow: visible !important; } .bio-properties-panel-scroll-container { height: auto !important; overflow: visible !important; }' });
      await page.setViewportSize({ width: 1400, height: 4000 });
      const box = await page.locator('#properties .bio-properties-panel').boundingBox();
      // Down to the last group (the panel itself fills the window).
      const bottom = await page.evaluate(() => Math.max(...[...document.querySelectorAll('#properties .bio-properties-panel-group')]
        .map((group) => group.getBoundingClientRect().bottom)));
      const height = Math.ceil(bottom - box.y) + 8;
      await page.screenshot({ path: path.join(shots, `template-${file}.png`), clip: { ...box, height: Math.min(height, box.height) } });
      await page.setViewportSize({ width: 1400, height: 1000 });
    });
  }
  // An inbound connector: its message start event (the other kinds share its properties).
  const start = templates.find((t) => t.appliesTo.includes('bpmn:StartEvent'));
  if (start) {
    test(`${start.name}: applied to the start event, no dropdown blank`, async () => {
      await applyAndCheck(start, 'start');
    });
  }
  assert.ok(task || start, `${file}: a template for a task or a start event`);
}
