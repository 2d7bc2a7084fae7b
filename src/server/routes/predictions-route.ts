import {
  CACHE_STATES,
  loggedRequest,
  MAX_SEARCH_LIMIT,
  type PredictionLogStore,
  type PredictionQuery,
  parseTimeBound,
  TRAFFIC_ARMS,
} from '../../monitoring/index.js'
import { defineRoute, type NativeRoute } from '../native-route.js'
import { epochMillisSchema } from '../schemas/common-schemas.js'
import { strictObject } from '../schemas/json-schema.js'
import { ok } from './json-responses.js'

interface SearchPredictionsParams {
  readonly model?: string
  readonly version?: number
  readonly since?: string
  readonly until?: string
  readonly errors?: boolean
  readonly where?: string
  readonly limit?: number
}

const TIME_FORMS = 'a duration back from now (`30m`, `1h`, `7d`), an ISO 8601 instant or epoch milliseconds'

/** `GET /predictions`: the search filters of `shipyard logs`. */
export const searchPredictionsQuerySchema = strictObject(
  {
    model: { type: 'string', description: 'Only this model.' },
    version: { type: 'integer', minimum: 1, description: 'Only this version.' },
    since: { type: 'string', description: `From this time on (inclusive): ${TIME_FORMS}.`, examples: ['1h'] },
    until: { type: 'string', description: `Before this time (exclusive): ${TIME_FORMS}.` },
    errors: {
      type: 'boolean',
      description: 'Only requests that failed (true) or only those that did not (false).',
    },
    where: {
      type: 'string',
      description:
        "A filter over the record: `inputs.<name>`, `outputs.<name>` and the record's columns (`latency_ms`, `arm`...) compared with `= <> < <= > >=`, `in (...)`, `is [not] null`, joined with `and`, `or`, `not`.",
      examples: ['inputs.age > 60 and outputs.probability > 0.9'],
    },
    limit: {
      type: 'integer',
      minimum: 1,
      maximum: MAX_SEARCH_LIMIT,
      description: `Most records, newest first. Default 100; at most ${MAX_SEARCH_LIMIT}.`,
    },
  },
  { optional: ['model', 'version', 'since', 'until', 'errors', 'where', 'limit'] },
)

const loggedValuesSchema = {
  type: 'object',
  additionalProperties: { type: ['number', 'string', 'boolean'] },
} as const

/** One logged row, as `PredictionRecord` in src/monitoring/prediction-log/prediction-log.ts. */
export const predictionRecordSchema = strictObject(
  {
    requestId: { type: 'string' },
    row: { type: 'integer', description: "The row's 0-based place in its request." },
    time: { ...epochMillisSchema, description: 'When the request arrived, epoch milliseconds.' },
    model: { type: 'string' },
    version: {
      type: ['integer', 'null'],
      description: 'The version that answered; null when none was resolved.',
    },
    alias: { type: ['string', 'null'], description: 'The alias the request named or its route served.' },
    arm: { type: 'string', enum: [...TRAFFIC_ARMS] },
    inputs: {
      ...loggedValuesSchema,
      description: "The row's input columns as sent (missing values absent).",
    },
    outputs: {
      ...loggedValuesSchema,
      description:
        'The answer, flattened: `prediction` (regressors); `label`, `probabilities.<class>` and, for two classes, `probability` (classifiers). Empty when the request failed.',
    },
    latencyMs: { type: 'number', description: "The whole request's time to answer, ms." },
    cache: { type: 'string', enum: [...CACHE_STATES] },
    errorCode: { type: ['string', 'null'] },
    errorMessage: { type: ['string', 'null'] },
  },
  { description: 'One predicted row of one served request.' },
)

const predictionListSchema = strictObject(
  { predictions: { type: 'array', items: predictionRecordSchema } },
  { description: 'Logged rows, newest first.' },
)

const loggedRequestSchema = strictObject(
  { requestId: { type: 'string' }, predictions: { type: 'array', items: predictionRecordSchema } },
  { description: "A request's records: the answering arm's rows, then a shadow's, each by row." },
)

/**
 * `/predictions`: search the prediction log with the filters and semantics of `shipyard logs`
 * (`since=1h` is an hour before the server's now), and read one request's records whole. A bad
 * parameter is a 400 `INVALID_PARAMETER_VALUE` naming it (a bad `where` also its position and token);
 * an unknown request id a 404.
 */
export function predictionRoutes(log: PredictionLogStore): readonly NativeRoute[] {
  const tag = 'predictions'
  return [
    defineRoute<{ Querystring: SearchPredictionsParams }>({
      method: 'GET',
      url: '/predictions',
      operationId: 'searchPredictions',
      summary:
        'Searches the prediction log, newest first, by model, version, time, errors and a filter on inputs and outputs.',
      tag,
      querystring: searchPredictionsQuerySchema,
      responses: ok('The matching logged rows, newest first.', predictionListSchema),
      handler: async ({ query }) => ({ predictions: await log.search(predictionQuery(query, Date.now())) }),
    }),
    defineRoute<{ Params: { requestId: string } }>({
      method: 'GET',
      url: '/predictions/:requestId',
      operationId: 'getLoggedRequest',
      summary:
        "One request's logged records whole: each row's inputs and outputs, or the error it ended with.",
      tag,
      params: strictObject({
        requestId: { type: 'string', description: 'The request id the server answered with.' },
      }),
      responses: ok("The request's records.", loggedRequestSchema),
      handler: async ({ params: { requestId } }) => ({
        requestId,
        predictions: await loggedRequest(log, requestId),
      }),
    }),
  ]
}

function predictionQuery(query: SearchPredictionsParams, now: number): PredictionQuery {
  return {
    ...query,
    since: query.since === undefined ? undefined : parseTimeBound('since', query.since, now),
    until: query.until === undefined ? undefined : parseTimeBound('until', query.until, now),
  }
}
