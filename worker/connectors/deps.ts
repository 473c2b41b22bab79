import type { AwsClientFactory } from '../aws/clients';
import type { DocumentStore } from '../runtime/documents';
import type { UrlPolicy } from '../runtime/url-fetch';

/** What connectors share across jobs: AWS clients and how documents are reached. */
export interface ConnectorDeps {
  aws: AwsClientFactory;
  store: DocumentStore;
  urls: UrlPolicy;
}
