import type { AwsClientFactory } from '../aws/clients';
import type { DocumentStore } from '../runtime/documents';
import type { UrlPolicy } from '../runtime/url-fetch';

/** What connectors share across jobs: AWS clients and how documents are reached. */
export interface ConnectorDeps {
  aws: AwsClientFactory;
  store: DocumentStore;
  urls: UrlPolicy;
  /** AWS_S3_BUCKET: where documents not in S3 are staged for services that read them from S3. */
  stagingBucket?: string;
  /** ALFRESCO_CONTENT_REPO_BASE_URL and its credentials: where `nodeId` documents are read. */
  alfresco?: { baseUrl: string; username?: string; password?: string };
  comprehend?: { roleArn?: string; batchMaxBytes?: number };
  /** S3_PRESIGN_WITH_SECRET_CREDENTIALS: the operator consents to presigned URLs that carry secret-sourced credentials. */
  presignWithSecretCredentials?: boolean;
}
