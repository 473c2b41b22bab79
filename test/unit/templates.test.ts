import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { Type, type TSchema } from '@sinclair/typebox';
import templateSchema from '@camunda/zeebe-element-templates-json-schema/resources/schema.json';
import { connectors } from '../../worker/connectors';
import type { Connector } from '../../worker/connectors/connector';
import { shown } from '../../worker/connectors/template-meta';
import {
  generateTemplate,
  renderTemplate,
  templateFileName,
  type Condition,
  type ElementTemplate,
  type TemplateProperty,
} from '../../worker/templates/generate';
import { INBOUND_KINDS, inboundTemplateFileName } from '../../worker/templates/inbound';

// The validator ships no type declarations.
interface ValidatorIssue { message: string }
const { validateZeebe } = require('@bpmn-io/element-templates-validator') as {
  validateZeebe(template: unknown): { valid: boolean; errors?: ValidatorIssue[]; warnings?: ValidatorIssue[] };
};

const TEMPLATES_DIR = join(__dirname, '..', '..', 'element-templates');

/** The one warning the validator gives for our templates, on purpose: `optional` keeps empty inputs out of the XML on 8.6/8.7. */
const OPTIONAL_INPUT_DEPRECATION = /'optional' with 'zeebe:input' binding is deprecated/;

// Walked independently of the generator: objects without template metadata are containers, everything else a leaf.
function leafPaths(schema: TSchema, prefix = ''): string[] {
  const out: string[] = [];
  for (const [name, child] of Object.entries((schema.properties ?? {}) as Record<string, TSchema>)) {
    const path = prefix ? `${prefix}.${name}` : name;
    if (child.type === 'object' && child.properties && !('template' in child)) out.push(...leafPaths(child, path));
    else out.push(path);
  }
  return out;
}

function inputName(p: TemplateProperty): string | undefined {
  return p.binding.type === 'zeebe:input' ? p.binding.name : undefined;
}

/** Whether a property is shown for a choice; conditions on anything but the discriminator may hold, so they count as met. */
function activeFor(p: TemplateProperty, discriminatorId: string | undefined, choice: string): boolean {
  const holds = (c: Condition): boolean => {
    if ('allMatch' in c) return c.allMatch.every(holds);
    if (c.property !== discriminatorId) return true;
    return 'equals' in c ? c.equals === choice : c.oneOf.includes(choice);
  };
  return p.condition === undefined || holds(p.condition);
}

describe.each(connectors.map((c) => [c.name, c] as const))('element template of %s', (_name, connector) => {
  const template = generateTemplate(connector);
  const file = join(TEMPLATES_DIR, templateFileName(connector));
  const discriminatorPath = connector.inputs.discriminator?.path;
  const discriminator = template.properties.find((p) => discriminatorPath !== undefined && inputName(p) === discriminatorPath);

  it('is committed and up to date', () => {
    const expected = renderTemplate(template);
    const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    if (current !== expected) {
      throw new Error(`${templateFileName(connector)} is ${current === undefined ? 'missing' : 'stale'}: run \`npm run templates\` and commit element-templates/`);
    }
  });

  it('validates against the element template JSON schema (ajv, draft-07)', () => {
    const ajv = new Ajv({ strict: false, allErrors: true, $data: true });
    addFormats(ajv);
    const validate = ajv.compile(templateSchema);
    const valid = validate(template);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('validates with @bpmn-io/element-templates-validator', () => {
    const { valid, errors, warnings } = validateZeebe(template);
    expect((errors ?? []).map((e) => e.message)).toEqual([]);
    expect(valid).toBe(true);
    const unexpected = (warnings ?? []).map((w) => w.message).filter((m) => !OPTIONAL_INPUT_DEPRECATION.test(m));
    expect(unexpected).toEqual([]);
  });

  it('has the Camunda connector header and standard properties', () => {
    expect(template).toMatchObject({
      $schema: 'https://unpkg.com/@camunda/zeebe-element-templates-json-schema/resources/schema.json',
      id: connector.template.id,
      version: connector.template.version,
      appliesTo: ['bpmn:Task'],
      elementType: { value: 'bpmn:ServiceTask' },
      category: { id: 'connectors', name: 'Connectors' },
      engines: { camunda: '^8.6' },
    });
    expect(template.properties[0]).toEqual({ type: 'Hidden', value: connector.taskType, binding: { type: 'zeebe:taskDefinition', property: 'type' } });
    expect(template.properties.slice(-8).map((p) => p.id)).toEqual(['version', 'id', 'resultVariable', 'resultExpression', 'errorExpression', 'retryCount', 'retryBackoff', 'jobTimeout']);
    expect(template.groups.slice(-4).map((g) => g.id)).toEqual(['connector', 'output', 'error', 'retries']);
    const groups = new Set(template.groups.map((g) => g.id));
    for (const p of template.properties) if (p.group) expect(groups).toContain(p.group);
    const ids = template.properties.flatMap((p) => (p.id ? [p.id] : []));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('shows exactly one property per input path and choice', () => {
    const inputs = template.properties.filter((p) => inputName(p) !== undefined);
    for (const [choice, schema] of Object.entries(connector.inputs.schemas)) {
      const paths = leafPaths(schema);
      const active = inputs.filter((p) => activeFor(p, discriminator?.id, choice));
      for (const path of paths) {
        const bound = active.filter((p) => inputName(p) === path).map((p) => p.id);
        expect({ choice, path, bound: bound.length }).toEqual({ choice, path, bound: 1 });
      }
      // and nothing is sent that the choice's schema does not know
      expect(active.map(inputName).filter((n) => !paths.includes(n!))).toEqual([]);
    }
  });

  if (discriminatorPath) {
    it('offers every choice in the discriminator dropdown, the first by default', () => {
      const choices = Object.keys(connector.inputs.schemas);
      expect(discriminator).toBeDefined();
      expect(discriminator!.type).toBe('Dropdown');
      expect(discriminator!.choices!.map((c) => c.value).sort()).toEqual([...choices].sort());
      expect(discriminator!.value).toBe(choices[0]);
      expect(discriminator!.condition).toBeUndefined();
    });
  }
});

it('element-templates/ holds no template of an unknown connector', () => {
  const expected = new Set([...connectors.map(templateFileName), ...INBOUND_KINDS.map(inboundTemplateFileName)]);
  const orphans = readdirSync(TEMPLATES_DIR).filter((f) => f.startsWith('aws-') && f.endsWith('.json') && !expected.has(f));
  expect(orphans).toEqual([]);
});

describe('generateTemplate', () => {
  const s3 = connectors.find((c) => c.name === 's3')!;
  const byId = (t: ElementTemplate, id: string) => t.properties.find((p) => p.id === id);

  it('gives a path with different metadata per choice one property per rendering, same binding, exclusive conditions', () => {
    const t = generateTemplate(s3);
    const buckets = t.properties.filter((p) => inputName(p) === 'action.bucket');
    expect(buckets.map((p) => [p.id, p.label])).toEqual([['action.bucket', 'Bucket'], ['action.bucket.copy', 'Target bucket']]);
    expect(buckets[1].condition).toEqual({ property: 'action.type', equals: 'copy' });
    expect(byId(t, 'action.key.upload')).toMatchObject({ optional: true, condition: { property: 'action.type', equals: 'upload' } });
    expect(byId(t, 'action.key')).toMatchObject({ constraints: { notEmpty: true } });
  });

  it('derives types, requiredness and authentication visibility', () => {
    const t = generateTemplate(s3);
    expect(byId(t, 'action.maxKeys')).toMatchObject({ type: 'Number', value: 1000, feel: 'static' });
    expect(byId(t, 'action.document')).toMatchObject({ type: 'String', feel: 'required', constraints: { notEmpty: true } });
    // S3's own defaults are choices of their own that send nothing (as authentication.type = worker below).
    for (const id of ['action.storageClass', 'action.serverSideEncryption']) {
      expect(byId(t, id)).toMatchObject({ type: 'Dropdown', value: 'default' });
      expect(byId(t, id)!.optional).toBeUndefined();
    }
    expect(byId(t, 'action.storageClass')!.choices![0]).toEqual({ name: 'S3\'s default (STANDARD)', value: 'default' });
    expect(byId(t, 'action.serverSideEncryption')!.choices![0]).toEqual({ name: 'S3\'s default (bucket settings)', value: 'default' });
    expect(byId(t, 'action.returnAs')).toMatchObject({ type: 'Dropdown', value: 'document' });
    // authentication and configuration are optional objects: nothing in them is required
    expect(byId(t, 'configuration.region')).toMatchObject({ optional: true });
    expect(byId(t, 'configuration.region')).not.toHaveProperty('constraints');
    // The Modeler adds a blank first option to an optional dropdown: this one opens on a choice that says what it means.
    expect(byId(t, 'authentication.type')).toMatchObject({ type: 'Dropdown', value: 'worker' });
    expect(byId(t, 'authentication.type')!.optional).toBeUndefined();
    expect(byId(t, 'authentication.type')!.choices![0]).toEqual({ name: 'Worker\'s credentials (environment, instance role)', value: 'worker' });
    expect(byId(t, 'authentication.accessKey')!.condition).toEqual({ property: 'authentication.type', oneOf: ['credentials', 'assumeRole'] });
    expect(byId(t, 'authentication.roleArn')!.condition).toEqual({ property: 'authentication.type', equals: 'assumeRole' });
  });

  it('refuses an input without template metadata', () => {
    const broken: Connector = {
      ...s3,
      inputs: { schemas: { only: Type.Object({ action: Type.Object({ bucket: Type.String() }) }) } },
    };
    expect(() => generateTemplate(broken)).toThrow(/action\.bucket has no template metadata/);
  });

  it('works for a connector without a discriminator', () => {
    const single: Connector = {
      ...s3,
      inputs: {
        schemas: {
          invoke: Type.Object({
            functionName: shown(Type.String({ minLength: 1 }), { label: 'Function', group: 'action', feel: 'optional' }),
            payload: Type.Optional(shown(Type.Unknown(), { label: 'Payload', group: 'action', feel: 'required', editor: 'Text' })),
            async: Type.Optional(shown(Type.Boolean({ default: false }), { label: 'Asynchronous', group: 'action' })),
          }),
        },
      },
    };
    const t = generateTemplate(single);
    expect(validateZeebe(t).errors ?? []).toEqual([]);
    const inputs = t.properties.filter((p) => inputName(p) !== undefined);
    expect(inputs.map((p) => [p.id, p.type, p.condition])).toEqual([
      ['functionName', 'String', undefined],
      ['payload', 'Text', undefined],
      ['async', 'Boolean', undefined],
    ]);
  });
});
