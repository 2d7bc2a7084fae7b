import type { PredictionLogStore } from '../../monitoring/index.js'
import { monitorReport, runReferenceSource } from '../../monitoring/index.js'
import type { ModelRegistry } from '../../registry/index.js'
import type { RunArtifacts, TrackingStore } from '../../tracking/index.js'
import { defineRoute, type NativeRoute } from '../native-route.js'
import { epochMillisSchema } from '../schemas/common-schemas.js'
import { type JsonSchema, strictObject } from '../schemas/json-schema.js'
import { modelNameParamsSchema } from '../schemas/model-schemas.js'
import { ok } from './json-responses.js'

/** What the monitor reads: the registry, the runs' references and the prediction log. */
export interface MonitorRouteDeps {
  readonly registry: ModelRegistry
  readonly store: TrackingStore
  readonly artifacts: RunArtifacts
  readonly predictionLog: PredictionLogStore
}

interface MonitorParams {
  readonly version?: number
  readonly window?: string
}

/** `GET /models/{name}/monitor`'s query string. */
export const monitorQuerySchema = strictObject(
  {
    version: {
      type: 'integer',
      minimum: 1,
      description: 'One version. Default: every version that answered requests in the window.',
    },
    window: {
      type: 'string',
      description: 'How far back from now: a number and a unit (s, m, h, d, w). Default 24h.',
      examples: ['24h', '7d'],
    },
  },
  { optional: ['version', 'window'] },
)

const nullableNumber = { type: ['number', 'null'] } as const

const trafficSchema = strictObject(
  {
    records: { type: 'integer', description: 'Logged rows.' },
    requests: { type: 'integer' },
    errors: { type: 'integer', description: 'Requests answered with an error.' },
    errorRate: { ...nullableNumber, description: 'errors / requests; null without requests.' },
    latencyMs: strictObject({ p50: nullableNumber, p99: nullableNumber }),
  },
  { description: 'Requests, errors and latency percentiles over the window.' },
)

// Drift and quality are described, not spelt out: their shapes are the monitoring context's
// (`DriftReport`, `LiveQuality`), versioned there, and passed through whole.
const versionMonitorSchema = strictObject(
  {
    version: { type: 'integer' },
    runId: { type: ['string', 'null'], description: 'The run that trained it; null when imported.' },
    registered: { type: 'boolean', description: 'False when the registry no longer has the version.' },
    traffic: { ...trafficSchema, description: "The version's records, shadow copies included." },
    drift: {
      type: 'object',
      additionalProperties: true,
      description:
        'Either `{available: true, liveRows, referenceRows, report}` with the drift report (per feature and the prediction: status ok/warn/drift, method, statistic, pValue, threshold, psi, reference and live histograms on the reference bins; dataset `drifted`, `share`, `driftShare`), or `{available: false, reason}`.',
    },
    quality: {
      type: ['object', 'null'],
      additionalProperties: true,
      description:
        '`{live, training}`: live metrics of the labelled rows (`task`, `loggedRows`, `labelledRows`, `coverage`, `scoredRows`, `metrics`) and the training-time ones (`dataset`, `metrics`) under the same names; null when the version is no longer registered.',
    },
  },
  { description: 'One version over the window.' },
)

/** The monitor report, as `MonitorReport` in src/monitoring/monitor/monitor-report.ts. */
export const monitorReportSchema: JsonSchema = strictObject(
  {
    reportVersion: { type: 'integer', enum: [1] },
    model: { type: 'string' },
    window: strictObject({
      since: { ...epochMillisSchema, description: 'Inclusive.' },
      until: { ...epochMillisSchema, description: 'Exclusive: when the report was made.' },
      length: { type: 'string', examples: ['24h'] },
    }),
    traffic: {
      ...trafficSchema,
      description: 'Requests clients sent to the model, whichever version answered.',
    },
    versions: { type: 'array', items: versionMonitorSchema, description: 'Ascending by version.' },
  },
  { description: "A model's traffic, drift and live quality over a window." },
)

/**
 * `GET /models/{name}/monitor?version=&window=`: the monitor report `shipyard monitor --json` prints.
 * 404 for an unknown model or version; 400 naming `version` or `window` when they do not parse.
 */
export function monitorRoutes(deps: MonitorRouteDeps): readonly NativeRoute[] {
  const references = runReferenceSource(deps.store, deps.artifacts)
  return [
    defineRoute<{ Params: { name: string }; Querystring: MonitorParams }>({
      method: 'GET',
      url: '/models/:name/monitor',
      operationId: 'monitorModel',
      summary:
        "A model's drift against its training data, live quality from feedback next to its training metrics, and its traffic, over a window ending now.",
      tag: 'models',
      params: modelNameParamsSchema,
      querystring: monitorQuerySchema,
      responses: ok('The monitor report.', monitorReportSchema),
      handler: async ({ params: { name }, query }) =>
        monitorReport(
          { registry: deps.registry, log: deps.predictionLog, references },
          {
            model: name,
            ...(query.version === undefined ? {} : { version: query.version }),
            ...(query.window === undefined ? {} : { window: query.window }),
          },
        ),
    }),
  ]
}
