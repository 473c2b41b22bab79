import type { TSchema } from '@sinclair/typebox';
import type { Connector } from '../connectors/connector';

/**
 * The docs' output tables and the published JSON schemas, generated from each connector's result schemas
 * (`<connector>/result-schema.ts`). Pure: scripts/generate-results.ts writes the files, a unit test checks them.
 */

export type ResultFamily = 'own' | 'camunda';

/** The markers in `docs/<name>.md` between which a family's output tables are generated. */
export function resultMarkers(family: ResultFamily): { begin: string; end: string } {
  return { begin: `<!-- results:${family}:begin -->`, end: `<!-- results:${family}:end -->` };
}

interface Shape {
  type?: string | string[];
  const?: unknown;
  anyOf?: Shape[];
  items?: Shape;
  properties?: Record<string, Shape>;
  patternProperties?: Record<string, Shape>;
  required?: string[];
  description?: string;
}

/** A field's type in a reader's words: `string or null`, `list of context`, `"OK"`. */
export function typeText(schema: TSchema | Shape): string {
  const s = schema as Shape;
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.anyOf) {
    const nullable = s.anyOf.some((o) => o.type === 'null');
    const rest = s.anyOf.filter((o) => o.type !== 'null').map(typeText);
    return [...new Set(rest)].join(' or ') + (nullable ? ' or null' : '');
  }
  switch (s.type) {
    case 'array': return s.items ? `list of ${typeText(s.items)}` : 'list';
    case 'object': return 'context';
    case 'integer': return 'integer';
    case undefined: return 'any';
    default: return Array.isArray(s.type) ? s.type.join(' or ') : s.type;
  }
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** One action's table: a row per top-level field, or one row for a result that is not a context. */
function actionTable(schema: Shape): string[] {
  const rows = ['| output | type | meaning |', '|---|---|---|'];
  if (schema.type === 'object' && schema.properties) {
    for (const [name, property] of Object.entries(schema.properties)) {
      const optional = !(schema.required ?? []).includes(name);
      rows.push(`| \`${name}\` | ${cell(typeText(property))}${optional ? ' (absent when not applicable)' : ''} | ${cell(property.description ?? '')} |`);
    }
  } else {
    rows.push(`| (the result) | ${cell(typeText(schema))} | ${cell(schema.description ?? '')} |`);
  }
  return rows;
}

/** The markdown of a family's results: per action a heading line and its table; variants of a union one after the other. */
export function resultTables(results: Record<string, TSchema>): string {
  const out: string[] = [];
  for (const [action, schema] of Object.entries(results)) {
    const s = schema as Shape;
    const variants = s.anyOf && s.anyOf.every((v) => v.type === 'object') ? s.anyOf : [s];
    for (const variant of variants) {
      const about = variants.length > 1 ? variant.description : s.type === 'object' ? s.description : undefined;
      out.push(`**\`${action}\`**${about ? `: ${about}` : ''}`, '', ...actionTable(variant), '');
    }
  }
  return out.join('\n').trimEnd();
}

/** The page with each family's tables rewritten between its markers; throws when the page lacks a family's markers. */
export function withResultTables(page: string, connector: Connector, file: string): string {
  let text = page;
  for (const family of ['own', 'camunda'] as const) {
    const results = connector.results?.[family];
    if (!results) continue;
    const { begin, end } = resultMarkers(family);
    const from = text.indexOf(begin);
    const to = text.indexOf(end);
    if (from < 0 || to < from) throw new Error(`${file} has no ${begin} ... ${end} markers for ${connector.name}'s ${family} results`);
    text = `${text.slice(0, from + begin.length)}\n${resultTables(results)}\n${text.slice(to)}`;
  }
  return text;
}

/**
 * `results/<name>.json`: per task type, each operation's result as a JSON Schema (draft-07) of its own, with a title
 * naming the task type and the operation.
 */
export function resultsDocument(connector: Connector): Record<string, unknown> {
  if (!connector.results) throw new Error(`${connector.name} has no result schemas`);
  const schemas = (taskType: string, results: Record<string, TSchema>) => Object.fromEntries(Object.entries(results).map(([action, schema]) => [
    action, { $schema: 'http://json-schema.org/draft-07/schema#', title: `${taskType} ${action}`, ...(JSON.parse(JSON.stringify(schema)) as Record<string, unknown>) },
  ]));
  const camundaTypes = [connector.camundaTaskType, connector.camundaLegacyTaskType].filter((t): t is string => Boolean(t));
  return {
    title: `${connector.template.name}: results`,
    description: 'What each operation answers before resultVariable and resultExpression: the value a result expression sees as `response` (and its fields by name). Each entry of `results` is a JSON Schema (draft-07).',
    own: { taskType: connector.taskType, results: schemas(connector.taskType, connector.results.own) },
    ...(connector.results.camunda ? { camunda: { taskTypes: camundaTypes, results: schemas(camundaTypes[0] ?? 'io.camunda', connector.results.camunda) } } : {}),
  };
}

export function renderResultsDocument(connector: Connector): string {
  return `${JSON.stringify(resultsDocument(connector), null, 2)}\n`;
}
