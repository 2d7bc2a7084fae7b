import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Counter, Gauge, type Registry } from 'prom-client'
import { keepsRequest, type PredictionLogWriter } from '../../monitoring/index.js'
import { DEFAULT_ALIAS } from '../../registry/index.js'
import { cacheOutcomeOf } from '../cache/index.js'
import type { ModelPool, ModelSelector } from '../model-pool.js'
import { taggedArm, taggedErrorDetail, taggedModel, taggedPrediction } from '../request-tags.js'
import type { ShadowAnswer } from '../traffic/traffic-router.js'
import { type ServedRequest, servedRecords } from './served-records.js'

/** What the prediction log needs of the server. */
export interface PredictionLogging {
  /** Where records go; never blocks a request (see `PredictionLogWriter`). */
  readonly writer: PredictionLogWriter
  /** Share of a model's requests kept, asked at every request (`log_sample_rate`, changeable at run time). */
  readonly sampleRate: (model: string) => number
  readonly pool: ModelPool
  /** The server's metrics registry (`ServingMetrics.registry`). */
  readonly registry: Registry
}

/**
 * Logs every answered prediction request (the sampled share of each model's) to the prediction log:
 * a record per row with its inputs, outputs, version, alias, arm, latency, cache state and error,
 * once the response is sent. Requests that failed before reaching a model (an unknown model, a body
 * that is not JSON) are not predictions of any model and are not logged; those that failed on it
 * (a bad value) are, with their error. Logging never fails a request: a record that cannot be built is
 * counted under `outcome="failed"`. Returns the logger of shadow answers (arm `shadow`, sampled with
 * the request they mirror), for the traffic router. Metrics, read from the writer at each scrape:
 * `shipyard_prediction_log_records_total{outcome="written|dropped|failed|sampled_out"}` and
 * `shipyard_prediction_log_queued_records`.
 */
export function logPredictions(
  app: FastifyInstance,
  logging: PredictionLogging,
): (answer: ShadowAnswer) => void {
  let unbuildable = 0
  // The rate is read at every request (the control API may change it), by request id: a shadow's
  // records are kept exactly when the request they mirror is.
  const keeps = (model: string, requestId: string) => keepsRequest(requestId, logging.sampleRate(model))
  // Requests not kept are counted here: the writer never sees them (their records are not built).
  let sampledOut = 0
  const record = (served: ServedRequest) => {
    try {
      for (const entry of servedRecords(served)) logging.writer.log(entry)
    } catch (error) {
      unbuildable++
      app.log.warn({ err: error, request_id: served.requestId }, 'prediction log: could not record a request')
    }
  }
  app.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const prediction = taggedPrediction(request)
    const model = taggedModel(request)
    if (prediction && model) {
      if (!keeps(model.name, request.id)) sampledOut++
      else {
        const latencyMs = reply.elapsedTime
        record({
          requestId: request.id,
          time: Date.now() - latencyMs,
          latencyMs,
          model,
          alias: aliasOf(logging.pool, prediction.selector),
          arm: taggedArm(request) ?? 'primary',
          cache: cacheOutcomeOf(request) ?? 'off',
          // A remembered body is decoded here, off the answer's path, and only when it is kept.
          rows: typeof prediction.rows === 'function' ? prediction.rows() : prediction.rows,
          results: prediction.results,
          error: taggedErrorDetail(request),
        })
      }
    }
    done()
  })
  const writer = logging.writer
  new Counter({
    name: 'shipyard_prediction_log_records_total',
    help: 'Prediction log records by outcome: written, dropped (queue full), failed (store error); sampled_out counts requests',
    labelNames: ['outcome'],
    registers: [logging.registry],
    collect() {
      const stats = writer.stats
      this.reset()
      this.inc({ outcome: 'written' }, stats.written)
      this.inc({ outcome: 'dropped' }, stats.dropped)
      this.inc({ outcome: 'failed' }, stats.failed + unbuildable)
      this.inc({ outcome: 'sampled_out' }, stats.sampledOut + sampledOut)
    },
  })
  new Gauge({
    name: 'shipyard_prediction_log_queued_records',
    help: 'Prediction log records waiting to be written',
    registers: [logging.registry],
    collect() {
      this.set(writer.stats.queued)
    },
  })
  return (answer) => {
    const { request, model } = answer
    if (!keeps(model.name, request.requestId)) {
      sampledOut++
      return
    }
    record({
      requestId: request.requestId,
      time: answer.time,
      latencyMs: answer.seconds * 1000,
      model,
      alias: aliasOf(logging.pool, answer.selector),
      arm: 'shadow',
      cache: 'off',
      rows: request.rows,
      results: answer.results,
      error: answer.error,
    })
  }
}

/** The alias a selector names, or its route serves (`production`, or the alias `--model` gave); null for a version. */
function aliasOf(pool: ModelPool, selector: ModelSelector): string | null {
  if (selector.kind === 'alias') return selector.alias
  if (selector.kind === 'version') return null
  const ref = pool.routes().find((route) => route.name === selector.name)?.ref
  if (ref === undefined) return DEFAULT_ALIAS
  return ref.kind === 'alias' ? ref.alias : null
}
