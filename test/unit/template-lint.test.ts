import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectors } from '../../worker/connectors';
import { generateTemplate, type ElementTemplate, type TemplateProperty } from '../../worker/templates/generate';
import { lintTemplate } from '../../worker/templates/lint';

const TEMPLATES_DIR = join(__dirname, '..', '..', 'element-templates');

describe.each(connectors.map((c) => [c.name, c] as const))('template lint: %s', (_name, connector) => {
  it('finds nothing', () => {
    expect(lintTemplate(generateTemplate(connector))).toEqual([]);
  });
});

describe('template lint rules', () => {
  const base = (properties: TemplateProperty[]): ElementTemplate => ({
    $schema: 'x', name: 'T', id: 't', description: 'T', version: 1,
    category: { id: 'connectors', name: 'Connectors' }, appliesTo: ['bpmn:Task'], elementType: { value: 'bpmn:ServiceTask' },
    engines: { camunda: '^8.6' },
    groups: [{ id: 'action', label: 'Action' }],
    properties,
  });
  const input = (id: string, extra: Partial<TemplateProperty> = {}): TemplateProperty => ({
    id, label: id, description: `Sets ${id}.`, group: 'action', type: 'String', binding: { type: 'zeebe:input', name: id }, ...extra,
  });
  const rules = (properties: TemplateProperty[]) => lintTemplate(base(properties)).map((f) => [f.property, f.rule]);
  const mode: TemplateProperty = input('mode', { type: 'Dropdown', value: 'a', choices: [{ name: 'A', value: 'a' }, { name: 'B', value: 'b' }] });

  it('accepts a clean template', () => {
    expect(rules([mode, input('x', { condition: { property: 'mode', equals: 'b' } })])).toEqual([]);
  });

  it('finds an empty, a cut and a Markdown description', () => {
    expect(rules([
      input('empty', { description: ' ' }),
      input('none', { description: undefined }),
      input('cut', { description: "Defaults to the document's" }),
      input('md', { description: 'The result (also as `response`).' }),
    ])).toEqual([['empty', 'description-missing'], ['none', 'description-missing'], ['cut', 'description-cut'], ['md', 'description-markdown']]);
  });

  it('finds a label that repeats its group', () => {
    expect(rules([input('a', { label: 'action' })])).toEqual([['a', 'label-repeats-group']]);
  });

  it('finds a dropdown that opens blank: optional, without a value, or with an empty choice', () => {
    const keys = { name: 'Keys', value: 'keys' };
    const worker = { name: 'Worker\'s credentials', value: 'worker' };
    const dropdown = (id: string, extra: Partial<TemplateProperty>) => input(id, { type: 'Dropdown', choices: [worker, keys], ...extra });
    expect(rules([
      dropdown('optional', { optional: true }),
      dropdown('optionalWithValue', { optional: true, value: 'worker' }),
      dropdown('noValue', {}),
      // the earlier way: a named empty choice; the Modeler still adds its own blank option to an optional dropdown
      dropdown('namedEmpty', { optional: true, choices: [{ name: 'Worker default', value: '' }, keys] }),
      dropdown('emptyWithValue', { value: 'keys', choices: [{ name: 'Worker default', value: '' }, keys] }),
      dropdown('named', { value: 'worker' }),
    ])).toEqual([
      ['optional', 'dropdown-opens-blank'], ['optionalWithValue', 'dropdown-opens-blank'], ['noValue', 'dropdown-opens-blank'],
      ['namedEmpty', 'dropdown-opens-blank'], ['emptyWithValue', 'dropdown-opens-blank'],
    ]);
  });

  it('finds properties that no condition can reach', () => {
    expect(rules([
      mode,
      input('noSuchValue', { condition: { property: 'mode', equals: 'c' } }),
      input('noSuchProperty', { condition: { property: 'missing', equals: 'a' } }),
      input('contradiction', { condition: { allMatch: [{ property: 'mode', equals: 'a' }, { property: 'mode', equals: 'b' }] } }),
      // visible only when x is shown, and x only when mode is b, but this one wants mode a
      input('x', { condition: { property: 'mode', equals: 'b' } }),
      input('behindHidden', { condition: { allMatch: [{ property: 'x', equals: 'anything' }, { property: 'mode', equals: 'a' }] } }),
      input('behindShown', { condition: { allMatch: [{ property: 'x', equals: 'anything' }, { property: 'mode', equals: 'b' }] } }),
    ])).toEqual([['noSuchValue', 'unreachable'], ['noSuchProperty', 'unreachable'], ['contradiction', 'unreachable'], ['behindHidden', 'unreachable']]);
  });
});

describe('published versions', () => {
  const VERSIONED_DIR = join(TEMPLATES_DIR, 'versioned');
  const published = readdirSync(VERSIONED_DIR).filter((f) => f.endsWith('.json'));

  it.each(connectors.map((c) => [c.name, c] as const))('%s keeps every earlier version beside the current one', (name, connector) => {
    const current = generateTemplate(connector);
    const versions = published
      .filter((f) => f.startsWith(`aws-${name}-`))
      .map((f) => JSON.parse(readFileSync(join(VERSIONED_DIR, f), 'utf8')) as ElementTemplate);
    for (const t of versions) expect(t.id).toBe(current.id);
    const numbers = versions.map((t) => t.version).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: current.version - 1 }, (_, i) => i + 1));
  });

  it('names each file after its template and version', () => {
    for (const f of published) {
      const t = JSON.parse(readFileSync(join(VERSIONED_DIR, f), 'utf8')) as ElementTemplate;
      const connector = connectors.find((c) => c.template.id === t.id);
      expect(f).toBe(`aws-${connector?.name}-${t.version}.json`);
    }
  });
});
