import type { FastifyInstance } from 'fastify'
import { MLFLOW_BATCH_LIMITS, validateBatchSize } from '../../tracking/index.js'
import type { MlflowRouteDeps } from './mlflow-routes.js'
import { metricFromWire, runIdFromWire, type WireKeyValue, type WireMetricInput } from './wire-mapping.js'
import {
  DOUBLE,
  INT64,
  KEY_VALUE_LIST,
  METRIC,
  RUN_ID_PROPERTIES,
  requestSchema,
  STRING,
} from './wire-schemas.js'

interface RunIdBody {
  readonly run_id?: string
  readonly run_uuid?: string
}

interface LogBatchBody extends RunIdBody {
  readonly metrics?: readonly WireMetricInput[]
  readonly params?: readonly WireKeyValue[]
  readonly tags?: readonly WireKeyValue[]
}

/** MLflow's limit on a log-batch request: 1 MB of JSON. */
export const LOG_BATCH_BODY_LIMIT = 1024 * 1024

const keyValueSchema = requestSchema({ ...RUN_ID_PROPERTIES, key: STRING, value: STRING }, ['key', 'value'])

/**
 * Logging to a run: log-metric, log-parameter, set-tag, delete-tag and log-batch. Each single-value
 * endpoint is a one-entry batch, so the store's validation (key and value limits, batch limits, the
 * run being active) applies alike everywhere and names the field that is wrong.
 */
export function registerRunLoggingRoutes(app: FastifyInstance, { store }: MlflowRouteDeps): void {
  app.post<{ Body: RunIdBody & WireMetricInput }>(
    '/runs/log-metric',
    {
      schema: {
        body: requestSchema(
          { ...RUN_ID_PROPERTIES, key: STRING, value: DOUBLE, timestamp: INT64, step: INT64 },
          ['key', 'value', 'timestamp'],
        ),
      },
    },
    async ({ body }) => {
      await store.logBatch(runIdFromWire(body), { metrics: [metricFromWire('', body)] })
      return {}
    },
  )

  app.post<{ Body: RunIdBody & WireKeyValue }>(
    '/runs/log-parameter',
    { schema: { body: keyValueSchema } },
    async ({ body }) => {
      await store.logBatch(runIdFromWire(body), { params: [{ key: body.key, value: body.value }] })
      return {}
    },
  )

  app.post<{ Body: RunIdBody & WireKeyValue }>(
    '/runs/set-tag',
    { schema: { body: keyValueSchema } },
    async ({ body }) => {
      await store.logBatch(runIdFromWire(body), { tags: [{ key: body.key, value: body.value }] })
      return {}
    },
  )

  app.post<{ Body: RunIdBody & { key: string } }>(
    '/runs/delete-tag',
    { schema: { body: requestSchema({ ...RUN_ID_PROPERTIES, key: STRING }, ['key']) } },
    async ({ body }) => {
      await store.deleteTag(runIdFromWire(body), body.key)
      return {}
    },
  )

  app.post<{ Body: LogBatchBody }>(
    '/runs/log-batch',
    {
      bodyLimit: LOG_BATCH_BODY_LIMIT,
      schema: {
        body: requestSchema({
          ...RUN_ID_PROPERTIES,
          metrics: { type: 'array', items: METRIC, description: 'expected a list of metrics' },
          params: KEY_VALUE_LIST,
          tags: KEY_VALUE_LIST,
        }),
      },
    },
    async ({ body }) => {
      const runId = runIdFromWire(body)
      const batch = {
        metrics: (body.metrics ?? []).map((metric, i) => metricFromWire(`metrics[${i}]`, metric)),
        params: (body.params ?? []).map(keyValue),
        tags: (body.tags ?? []).map(keyValue),
      }
      // MLflow's per-request limits belong to the wire; an in-process store may take larger batches.
      validateBatchSize(batch, MLFLOW_BATCH_LIMITS)
      await store.logBatch(runId, batch)
      return {}
    },
  )
}

/** Drops whatever else a client sent along with a pair. */
function keyValue({ key, value }: WireKeyValue): WireKeyValue {
  return { key, value }
}
