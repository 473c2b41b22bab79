// POST /v2/<entities>/search (the query goes to the engine after its field names are checked) and
// GET /v2/<entities>/{key}.

import { EngineError, type EngineApi, type SearchQuery, type SearchResult } from '../api';
import {
  checkFields,
  ELEMENT_INSTANCE_FIELDS,
  INCIDENT_FIELDS,
  JOB_FIELDS,
  PROCESS_DEFINITION_FIELDS,
  PROCESS_INSTANCE_FIELDS,
  VARIABLE_FIELDS,
} from '../search';
import { isObject, keyParam, readJson, sendJson, type Route } from './http';

export function searchRoutes(engine: EngineApi): Route[] {
  const endpoint = (resource: string, fields: readonly string[], run: (query: SearchQuery) => SearchResult<object>): Route => ({
    method: 'POST',
    path: `/v2/${resource}/search`,
    async handle({ req, res }) {
      const query = parseQuery(await readJson(req), fields);
      sendJson(res, 200, run(query));
    },
  });
  return [
    endpoint('process-instances', PROCESS_INSTANCE_FIELDS, (q) => engine.searchProcessInstances(q)),
    endpoint('element-instances', ELEMENT_INSTANCE_FIELDS, (q) => engine.searchElementInstances(q)),
    endpoint('variables', VARIABLE_FIELDS, (q) => engine.searchVariables(q)),
    endpoint('jobs', JOB_FIELDS, (q) => engine.searchJobs(q)),
    endpoint('incidents', INCIDENT_FIELDS, (q) => engine.searchIncidents(q)),
    endpoint('process-definitions', PROCESS_DEFINITION_FIELDS, (q) => engine.searchProcessDefinitions(q)),
  ];
}

/** Checks the query's shape and its filter and sort field names (unknown ones are a 400, as in Camunda). */
export function parseQuery(body: Record<string, unknown>, fields: readonly string[]): SearchQuery {
  const { filter, sort, page } = body;
  if (filter !== undefined && filter !== null && !isObject(filter)) throw new EngineError('INVALID_ARGUMENT', 'The filter must be a JSON object.');
  if (sort !== undefined && sort !== null && (!Array.isArray(sort) || !sort.every(isObject))) throw new EngineError('INVALID_ARGUMENT', 'The sort must be an array of { field, order }.');
  if (page !== undefined && page !== null && !isObject(page)) throw new EngineError('INVALID_ARGUMENT', 'The page must be a JSON object.');
  if (page && ('after' in page || 'before' in page)) throw new EngineError('INVALID_ARGUMENT', 'Cursor-based paging (after, before) is not supported by this engine; use from and limit.');
  const query = {
    filter: (filter ?? undefined) as SearchQuery['filter'],
    sort: (sort ?? undefined) as SearchQuery['sort'],
    page: (page ?? undefined) as SearchQuery['page'],
  };
  checkFields(query, fields);
  return query;
}

/** GET /v2/<entities>/{key}: one entity by its key, found through the search; NOT_FOUND when there is none. */
export function getByKeyRoutes(engine: EngineApi): Route[] {
  const endpoint = (resource: string, keyField: string, label: string, run: (query: SearchQuery) => SearchResult<object>): Route => ({
    method: 'GET',
    path: `/v2/${resource}/:key`,
    handle(context) {
      const key = keyParam(context, 'key');
      const [item] = run({ filter: { [keyField]: key }, page: { limit: 1 } }).items;
      if (!item) throw new EngineError('NOT_FOUND', `${label} with key '${key}' not found`);
      sendJson(context.res, 200, item);
    },
  });
  return [
    endpoint('process-definitions', 'processDefinitionKey', 'Process definition', (q) => engine.searchProcessDefinitions(q)),
    endpoint('element-instances', 'elementInstanceKey', 'Element instance', (q) => engine.searchElementInstances(q)),
    endpoint('incidents', 'incidentKey', 'Incident', (q) => engine.searchIncidents(q)),
    {
      method: 'GET',
      path: '/v2/process-definitions/:key/xml',
      handle(context) {
        const key = keyParam(context, 'key');
        const xml = engine.getProcessDefinitionXml(key);
        context.res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8', 'content-length': Buffer.byteLength(xml) });
        context.res.end(xml);
      },
    },
  ];
}
