import { amended, ConnectorError } from '../runtime/errors';

/** Our input's property paths -> the bindings of Camunda's template that fill them. */
export type BindingNames = Record<string, string>;

/**
 * `path` as a whole dotted name where a message names a property (`path: what is wrong`), so that neither
 * `action.bucketName` for `action.bucket` nor the word in an AWS message is touched.
 */
function namedPath(path: string): RegExp {
  return new RegExp(`(?<![\\w.])${path.replace(/\./g, '\\.')}(?=:)`, 'g');
}

/**
 * Reports a failure of an io.camunda:* task in the modeler's terms: every internal property path in its
 * message and `path` becomes the template binding the modeler filled in (`action.snsTopicArn` ->
 * `input.notificationChannelSnsTopicArn`). Longer paths are renamed first, so prefixes cannot clash.
 */
export function inModelerTerms(error: unknown, bindings: BindingNames): unknown {
  if (!(error instanceof ConnectorError)) return error;
  const names = Object.keys(bindings).sort((a, b) => b.length - a.length);
  const rename = (text: string) => names.reduce((t, name) => t.replace(namedPath(name), bindings[name]!), text);
  const message = rename(error.message);
  const path = error.path === undefined ? undefined : (bindings[error.path] ?? error.path);
  if (message === error.message && path === error.path) return error;
  return amended(error, { message, path });
}

/** Runs a Camunda-compatible task's work, its failures renamed to the template's bindings. */
export async function withBindingNames<T>(bindings: BindingNames, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw inModelerTerms(error, bindings);
  }
}
