import { RetrieveCommand, type KnowledgeBaseRetrievalResult, type RetrievalFilter, type RetrievalResultLocation } from '@aws-sdk/client-bedrock-agent-runtime';
import { callAws } from '../../aws/errors';
import type { ConnectorDeps } from '../deps';
import type { RetrieveAction } from './schema';

interface Call { action: RetrieveAction; authentication?: object; configuration?: { region?: string; endpoint?: string } }

export interface RetrievedPassage {
  text: string;
  score: number | null;
  /** Where the passage comes from: an S3 URI, a web URL, a Confluence or SharePoint URL, ... */
  sourceUri: string | null;
  location: unknown;
  metadata: Record<string, unknown> | null;
}

export interface RetrieveResult {
  results: RetrievedPassage[];
  /** One per result, numbered from 1, for an answer that cites its sources: `[1] s3://...`. */
  citations: { number: number; sourceUri: string | null; type: string | null }[];
  nextToken: string | null;
}

/** The location's URI, whatever kind of source it is. */
function uriOf(location: RetrievalResultLocation | undefined): string | null {
  if (!location) return null;
  const l = location as unknown as Record<string, { uri?: string; url?: string; id?: string } | undefined>;
  for (const [key, value] of Object.entries(l)) {
    if (key === 'type' || !value || typeof value !== 'object') continue;
    const uri = value.uri ?? value.url ?? value.id;
    if (typeof uri === 'string') return uri;
  }
  return null;
}

/** Retrieve: the knowledge base's passages nearest the query, with their sources. */
export async function retrieve(input: Call, deps: ConnectorDeps): Promise<RetrieveResult> {
  const { action } = input;
  const { client } = deps.aws.bedrockAgentRuntime(input);
  const answer = await callAws(`Bedrock knowledge base Retrieve from ${action.knowledgeBaseId}`, () => client.send(new RetrieveCommand({
    knowledgeBaseId: action.knowledgeBaseId,
    retrievalQuery: { text: action.query },
    retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: action.numberOfResults ?? 5, filter: action.filter as RetrievalFilter | undefined } },
    nextToken: action.nextToken,
  })));
  const results = (answer.retrievalResults ?? []).map((r: KnowledgeBaseRetrievalResult) => ({
    text: r.content?.text ?? '',
    score: r.score ?? null,
    sourceUri: uriOf(r.location),
    location: r.location ?? null,
    metadata: (r.metadata as Record<string, unknown> | undefined) ?? null,
  }));
  return {
    results,
    citations: results.map((r, i) => ({ number: i + 1, sourceUri: r.sourceUri, type: (r.location as RetrievalResultLocation | null)?.type ?? null })),
    nextToken: answer.nextToken ?? null,
  };
}
