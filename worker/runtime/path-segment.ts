import { ConnectorError } from './errors';

/**
 * An id that becomes one segment of a request path (an Alfresco node ID, a Camunda document ID):
 * letters, digits and `; . _ : -`, starting with a letter or digit, so that `.` and `..` (which URL
 * resolution turns into "this folder" and "the parent folder") and separators can never get in.
 */
export function pathSegment(id: string, path: string): string {
  let ok = id.length > 0 && id.length <= 256 && isAlnum(id[0]);
  for (let i = 1; ok && i < id.length; i++) ok = isAlnum(id[i]) || ';._:-'.includes(id[i]);
  if (!ok) {
    throw new ConnectorError('INVALID_INPUT', `${path}: is not a valid ID (letters, digits and ; . _ : - only, starting with a letter or digit)`, { path });
  }
  return encodeURIComponent(id);
}

function isAlnum(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
