import type { S3Result } from './handler';

/** Our own answer: the result without the internal `action` tag. */
export function presentS3(result: S3Result): Record<string, unknown> {
  const { action: _action, ...answer } = result;
  return answer;
}

/** The official connector's JSON shapes, with the key actually used and a correct link. */
export function presentCamundaS3(result: S3Result): Record<string, unknown> {
  switch (result.action) {
    case 'upload':
      return { bucket: result.bucket, key: result.key, link: result.link };
    case 'delete':
      return { bucket: result.bucket, key: result.key };
    case 'download':
      return {
        bucket: result.bucket,
        key: result.key,
        element: result.document !== undefined ? { document: result.document } : { content: result.content },
      };
    default:
      return presentS3(result);
  }
}
