import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import templateSchema from '@camunda/zeebe-element-templates-json-schema/resources/schema.json';
import { inboundElementsOf } from '../../worker/inbound/inbound-elements';
import { inboundKindOf } from '../../worker/inbound/inbound-types';
import type { ElementTemplate } from '../../worker/templates/generate';
import { generateInboundTemplates, INBOUND_KINDS, inboundTemplateFileName, type InboundTemplate } from '../../worker/templates/inbound';
import { lintTemplate } from '../../worker/templates/lint';

const { validateZeebe } = require('@bpmn-io/element-templates-validator') as {
  validateZeebe(template: unknown): { valid: boolean; errors?: { message: string }[]; warnings?: { message: string }[] };
};
const TEMPLATES_DIR = join(__dirname, '..', '..', 'element-templates');

/** The BPMN a modeler writes for an element built with `template` (its defaults, a name and key filled in). */
function modelOf(template: InboundTemplate): string {
  const props = template.properties.filter((p) => p.binding.type === 'zeebe:property' && (p.value !== undefined || p.constraints?.notEmpty) && p.condition === undefined);
  const value = (p: InboundTemplate['properties'][number]) => (p.value !== undefined ? String(p.value) : p.id === 'queue.url' ? 'https://sqs.eu-west-1.amazonaws.com/1/q' : p.id === 'inbound.topicsAllowList' ? 'arn:aws:sns:eu-west-1:1:t' : p.id.startsWith('inbound.context') ? 'ctx-1' : '=body.id');
  const properties = props.map((p) => `<zeebe:property name="${(p.binding as { name: string }).name}" value="${value(p).replace(/"/g, '&quot;')}"/>`).join('');
  const ext = `<bpmn:extensionElements><zeebe:properties>${properties}</zeebe:properties></bpmn:extensionElements>`;
  const tag = template.elementType.value.replace('bpmn:', '');
  const element = tag === 'ReceiveTask'
    ? `<bpmn:receiveTask id="e" messageRef="m">${ext}</bpmn:receiveTask>`
    : `<bpmn:${tag.charAt(0).toLowerCase()}${tag.slice(1)} id="e"${tag === 'BoundaryEvent' ? ' attachedToRef="t"' : ''}>${ext}<bpmn:messageEventDefinition messageRef="m"/></bpmn:${tag.charAt(0).toLowerCase()}${tag.slice(1)}>`;
  return `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0">
    <bpmn:message id="m" name="uuid-1"/><bpmn:process id="p"><bpmn:task id="t"/>${element}</bpmn:process></bpmn:definitions>`;
}

describe.each(INBOUND_KINDS.map((k) => [k] as const))('inbound element templates of %s', (kind) => {
  const templates = generateInboundTemplates(kind);

  it('are committed and up to date', () => {
    expect(readFileSync(join(TEMPLATES_DIR, inboundTemplateFileName(kind)), 'utf8')).toBe(`${JSON.stringify(templates, null, 2)}\n`);
  });

  it('cover the four elements and validate (JSON schema, the bpmn-io validator, the lint)', () => {
    expect(templates.map((t) => t.elementType.value)).toEqual(['bpmn:StartEvent', 'bpmn:IntermediateCatchEvent', 'bpmn:BoundaryEvent', 'bpmn:ReceiveTask']);
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(templateSchema);
    for (const template of templates) {
      expect(validate(template) ? [] : validate.errors).toEqual([]);
      const { valid, errors } = validateZeebe(template);
      expect(errors ?? []).toEqual([]);
      expect(valid).toBe(true);
      expect(lintTemplate(template as unknown as ElementTemplate)).toEqual([]);
    }
  });

  it('write models the worker claims and reads', () => {
    for (const template of templates) {
      const { elements, skipped } = inboundElementsOf(modelOf(template), { processDefinitionKey: '1', bpmnProcessId: 'p', version: 1, tenantId: '<default>' });
      expect(skipped).toEqual([]);
      expect(elements).toHaveLength(1);
      expect(inboundKindOf(elements[0].properties)).toBe(kind);
      expect(elements[0].messageName).toBe('uuid-1');
    }
  });
});
