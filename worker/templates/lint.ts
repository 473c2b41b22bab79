import type { Condition, ElementTemplate, SimpleCondition, TemplateProperty } from './generate';

/**
 * What a modeler trips over in an element template, found by reading the template alone: descriptions that
 * are missing, cut off or carry Markdown the properties panel shows literally, labels that repeat their
 * group, dropdowns that open blank (optional, without a value, or with an empty choice), and properties that no value of the
 * other properties ever shows. Pure; test/unit/template-lint.test.ts runs it on every template.
 */
export interface LintFinding {
  /** The property's id (or its binding when it has none). */
  property: string;
  rule: 'description-missing' | 'description-cut' | 'description-markdown' | 'label-repeats-group' | 'dropdown-opens-blank' | 'unreachable';
  message: string;
}

/** A description ends a sentence; anything else was cut off (or never finished). */
const SENTENCE_END = /[.!?]$/;

export function lintTemplate(template: ElementTemplate): LintFinding[] {
  const findings: LintFinding[] = [];
  const groupLabels = new Map(template.groups.map((g) => [g.id, g.label]));
  const byId = new Map(template.properties.flatMap((p) => (p.id ? [[p.id, p] as const] : [])));

  for (const p of template.properties) {
    const property = p.id ?? JSON.stringify(p.binding);
    const add = (rule: LintFinding['rule'], message: string) => findings.push({ property, rule, message });
    const description = p.description?.trim() ?? '';

    if (p.type !== 'Hidden' && description === '') add('description-missing', 'has no description');
    if (description !== '' && !SENTENCE_END.test(description)) add('description-cut', `description ends mid-sentence: "…${description.slice(-30)}"`);
    if (description.includes('`')) add('description-markdown', 'description has Markdown backticks, which the panel shows literally');
    const group = p.group ? groupLabels.get(p.group) : undefined;
    if (p.label && group && normalise(p.label) === normalise(group)) add('label-repeats-group', `label "${p.label}" repeats its group "${group}"`);
    // The Modeler gives an optional dropdown a blank first option and opens on it when the model has no value: the
    // default is a choice of its own that says what it means (authentication.type = worker) and the worker maps it.
    if (p.type === 'Dropdown' && (p.optional || p.value === undefined || p.choices?.some((c) => c.value === ''))) {
      add('dropdown-opens-blank', 'a dropdown that is optional, has no value or has an empty choice opens blank in the Modeler; give it a default choice that says what it means');
    }
    if (p.condition && !reachable(p, byId)) add('unreachable', 'no value of the other properties satisfies its condition');
  }
  return findings;
}

function normalise(text: string): string {
  return text.trim().toLowerCase();
}

type Value = string | number | boolean;
/** A property's possible values, or 'any' for a free-text field. */
type Domain = Value[] | 'any';

function domainOf(p: TemplateProperty): Domain {
  if (p.type === 'Dropdown') return (p.choices ?? []).map((c) => c.value);
  if (p.type === 'Boolean') return [true, false];
  if (p.type === 'Hidden') return p.value === undefined ? [] : [p.value];
  return 'any';
}

/** Ids the property's visibility depends on, transitively (the property itself excluded). */
function dependencies(p: TemplateProperty, byId: ReadonlyMap<string, TemplateProperty>, seen = new Set<string>()): Set<string> {
  for (const c of simpleConditions(p.condition)) {
    if (seen.has(c.property)) continue;
    seen.add(c.property);
    const q = byId.get(c.property);
    if (q) dependencies(q, byId, seen);
  }
  return seen;
}

function simpleConditions(condition: Condition | undefined): SimpleCondition[] {
  if (!condition) return [];
  return 'allMatch' in condition ? condition.allMatch : [condition];
}

/**
 * Whether some assignment of the properties it depends on shows the property. A hidden property's input is
 * removed, so a condition on it fails; a free-text property can take any value.
 */
function reachable(p: TemplateProperty, byId: ReadonlyMap<string, TemplateProperty>): boolean {
  const ids = [...dependencies(p, byId)];
  if (ids.some((id) => !byId.has(id))) return false;
  const free = new Set(ids.filter((id) => domainOf(byId.get(id)!) === 'any'));
  const enumerated = ids.filter((id) => !free.has(id));

  const visible = (q: TemplateProperty, values: Map<string, Value>, depth: number): boolean =>
    depth <= ids.length + 1 &&
    simpleConditions(q.condition).every((c) => {
      const target = byId.get(c.property)!;
      if (!visible(target, values, depth + 1)) return false;
      if (free.has(c.property)) return true;
      const value = values.get(c.property);
      return 'equals' in c ? value === c.equals : c.oneOf.includes(value as string | number);
    });

  const search = (i: number, values: Map<string, Value>): boolean => {
    if (i === enumerated.length) return visible(p, values, 0);
    const domain = domainOf(byId.get(enumerated[i])!) as Value[];
    return domain.some((v) => search(i + 1, new Map(values).set(enumerated[i], v)));
  };
  return search(0, new Map());
}
