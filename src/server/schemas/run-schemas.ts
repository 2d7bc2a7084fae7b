import {
  epochMillisSchema,
  keyValueSchema,
  lifecycleStageSchema,
  maxResultsSchema,
  pageSchema,
  pageTokenSchema,
  stringMapSchema,
  viewTypeSchema,
} from './common-schemas.js'
import { strictObject } from './json-schema.js'
import { metricSchema } from './metric-schemas.js'

const runStatusSchema = {
  type: 'string',
  enum: ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'],
} as const

/** A run's metadata, as `RunInfo` in src/tracking/types.ts. */
export const runInfoSchema = strictObject({
  runId: { type: 'string' },
  runName: { type: 'string' },
  experimentId: { type: 'string' },
  userId: { type: 'string' },
  status: runStatusSchema,
  startTime: epochMillisSchema,
  endTime: {
    type: ['integer', 'null'],
    description: 'Epoch milliseconds; null while the run is unfinished.',
  },
  lifecycleStage: lifecycleStageSchema,
  artifactUri: { type: 'string' },
  parentRunId: { type: ['string', 'null'] },
})

/** What a run logged: params, tags and the latest point of each metric. */
export const runDataSchema = strictObject({
  params: stringMapSchema,
  tags: stringMapSchema,
  metrics: {
    type: 'object',
    description: 'The latest point of each metric, by key.',
    additionalProperties: metricSchema,
  },
})

/** A run, as `Run` in src/tracking/types.ts. */
export const runSchema = strictObject({ info: runInfoSchema, data: runDataSchema }, { description: 'A run.' })

/** A page of runs. */
export const runPageSchema = pageSchema(runSchema, 'A page of runs, in the requested order.')

/** `:runId` in a path. */
export const runIdParamsSchema = strictObject({ runId: { type: 'string' } })

/** `POST /runs`. */
export const createRunBodySchema = strictObject(
  {
    experimentId: { type: 'string', description: "Default: the Default experiment '0'." },
    runName: { type: 'string', description: 'Default: a generated two-word name.' },
    startTime: { ...epochMillisSchema, description: 'Epoch milliseconds; default now.' },
    userId: { type: 'string' },
    parentRunId: { type: 'string' },
    tags: stringMapSchema,
  },
  { optional: ['experimentId', 'runName', 'startTime', 'userId', 'parentRunId', 'tags'] },
)

/** `PATCH /runs/:runId`. */
export const updateRunBodySchema = strictObject(
  {
    status: runStatusSchema,
    endTime: { ...epochMillisSchema, description: 'Default when moving to a terminal status: now.' },
    runName: { type: 'string' },
  },
  { optional: ['status', 'endTime', 'runName'] },
)

/** `POST /runs/:runId/batch`: one atomic write. The store enforces MLflow's size limits. */
export const logBatchBodySchema = strictObject(
  {
    metrics: { type: 'array', items: metricSchema },
    params: { type: 'array', items: keyValueSchema },
    tags: { type: 'array', items: keyValueSchema },
  },
  { optional: ['metrics', 'params', 'tags'] },
)

/** `?key=`: the tag or metric key, in the query so that any string (even `..`) survives the URL. */
export const keyQuerySchema = strictObject({ key: { type: 'string' } })

/** `GET /runs/:runId/metrics/history`. */
export const metricHistorySchema = strictObject(
  { metrics: { type: 'array', items: metricSchema } },
  { description: 'Every point of one metric, by step then timestamp.' },
)

/** `POST /runs/search`: `SearchRunsQuery`. */
export const searchRunsBodySchema = strictObject(
  {
    experimentIds: {
      type: 'array',
      items: { type: 'string' },
      description: 'Empty or absent: every experiment.',
    },
    filter: { type: 'string', examples: ["metrics.auc > 0.8 and params.model = 'gbdt'"] },
    orderBy: {
      type: 'array',
      items: { type: 'string' },
      examples: [['metrics.auc DESC', 'attributes.start_time']],
    },
    viewType: viewTypeSchema,
    maxResults: maxResultsSchema,
    pageToken: pageTokenSchema,
  },
  { optional: ['experimentIds', 'filter', 'orderBy', 'viewType', 'maxResults', 'pageToken'] },
)
