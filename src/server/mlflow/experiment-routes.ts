import type { FastifyInstance } from 'fastify'
import type { ViewType } from '../../tracking/index.js'
import { type ExperimentSearchQuery, listAllExperiments, searchExperimentPage } from './experiment-search.js'
import type { MlflowRouteDeps } from './mlflow-routes.js'
import {
  experimentToWire,
  optionalInt64FromWire,
  recordFromWire,
  type WireInt64,
  type WireKeyValue,
} from './wire-mapping.js'
import { INT64, KEY_VALUE_LIST, requestSchema, STRING, STRING_LIST, VIEW_TYPE } from './wire-schemas.js'

interface CreateBody {
  readonly name: string
  readonly artifact_location?: string
  readonly tags?: readonly WireKeyValue[]
}

interface ExperimentIdBody {
  readonly experiment_id: string
}

interface SearchParams {
  readonly filter?: string
  readonly max_results?: WireInt64
  readonly page_token?: string
  readonly view_type?: ViewType
  readonly order_by?: readonly string[]
}

const experimentIdSchema = requestSchema({ experiment_id: STRING }, ['experiment_id'])
const searchSchema = requestSchema({
  filter: STRING,
  max_results: INT64,
  page_token: STRING,
  view_type: VIEW_TYPE,
  order_by: STRING_LIST,
})

/** `experiments/*`: create, get, get-by-name, search (POST and GET), legacy list, update, delete, restore, tags. */
export function registerExperimentRoutes(app: FastifyInstance, { store }: MlflowRouteDeps): void {
  app.post<{ Body: CreateBody }>(
    '/experiments/create',
    {
      schema: {
        body: requestSchema({ name: STRING, artifact_location: STRING, tags: KEY_VALUE_LIST }, ['name']),
      },
    },
    async ({ body }) => {
      const experiment = await store.createExperiment({
        name: body.name,
        // MLflow treats an empty location as none given.
        ...(body.artifact_location ? { artifactLocation: body.artifact_location } : {}),
        tags: recordFromWire(body.tags),
      })
      return { experiment_id: experiment.experimentId }
    },
  )

  app.get<{ Querystring: ExperimentIdBody }>(
    '/experiments/get',
    { schema: { querystring: experimentIdSchema } },
    async ({ query }) => ({
      experiment: experimentToWire(await store.getExperiment(query.experiment_id)),
    }),
  )

  app.get<{ Querystring: { experiment_name: string } }>(
    '/experiments/get-by-name',
    { schema: { querystring: requestSchema({ experiment_name: STRING }, ['experiment_name']) } },
    async ({ query }) => ({
      experiment: experimentToWire(await store.getExperimentByName(query.experiment_name)),
    }),
  )

  const search = async (params: SearchParams) => {
    const page = await searchExperimentPage(store, searchQuery(params))
    const experiments = page.items.map(experimentToWire)
    return page.nextPageToken === undefined
      ? { experiments }
      : { experiments, next_page_token: page.nextPageToken }
  }
  app.post<{ Body: SearchParams }>('/experiments/search', { schema: { body: searchSchema } }, ({ body }) =>
    search(body),
  )
  app.get<{ Querystring: SearchParams }>(
    '/experiments/search',
    { schema: { querystring: searchSchema } },
    ({ query }) => search(query),
  )

  // Removed from MLflow 2.0 but still called by older clients; without max_results it lists everything.
  app.get<{ Querystring: SearchParams }>(
    '/experiments/list',
    { schema: { querystring: searchSchema } },
    async ({ query }) => {
      if (query.max_results === undefined && query.page_token === undefined) {
        return {
          experiments: (await listAllExperiments(store, query.view_type ?? 'ACTIVE_ONLY')).map(
            experimentToWire,
          ),
        }
      }
      return search({ ...query, filter: '', order_by: [] })
    },
  )

  app.post<{ Body: ExperimentIdBody & { new_name: string } }>(
    '/experiments/update',
    {
      schema: {
        body: requestSchema({ experiment_id: STRING, new_name: STRING }, ['experiment_id', 'new_name']),
      },
    },
    async ({ body }) => {
      await store.renameExperiment(body.experiment_id, body.new_name)
      return {}
    },
  )

  app.post<{ Body: ExperimentIdBody }>(
    '/experiments/delete',
    { schema: { body: experimentIdSchema } },
    async ({ body }) => {
      await store.deleteExperiment(body.experiment_id)
      return {}
    },
  )

  app.post<{ Body: ExperimentIdBody }>(
    '/experiments/restore',
    { schema: { body: experimentIdSchema } },
    async ({ body }) => {
      await store.restoreExperiment(body.experiment_id)
      return {}
    },
  )

  app.post<{ Body: ExperimentIdBody & WireKeyValue }>(
    '/experiments/set-experiment-tag',
    {
      schema: {
        body: requestSchema({ experiment_id: STRING, key: STRING, value: STRING }, [
          'experiment_id',
          'key',
          'value',
        ]),
      },
    },
    async ({ body }) => {
      await store.setExperimentTag(body.experiment_id, body.key, body.value)
      return {}
    },
  )
}

function searchQuery(params: SearchParams): ExperimentSearchQuery {
  const maxResults = optionalInt64FromWire('max_results', params.max_results)
  return {
    ...(params.filter === undefined ? {} : { filter: params.filter }),
    ...(params.view_type === undefined ? {} : { viewType: params.view_type }),
    ...(maxResults === undefined ? {} : { maxResults }),
    // An empty token is what some clients send for the first page.
    ...(params.page_token ? { pageToken: params.page_token } : {}),
    ...(params.order_by === undefined ? {} : { orderBy: params.order_by }),
  }
}
