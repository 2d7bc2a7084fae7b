import type {
  CreateRunInput,
  LogBatchInput,
  SearchRunsQuery,
  TrackingStore,
  UpdateRunInput,
} from '../../tracking/index.js'
import { MLFLOW_BATCH_LIMITS, validateBatchSize } from '../../tracking/index.js'
import { defineRoute, type NativeRoute } from '../native-route.js'
import { decodeMetric, encodeMetric, type WireMetric } from '../schemas/metric-schemas.js'
import {
  createRunBodySchema,
  keyQuerySchema,
  logBatchBodySchema,
  metricHistorySchema,
  runIdParamsSchema,
  runInfoSchema,
  runPageSchema,
  runSchema,
  searchRunsBodySchema,
  updateRunBodySchema,
} from '../schemas/run-schemas.js'
import { created, json, NO_CONTENT, ok } from './json-responses.js'
import { encodeRun, encodeRunPage } from './run-wire.js'

type ById = { Params: { runId: string } }
type WireBatch = Omit<LogBatchInput, 'metrics'> & { readonly metrics?: readonly WireMetric[] }

/**
 * `/runs`: the run lifecycle, batch logging, metric history and search, one route per
 * `TrackingStore` method. Keys travel in query strings, never as path segments, so that any key
 * reaches the store (which owns validation) exactly as given.
 */
export function runRoutes(store: TrackingStore): readonly NativeRoute[] {
  const tag = 'runs'
  const params = runIdParamsSchema
  return [
    defineRoute<{ Body: CreateRunInput }>({
      method: 'POST',
      url: '/runs',
      operationId: 'createRun',
      summary: 'Starts a run in RUNNING state, in an active experiment.',
      tag,
      body: json(createRunBodySchema),
      responses: created('The new run.', runSchema),
      handler: async (request, reply) => reply.code(201).send(encodeRun(await store.createRun(request.body))),
    }),
    defineRoute<{ Body: SearchRunsQuery }>({
      method: 'POST',
      url: '/runs/search',
      operationId: 'searchRuns',
      summary: 'Searches runs across experiments with a filter and an order.',
      tag,
      body: json(searchRunsBodySchema),
      responses: ok('A page of runs.', runPageSchema),
      handler: async (request) => encodeRunPage(await store.searchRuns(request.body)),
    }),
    defineRoute<ById>({
      method: 'GET',
      url: '/runs/:runId',
      operationId: 'getRun',
      summary: 'Reads a run with its params, tags and latest metrics.',
      tag,
      params,
      responses: ok('The run.', runSchema),
      handler: async (request) => encodeRun(await store.getRun(request.params.runId)),
    }),
    defineRoute<ById & { Body: UpdateRunInput }>({
      method: 'PATCH',
      url: '/runs/:runId',
      operationId: 'updateRun',
      summary: 'Sets status, end time or name; a terminal status without an end time ends the run now.',
      tag,
      params,
      body: json(updateRunBodySchema),
      responses: ok("The run's updated metadata.", runInfoSchema),
      handler: async (request) => store.updateRun(request.params.runId, request.body),
    }),
    defineRoute<ById>({
      method: 'DELETE',
      url: '/runs/:runId',
      operationId: 'deleteRun',
      summary: 'Soft-deletes a run.',
      tag,
      params,
      responses: NO_CONTENT,
      handler: async (request, reply) => {
        await store.deleteRun(request.params.runId)
        return reply.code(204).send()
      },
    }),
    defineRoute<ById>({
      method: 'POST',
      url: '/runs/:runId/restore',
      operationId: 'restoreRun',
      summary: 'Restores a deleted run.',
      tag,
      params,
      responses: NO_CONTENT,
      handler: async (request, reply) => {
        await store.restoreRun(request.params.runId)
        return reply.code(204).send()
      },
    }),
    defineRoute<ById & { Body: WireBatch }>({
      method: 'POST',
      url: '/runs/:runId/batch',
      operationId: 'logBatch',
      summary: 'Logs metrics, params and tags in one atomic write.',
      tag,
      params,
      body: json(logBatchBodySchema),
      responses: NO_CONTENT,
      handler: async (request, reply) => {
        const { metrics, ...rest } = request.body
        const batch = metrics ? { ...rest, metrics: metrics.map(decodeMetric) } : rest
        // MLflow's per-request limits belong to the wire; an in-process store may take larger batches.
        validateBatchSize(batch, MLFLOW_BATCH_LIMITS)
        await store.logBatch(request.params.runId, batch)
        return reply.code(204).send()
      },
    }),
    defineRoute<ById & { Querystring: { key: string } }>({
      method: 'DELETE',
      url: '/runs/:runId/tags',
      operationId: 'deleteTag',
      summary: 'Deletes one tag of a run.',
      tag,
      params,
      querystring: keyQuerySchema,
      responses: NO_CONTENT,
      handler: async (request, reply) => {
        await store.deleteTag(request.params.runId, request.query.key)
        return reply.code(204).send()
      },
    }),
    defineRoute<ById & { Querystring: { key: string } }>({
      method: 'GET',
      url: '/runs/:runId/metrics/history',
      operationId: 'getMetricHistory',
      summary: 'Every point of one metric, by step then timestamp.',
      tag,
      params,
      querystring: keyQuerySchema,
      responses: ok("The metric's points.", metricHistorySchema),
      handler: async (request) => {
        const points = await store.getMetricHistory(request.params.runId, request.query.key)
        return { metrics: points.map(encodeMetric) }
      },
    }),
  ]
}
