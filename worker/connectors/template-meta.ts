import type { TSchema } from '@sinclair/typebox';

/**
 * How a schema property appears in the element template (Camunda Modeler's properties panel).
 * It rides on the schema as the `template` keyword, so that one declaration gives the validator,
 * the TypeScript type and the template property.
 */
export interface TemplateMeta {
  label: string;
  group: string;
  description?: string;
  /** Element template FEEL mode; Boolean and Number properties use `static`. */
  feel?: 'optional' | 'required' | 'static';
  /** Overrides the property type the generator derives from the schema (String/Dropdown/Boolean/Number). */
  editor?: 'String' | 'Text' | 'Hidden';
  placeholder?: string;
  /** Shown masked in the Modeler. */
  secret?: boolean;
  /** Choice labels for enum values. */
  choiceLabels?: Record<string, string>;
  /**
   * For a dropdown: the choice it opens with, written into the model, where the schema has no default (a schema
   * default would be filled in by the validator, also when the task leaves the input out). An optional input's
   * dropdown needs one that says what leaving it out means (the Modeler opens an optional dropdown blank).
   */
  defaultChoice?: string;
  /** Shown only when another input (by its path, e.g. `action.executionType`) has one of these values. */
  visibleWhen?: { path: string; oneOf: string[] };
}

/** Attaches template metadata to a schema. */
export function shown<S extends TSchema>(schema: S, template: TemplateMeta): S {
  return { ...schema, template } as S;
}

/** Reads it back (for the generator). */
export function templateMetaOf(schema: TSchema): TemplateMeta | undefined {
  return (schema as TSchema & { template?: TemplateMeta }).template;
}
