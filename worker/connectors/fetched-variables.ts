import type { TSchema } from '@sinclair/typebox';

/**
 * The variables a job of one of our own task types is activated with: the top-level names its input schemas
 * read (the targets of its template's bindings: `action` for `action.bucket`), and `seedNames`, the seeds'
 * names it also reads from process variables. Nothing else of the process reaches the worker: FEEL in an input
 * mapping is evaluated by Zeebe before the job exists (the job carries only its result, under the target's
 * name), and resultExpression and errorExpression see the response and the error, never process variables.
 */
export function fetchedVariables(schemas: TSchema[], seedNames: string[] = []): string[] {
  const names = new Set<string>();
  for (const schema of schemas) {
    for (const name of Object.keys((schema as { properties?: Record<string, unknown> }).properties ?? {})) names.add(name);
  }
  for (const name of seedNames) names.add(name);
  return [...names];
}
