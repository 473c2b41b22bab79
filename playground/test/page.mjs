// What a modeler does on the playground page, as steps for the browser test.

/** Selects a diagram element by its BPMN id (a click on it, unless it is selected: a second click would unselect it). */
export async function selectElement(page, id) {
  const selected = page.locator(`.djs-element.selected[data-element-id="${id}"]`);
  if ((await selected.count()) === 0) await page.click(`[data-element-id="${id}"]`);
  await selected.waitFor();
}

/** The template chooser of the properties panel: Select, then the template by its name. */
export async function applyTemplate(page, name) {
  await page.locator('#properties').getByRole('button', { name: 'Select' }).click();
  await page.locator('.djs-popup-results .entry', { hasText: name }).first().click();
  await page.locator('#properties .bio-properties-panel-header-type', { hasText: name }).waitFor();
}

/** Opens every group of the properties panel that is closed. */
export async function openAllGroups(page) {
  const closed = page.locator('#properties .bio-properties-panel-group-header:not(.open):has(.bio-properties-panel-arrow)');
  for (let i = 0; i < 50 && (await closed.count()) > 0; i++) await closed.first().click();
}

/** The panel entry whose label is exactly `label` (inside the group with that label when given). */
export function entry(page, label, group) {
  const scope = group ? page.locator('#properties .bio-properties-panel-group', { has: page.locator('.bio-properties-panel-group-header-title', { hasText: group }) }) : page.locator('#properties');
  return scope.locator('.bio-properties-panel-entry', { has: page.locator('label', { hasText: new RegExp(`^${label}$`) }) }).first();
}

/** Types into a text field or a FEEL editor of the panel, replacing what was there. */
export async function fill(page, label, value, group) {
  const field = entry(page, label, group).locator('input, textarea, [contenteditable=true]').first();
  await field.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await field.pressSequentially(value);
  await page.keyboard.press('Tab');
}

/** Runs the diagram and waits for the outcome; answers the status line, the variables and the incident messages. */
export async function run(page) {
  await page.click('#run');
  await page.waitForFunction(() => {
    const state = document.querySelector('#status')?.dataset.state;
    return state && state !== 'running';
  }, undefined, { timeout: 120_000 });
  const variablesText = await page.locator('#result-variables').textContent();
  return {
    status: await page.locator('#status').textContent(),
    variables: variablesText ? JSON.parse(variablesText) : undefined,
    incidents: await page.locator('.incident-message').allTextContents(),
  };
}
