import {
  type ColumnValues,
  type DriftOptions,
  type DriftReport,
  driftReport,
  type FeatureReference,
  type ReferenceProfile,
} from '../drift/index.js'
import type { PredictionLogStore, PredictionQuery } from '../prediction-log/index.js'

/** A version's drift over a window, or why there is none. Plain JSON. */
export type DriftSection =
  | {
      readonly available: true
      /** Live rows compared: the successful predictions of the window. */
      readonly liveRows: number
      /** Rows of the training data the reference was built from. */
      readonly referenceRows: number
      readonly report: DriftReport
    }
  | { readonly available: false; readonly reason: string }

/**
 * Compares a window of a version's successful predictions with its reference: each feature's
 * logged input (`inputs.<name>`) and the reference's prediction output (`outputs.<name>`), read from
 * the log as columns. Numbers a client sent as text (`"42"`) are read as numbers for a numeric
 * feature; anything else is missing. Failed requests are left out: their inputs are often the reason
 * they failed, and they have no prediction.
 */
export async function versionDrift(
  log: Pick<PredictionLogStore, 'columns'>,
  query: PredictionQuery,
  reference: ReferenceProfile,
  options: DriftOptions = {},
): Promise<DriftSection> {
  const compared = reference.prediction ? [...reference.features, reference.prediction] : reference.features
  const logName = (f: FeatureReference) =>
    f === reference.prediction ? `outputs.${f.name}` : `inputs.${f.name}`
  const { rowCount, columns } = await log.columns({ ...query, errors: false }, compared.map(logName))
  if (rowCount === 0) {
    return { available: false, reason: `no successful predictions of version ${query.version} in the window` }
  }
  const live = new Map<string, ColumnValues>()
  for (const feature of compared) {
    const values = columns.get(logName(feature))!
    live.set(feature.name, feature.kind === 'numeric' ? asNumbers(values) : values)
  }
  return {
    available: true,
    liveRows: rowCount,
    referenceRows: reference.rows,
    report: driftReport(reference, live, options),
  }
}

function asNumbers(values: Float64Array | readonly (string | null)[]): Float64Array {
  if (values instanceof Float64Array) return values
  return Float64Array.from(values, (v) => (v === null || v.trim() === '' ? Number.NaN : Number(v)))
}
