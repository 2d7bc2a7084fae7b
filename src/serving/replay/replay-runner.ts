import type { ModelSignature } from '../../models/index.js'
import type { LoggedValue, PredictionRecord } from '../../monitoring/index.js'
import type { ModelRegistry } from '../../registry/index.js'
import { ShipyardError } from '../../shared/index.js'
import type { LoadedModel } from '../loaded-model.js'
import { loadModel, type ServingRegistry } from '../model-loader.js'
import { flatPrediction } from '../prediction-log/served-records.js'
import { batchFromRecords } from '../protocol/batch-builders.js'
import { type BuildFeedsOptions, buildFeeds, predictionRows, type RowBatch } from '../protocol/index.js'
import { requestRows } from './request-rows.js'

/** The registry reads a replay makes: an alias's version, and the versions it loads. */
export type ReplayRegistry = ServingRegistry & Pick<ModelRegistry, 'getModel'>

/** An error as the log keeps it: its stable code and message. */
export interface ReplayError {
  readonly code: string
  readonly message: string
}

/** What a version did with a logged request's rows: the outputs of each row, flattened, or the error. */
export type RerunOutcome =
  | { readonly kind: 'answered'; readonly outputs: readonly Record<string, LoggedValue>[] }
  | { readonly kind: 'failed'; readonly error: ReplayError }

/**
 * A logged request's rows decoded as serving decodes a body of row objects (`{"instances": [...]}`),
 * ready for `buildFeeds`; see `requestRows` for how logged inputs become rows. `answeredBy`: the
 * signature of the version that answered the request when it was logged (without an error), whose
 * inputs the request therefore sent, null or not.
 */
export function loggedBatch(
  records: readonly PredictionRecord[],
  signature: ModelSignature,
  answeredBy?: ModelSignature,
): RowBatch {
  const sent = answeredBy?.inputs.filter((input) => input.columns === undefined).map((input) => input.name)
  return batchFromRecords(
    requestRows(
      records.map((r) => r.inputs),
      signature,
      sent,
    ),
    'instances',
  )
}

/**
 * Runs a logged request's rows on `model` as the inference server would: decoded, checked against
 * the version's signature (`feeds` says how unknown columns and row counts are treated), run, and read
 * back as the log flattens outputs. A refusal or failure anywhere is the outcome, not a throw: a
 * replay reports what the version answers, errors included.
 */
export async function rerun(
  records: readonly PredictionRecord[],
  model: LoadedModel,
  feeds: BuildFeedsOptions,
  answeredBy?: ModelSignature,
): Promise<RerunOutcome> {
  try {
    const signature = model.version.signature
    const batch = loggedBatch(records, signature, answeredBy)
    const results = await model.run(buildFeeds(batch, signature, feeds))
    return { kind: 'answered', outputs: predictionRows(results, signature).map(flatPrediction) }
  } catch (error) {
    return { kind: 'failed', error: replayError(error) }
  }
}

function replayError(error: unknown): ReplayError {
  if (error instanceof ShipyardError) return { code: error.code, message: error.message }
  // Serving answers anything else (onnxruntime refusing a feed) as an internal error.
  return { code: 'INTERNAL_ERROR', message: error instanceof Error ? error.message : String(error) }
}

/**
 * The versions one replay runs, each loaded into onnxruntime once (on first use) and released by
 * `release`. Not shared between replays: a replay is short and its versions are few.
 */
export class ReplayModels {
  readonly #registry: ReplayRegistry
  readonly #loaded = new Map<string, Promise<LoadedModel>>()

  constructor(registry: ReplayRegistry) {
    this.#registry = registry
  }

  /** The loaded version; throws what serving's `loadModel` throws (unknown version, corrupt bytes). */
  get(name: string, version: number): Promise<LoadedModel> {
    const key = `${name}\u0000${version}`
    let model = this.#loaded.get(key)
    if (model === undefined) {
      // One run per request, straight to the session: nothing runs concurrently to batch with.
      model = loadModel(this.#registry, name, version, { batching: { maxRows: 1 } })
      this.#loaded.set(key, model)
    }
    return model
  }

  /** Frees every loaded session; versions that failed to load are skipped. */
  async release(): Promise<void> {
    const settled = await Promise.allSettled(this.#loaded.values())
    this.#loaded.clear()
    await Promise.all(settled.map((s) => (s.status === 'fulfilled' ? s.value.retire() : undefined)))
  }
}
