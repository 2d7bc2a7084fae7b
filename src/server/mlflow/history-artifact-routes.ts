import type { FastifyInstance } from 'fastify'
import type { MlflowRouteDeps } from './mlflow-routes.js'
import { fileInfoToWire, metricToWire, runIdFromWire } from './wire-mapping.js'
import { RUN_ID_PROPERTIES, requestSchema, STRING } from './wire-schemas.js'

interface RunIdQuery {
  readonly run_id?: string
  readonly run_uuid?: string
}

/** The two read-only run views: `metrics/get-history` and `artifacts/list`. */
export function registerHistoryAndArtifactRoutes(
  app: FastifyInstance,
  { store, artifacts }: MlflowRouteDeps,
): void {
  app.get<{ Querystring: RunIdQuery & { metric_key: string } }>(
    '/metrics/get-history',
    { schema: { querystring: requestSchema({ ...RUN_ID_PROPERTIES, metric_key: STRING }, ['metric_key']) } },
    async ({ query }) => {
      const history = await store.getMetricHistory(runIdFromWire(query), query.metric_key)
      return { metrics: history.map(metricToWire) }
    },
  )

  app.get<{ Querystring: RunIdQuery & { path?: string } }>(
    '/artifacts/list',
    { schema: { querystring: requestSchema({ ...RUN_ID_PROPERTIES, path: STRING }) } },
    async ({ query }) => {
      // The run is read first so that an unknown run is RESOURCE_DOES_NOT_EXIST, not an empty listing.
      const { info } = await store.getRun(runIdFromWire(query))
      const files = await artifacts.list(info, query.path ?? '')
      return { root_uri: info.artifactUri, files: files.map(fileInfoToWire) }
    },
  )
}
