import type { TSchema } from '@sinclair/typebox';
import type { Connector } from '../connectors/connector';
import { templateMetaOf, type TemplateMeta } from '../connectors/template-meta';
import { iconOf } from './icons';

/**
 * Camunda Modeler element templates, generated from each connector's input schemas (the single source of
 * truth: the same schemas validate the job's input). Pure: no I/O; scripts/generate-templates.ts writes the files.
 *
 * Follows @camunda/zeebe-element-templates-json-schema 0.46 and the conventions of Camunda's own connector
 * templates (header fields, the task-type property first, the standard trailing properties).
 */

export const TEMPLATE_SCHEMA_URL = 'https://unpkg.com/@camunda/zeebe-element-templates-json-schema/resources/schema.json';
export const TEMPLATE_ENGINES = { camunda: '^8.6' } as const;

// ---------------------------------------------------------------------------------------------------------
// The template JSON (the subset of the schema this generator emits)

export type PropertyType = 'String' | 'Text' | 'Hidden' | 'Dropdown' | 'Boolean' | 'Number';

export type Binding =
  | { type: 'zeebe:input'; name: string }
  | { type: 'zeebe:taskHeader'; key: string }
  | { type: 'zeebe:taskDefinition'; property: 'type' | 'retries' };

export type SimpleCondition =
  | { property: string; equals: string | number | boolean }
  | { property: string; oneOf: (string | number)[] };

export type Condition = SimpleCondition | { allMatch: SimpleCondition[] };

export interface TemplateProperty {
  id?: string;
  label?: string;
  description?: string;
  group?: string;
  type: PropertyType;
  value?: string | number | boolean;
  placeholder?: string;
  optional?: boolean;
  feel?: 'optional' | 'required' | 'static';
  binding: Binding;
  constraints?: { notEmpty?: boolean };
  condition?: Condition;
  choices?: { name: string; value: string }[];
}

export interface ElementTemplate {
  $schema: string;
  name: string;
  id: string;
  description: string;
  version: number;
  documentationRef?: string;
  keywords?: string[];
  icon?: { contents: string };
  category: { id: string; name: string };
  appliesTo: string[];
  elementType: { value: string };
  engines: { camunda: string };
  groups: { id: string; label: string }[];
  properties: TemplateProperty[];
}

// ---------------------------------------------------------------------------------------------------------

/** The groups every template ends with, for the standard trailing properties. */
const STANDARD_GROUPS = [
  { id: 'connector', label: 'Connector' },
  { id: 'output', label: 'Output mapping' },
  { id: 'error', label: 'Error handling' },
  { id: 'retries', label: 'Retries and timeout' },
];

/**
 * Extra visibility of the shared AWS authentication fields, by the chosen `authentication.type`
 * (the schema cannot say "only for this type" for a field of one object).
 */
const AUTH_TYPE_ID = 'authentication.type';
const VISIBLE_WHEN: Record<string, SimpleCondition> = {
  'authentication.accessKey': { property: AUTH_TYPE_ID, oneOf: ['credentials', 'assumeRole'] },
  'authentication.secretKey': { property: AUTH_TYPE_ID, oneOf: ['credentials', 'assumeRole'] },
  'authentication.sessionToken': { property: AUTH_TYPE_ID, oneOf: ['credentials', 'assumeRole'] },
  'authentication.roleArn': { property: AUTH_TYPE_ID, equals: 'assumeRole' },
  'authentication.externalId': { property: AUTH_TYPE_ID, equals: 'assumeRole' },
  'authentication.roleSessionName': { property: AUTH_TYPE_ID, equals: 'assumeRole' },
};

export function templateFileName(connector: Pick<Connector, 'name'>): string {
  return `aws-${connector.name}.json`;
}

/** The file's text: pretty JSON (2 spaces) with a trailing newline. */
export function renderTemplate(template: ElementTemplate): string {
  return `${JSON.stringify(template, null, 2)}\n`;
}

export function generateTemplate(connector: Connector): ElementTemplate {
  const { template } = connector;
  const groupIds = new Set(template.groups.map((g) => g.id));
  for (const g of STANDARD_GROUPS) {
    if (groupIds.has(g.id)) throw new Error(`${connector.name}: group id "${g.id}" is reserved for the standard properties`);
  }

  const inputProperties = connectorProperties(connector);
  for (const p of inputProperties) {
    if (p.group && !groupIds.has(p.group)) throw new Error(`${connector.name}: property ${p.id} is in group "${p.group}", which the template does not declare`);
  }

  return {
    $schema: TEMPLATE_SCHEMA_URL,
    name: template.name,
    id: template.id,
    description: template.description,
    version: template.version,
    ...(template.documentationRef ? { documentationRef: template.documentationRef } : {}),
    ...(template.keywords?.length ? { keywords: [...template.keywords] } : {}),
    ...(iconOf(connector.name) ? { icon: { contents: iconOf(connector.name)! } } : {}),
    category: { id: 'connectors', name: 'Connectors' },
    appliesTo: ['bpmn:Task'],
    elementType: { value: 'bpmn:ServiceTask' },
    engines: { ...TEMPLATE_ENGINES },
    groups: [...template.groups.map((g) => ({ id: g.id, label: g.label })), ...STANDARD_GROUPS],
    properties: [
      { type: 'Hidden', value: connector.taskType, binding: { type: 'zeebe:taskDefinition', property: 'type' } },
      ...inputProperties,
      ...standardProperties(connector),
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------
// Input properties

/** A leaf of one choice's input schema. */
export interface InputLeaf {
  /** Dotted path, the `zeebe:input` binding name. */
  path: string;
  schema: TSchema;
  /** Required in its object and in every enclosing object. */
  required: boolean;
}

/**
 * The leaves of an input schema: objects without template metadata are walked into; everything else
 * (strings, numbers, unions, records, unknown, objects with metadata) is a leaf.
 */
export function inputLeaves(schema: TSchema, prefix = '', required = true): InputLeaf[] {
  const s = schema as TSchema & { properties?: Record<string, TSchema>; required?: string[] };
  const leaves: InputLeaf[] = [];
  for (const [name, child] of Object.entries(s.properties ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    const childRequired = required && (s.required ?? []).includes(name);
    if (isWalkable(child)) leaves.push(...inputLeaves(child, path, childRequired));
    else leaves.push({ path, schema: child, required: childRequired });
  }
  return leaves;
}

function isWalkable(schema: TSchema): boolean {
  return schema.type === 'object' && schema.properties !== undefined && templateMetaOf(schema) === undefined;
}

/** A property before it gets its id and condition. */
type DerivedProperty = Omit<TemplateProperty, 'id' | 'condition'>;

interface Variant {
  property: DerivedProperty;
  signature: string;
  choices: string[];
}

function connectorProperties(connector: Connector): TemplateProperty[] {
  const { discriminator, schemas } = connector.inputs;
  const choices = Object.keys(schemas);
  if (choices.length === 0) throw new Error(`${connector.name}: no input schemas`);
  if (!discriminator && choices.length > 1) throw new Error(`${connector.name}: several input schemas need a discriminator`);

  // Each distinct path, in order of first appearance, with its distinct renderings and the choices of each.
  const byPath = new Map<string, Variant[]>();
  for (const choice of choices) {
    for (const leaf of inputLeaves(schemas[choice])) {
      const variants = byPath.get(leaf.path) ?? [];
      byPath.set(leaf.path, variants);
      if (leaf.path === discriminator?.path) continue; // rendered once, below
      const property = deriveProperty(connector, leaf);
      const signature = JSON.stringify(property);
      const same = variants.find((v) => v.signature === signature);
      if (same) same.choices.push(choice);
      else variants.push({ property, signature, choices: [choice] });
    }
  }
  if (discriminator && !byPath.has(discriminator.path)) {
    throw new Error(`${connector.name}: the discriminator ${discriminator.path} is in none of the input schemas`);
  }

  const properties: TemplateProperty[] = [];
  for (const [path, variants] of byPath) {
    if (path === discriminator?.path) {
      properties.push(discriminatorProperty(connector, discriminator.path, discriminator.schema, choices));
      continue;
    }
    // The rendering shared by most choices keeps the plain path as its id; the others get a choice suffix.
    const main = variants.reduce((best, v) => (v.choices.length > best.choices.length ? v : best));
    for (const variant of variants) {
      const id = variant === main ? path : `${path}.${variant.choices[0]}`;
      const conditions: SimpleCondition[] = [];
      if (discriminator && variant.choices.length < choices.length) {
        conditions.push(
          variant.choices.length === 1
            ? { property: discriminator.path, equals: variant.choices[0] }
            : { property: discriminator.path, oneOf: [...variant.choices] },
        );
      }
      if (VISIBLE_WHEN[path]) conditions.push(VISIBLE_WHEN[path]);
      const visibleWhen = templateMetaOf(leafSchema(connector, path, variant.choices[0]))?.visibleWhen;
      if (visibleWhen) {
        const { path: on, oneOf } = visibleWhen;
        if (!byPath.has(on)) throw new Error(`${connector.name}: ${path} is visible by ${on}, which is no input`);
        conditions.push(oneOf.length === 1 ? { property: on, equals: oneOf[0] } : { property: on, oneOf: [...oneOf] });
      }
      const condition: Condition | undefined = conditions.length === 0 ? undefined : conditions.length === 1 ? conditions[0] : { allMatch: conditions };
      properties.push(ordered({ id, ...variant.property, ...(condition ? { condition } : {}) }));
    }
  }
  return properties;
}

/** The schema of one input path in one choice's input schema. */
function leafSchema(connector: Connector, path: string, choice: string): TSchema {
  const leaf = inputLeaves(connector.inputs.schemas[choice]).find((l) => l.path === path);
  if (!leaf) throw new Error(`${connector.name}: no input ${path} in the choice ${choice}`);
  return leaf.schema;
}

function discriminatorProperty(connector: Connector, path: string, schema: TSchema, choices: string[]): TemplateProperty {
  const meta = requireMeta(connector, path, schema);
  const literals = literalsOf(schema);
  if (!literals) throw new Error(`${connector.name}: the discriminator ${path} is not a union of string literals`);
  const missing = choices.filter((c) => !literals.includes(c));
  if (missing.length > 0) throw new Error(`${connector.name}: the discriminator ${path} lacks the choices ${missing.join(', ')}`);
  return ordered({
    id: path,
    label: meta.label,
    description: meta.description,
    group: meta.group,
    type: 'Dropdown',
    value: choices[0],
    binding: { type: 'zeebe:input', name: path },
    choices: dropdownChoices(literals, meta),
  });
}

function deriveProperty(connector: Connector, leaf: InputLeaf): DerivedProperty {
  const { path, schema, required } = leaf;
  const meta = requireMeta(connector, path, schema);
  const binding: Binding = { type: 'zeebe:input', name: path };
  const base = { label: meta.label, description: meta.description, group: meta.group, binding };
  const defaultValue = (schema as { default?: unknown }).default;

  if (meta.editor === 'Hidden') {
    const value = (schema as { const?: unknown }).const ?? defaultValue;
    if (!isScalar(value)) throw new Error(`${connector.name}: hidden input ${path} needs a const or default value`);
    return ordered({ ...base, type: 'Hidden', value: typeof value === 'number' ? String(value) : value });
  }

  const literals = literalsOf(schema);
  if (literals) {
    if (meta.defaultChoice !== undefined && !literals.includes(meta.defaultChoice)) throw new Error(`${connector.name}: ${path}: the default choice ${meta.defaultChoice} is not one of ${literals.join(', ')}`);
    const value = typeof defaultValue === 'string' ? defaultValue : meta.defaultChoice ?? (required ? literals[0] : undefined);
    return ordered({
      ...base,
      type: 'Dropdown',
      ...(value !== undefined ? { value } : {}),
      ...(value === undefined ? { optional: true } : {}),
      choices: dropdownChoices(literals, meta),
    });
  }

  if (schema.type === 'boolean') {
    return ordered({ ...base, type: 'Boolean', value: typeof defaultValue === 'boolean' ? defaultValue : false, feel: 'static' });
  }

  if (schema.type === 'integer' || schema.type === 'number') {
    return ordered({
      ...base,
      type: 'Number',
      ...(typeof defaultValue === 'number' ? { value: defaultValue } : {}),
      ...(required ? {} : { optional: true }),
      feel: 'static',
      ...(required && typeof defaultValue !== 'number' ? { constraints: { notEmpty: true } } : {}),
    });
  }

  // Strings, and (as FEEL expressions) objects, records, arrays and anything else.
  const isString = schema.type === 'string';
  const type: PropertyType = meta.editor === 'Text' ? 'Text' : 'String';
  const feel = isString ? meta.feel : meta.feel === 'optional' ? 'optional' : 'required';
  if (feel === 'static') throw new Error(`${connector.name}: ${path} is a ${type}; feel 'static' is only for Boolean and Number`);
  return ordered({
    ...base,
    type,
    ...(typeof defaultValue === 'string' && feel !== 'required' ? { value: defaultValue } : {}),
    ...(meta.placeholder ? { placeholder: meta.placeholder } : {}),
    ...(required ? {} : { optional: true }),
    ...(feel ? { feel } : {}),
    ...(required ? { constraints: { notEmpty: true } } : {}),
  });
}

function requireMeta(connector: Connector, path: string, schema: TSchema): TemplateMeta {
  const meta = templateMetaOf(schema);
  if (!meta) throw new Error(`${connector.name}: input ${path} has no template metadata (wrap its schema in shown())`);
  return meta;
}

/** The string literals of a union of literals (or an enum), else undefined. */
function literalsOf(schema: TSchema): string[] | undefined {
  const s = schema as { anyOf?: TSchema[]; enum?: unknown[]; const?: unknown };
  if (Array.isArray(s.enum) && s.enum.every((v) => typeof v === 'string')) return s.enum as string[];
  if (Array.isArray(s.anyOf) && s.anyOf.length > 0 && s.anyOf.every((o) => typeof o.const === 'string')) {
    return s.anyOf.map((o) => o.const as string);
  }
  // A union of one literal is that literal.
  if (typeof s.const === 'string') return [s.const];
  return undefined;
}

function dropdownChoices(literals: string[], meta: TemplateMeta): { name: string; value: string }[] {
  return literals.map((value) => ({ name: meta.choiceLabels?.[value] ?? value, value }));
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

const KEY_ORDER: (keyof TemplateProperty)[] = [
  'id', 'label', 'description', 'group', 'type', 'value', 'placeholder', 'optional', 'feel', 'binding', 'constraints', 'condition', 'choices',
];

/** A stable key order and no undefined members, so that the files diff well. */
function ordered<P extends Partial<TemplateProperty>>(property: P): P {
  const out: Record<string, unknown> = {};
  for (const key of KEY_ORDER) {
    if (property[key] !== undefined) out[key] = property[key];
  }
  return out as P;
}

// ---------------------------------------------------------------------------------------------------------
// The standard trailing properties

function standardProperties(connector: Connector): TemplateProperty[] {
  const { template } = connector;
  return [
    { id: 'version', label: 'Version', description: 'The version of the element template (set by the template).', group: 'connector', type: 'Hidden', value: String(template.version), binding: { type: 'zeebe:taskHeader', key: 'elementTemplateVersion' } },
    { id: 'id', label: 'ID', description: 'The ID of the element template (set by the template).', group: 'connector', type: 'Hidden', value: template.id, binding: { type: 'zeebe:taskHeader', key: 'elementTemplateId' } },
    { id: 'resultVariable', label: 'Result variable', description: 'The process variable that receives the whole result. Default: none (use the result expression).', group: 'output', type: 'String', binding: { type: 'zeebe:taskHeader', key: 'resultVariable' } },
    { id: 'resultExpression', label: 'Result expression', description: 'A FEEL expression over the result (also named response) that gives a context of process variables. Default: none.', group: 'output', type: 'Text', feel: 'required', binding: { type: 'zeebe:taskHeader', key: 'resultExpression' } },
    { id: 'errorExpression', label: 'Error expression', description: 'A FEEL expression over error and the response that may raise a BPMN error (bpmnError), fail the job (jobError) or ignore the error. Default: the error codes\' own outcomes.', group: 'error', type: 'Text', feel: 'required', binding: { type: 'zeebe:taskHeader', key: 'errorExpression' } },
    { id: 'retryCount', label: 'Retries', description: 'How often the job is retried. Default: 3.', group: 'retries', type: 'String', value: '3', feel: 'optional', binding: { type: 'zeebe:taskDefinition', property: 'retries' } },
    { id: 'retryBackoff', label: 'Retry backoff', description: 'How long to wait before a retry, an ISO-8601 duration. Default: PT30S.', group: 'retries', type: 'String', value: 'PT30S', binding: { type: 'zeebe:taskHeader', key: 'retryBackoff' } },
    { id: 'jobTimeout', label: 'Job timeout', description: 'How long the worker may hold the job before it times out, an ISO-8601 duration, e.g. PT10M. Default: the worker\'s WORKER_JOB_TIMEOUT_MS.', group: 'retries', type: 'String', optional: true, binding: { type: 'zeebe:taskHeader', key: 'jobTimeout' } },
  ].map((p) => ordered(p as TemplateProperty));
}
